/**
 * Pseudo-instructions, part 1: constants and addresses (li, la, li.s, li.d), ALU operations with
 * an immediate or an out-of-range immediate, shifts by a register, rotates, abs, and the SPIM/GNU
 * set-on-condition family. Each expander returns the real operations (sizes fixed in pass 1: a
 * constant picks the shortest form, a label always takes lui + addiu) or undefined when the
 * operands do not fit its shapes. $at (register 1) is the scratch register, as in GNU as and SPIM.
 */

import { ColumnError } from './errors.ts';
import type { ConstOf } from './match.ts';
import type { Operand } from './operands.ts';
import { full, half, ins, type MachineOp } from './ops.ts';

export const ZERO = 0;
export const AT = 1;

export type Expansion = MachineOp[] | ColumnError | undefined;
export type Expander = (ops: Operand[], constOf: ConstOf) => Expansion;

export const isReg = (o: Operand | undefined): o is Operand & { kind: 'gpr' } => o?.kind === 'gpr';
export const isExpr = (o: Operand | undefined): o is Operand & { kind: 'expr' } =>
  o?.kind === 'expr';

/** Shortest sequence loading the 32-bit constant `v` into `rd`. */
export function liConst(rd: number, v: number, op: Operand): MachineOp[] | ColumnError {
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
    return new ColumnError(op.col, `immediate \`${op.text}\` does not fit in 32 bits`);
  }
  const s = v | 0;
  const u = v >>> 0;
  if (s >= -32768 && s <= 32767) return [ins('addiu', rd, ZERO, s)];
  if (u <= 0xffff) return [ins('ori', rd, ZERO, u)];
  const ops = [ins('lui', rd, u >>> 16)];
  if ((u & 0xffff) !== 0) ops.push(ins('ori', rd, rd, u & 0xffff));
  return ops;
}

/** Load operand `op` (constant or address expression) into `rd`. */
export function loadValue(rd: number, op: Operand, constOf: ConstOf): MachineOp[] | ColumnError {
  if (op.kind !== 'expr') return new ColumnError(op.col, `expected a value, not \`${op.text}\``);
  const v = constOf(op.expr);
  if (v !== undefined) return liConst(rd, v, op);
  const arg = full(op.expr, op.text, op.col);
  return [ins('lui', rd, half(arg, 'hi')), ins('addiu', rd, rd, half(arg, 'lo'))];
}

function expandLi(ops: Operand[], constOf: ConstOf): Expansion {
  const [rd, val, ...rest] = ops;
  if (!isReg(rd) || !isExpr(val) || rest.length > 0) return undefined;
  return loadValue(rd.n, val, constOf);
}

function expandLa(ops: Operand[], constOf: ConstOf): Expansion {
  const [rd, addr, ...rest] = ops;
  if (!isReg(rd) || !addr || rest.length > 0) return undefined;
  if (addr.kind === 'expr') return loadValue(rd.n, addr, constOf);
  if (addr.kind !== 'mem') return undefined;
  if (!addr.expr) return [ins('addiu', rd.n, addr.base, 0)];
  const v = constOf(addr.expr);
  if (v !== undefined && v >= -32768 && v <= 32767) return [ins('addiu', rd.n, addr.base, v)];
  const arg = full(addr.expr, addr.text, addr.col);
  return [
    ins('lui', AT, half(arg, 'hi')),
    ins('addiu', AT, AT, half(arg, 'lo')),
    ins('addu', rd.n, AT, addr.base),
  ];
}

/** Register form and immediate form of each ALU operation; `signed` says how the immediate is read. */
const ALU: Record<string, { reg: string; imm?: string; signed?: boolean; negate?: boolean }> = {
  add: { reg: 'add', imm: 'addi', signed: true },
  addu: { reg: 'addu', imm: 'addiu', signed: true },
  sub: { reg: 'sub', imm: 'addi', signed: true, negate: true },
  subu: { reg: 'subu', imm: 'addiu', signed: true, negate: true },
  and: { reg: 'and', imm: 'andi' },
  or: { reg: 'or', imm: 'ori' },
  xor: { reg: 'xor', imm: 'xori' },
  nor: { reg: 'nor' },
  slt: { reg: 'slt', imm: 'slti', signed: true },
  sltu: { reg: 'sltu', imm: 'sltiu', signed: true },
  mul: { reg: 'mul' },
  addi: { reg: 'add', imm: 'addi', signed: true },
  addiu: { reg: 'addu', imm: 'addiu', signed: true },
  andi: { reg: 'and', imm: 'andi' },
  ori: { reg: 'or', imm: 'ori' },
  xori: { reg: 'xor', imm: 'xori' },
  slti: { reg: 'slt', imm: 'slti', signed: true },
  sltiu: { reg: 'sltu', imm: 'sltiu', signed: true },
};

/** `op rd, rs, imm` (or `op rd, imm` meaning rd = rd op imm) with any 32-bit immediate. */
function expandAlu(name: string): Expander {
  const form = ALU[name]!;
  return (ops, constOf) => {
    const [rd, rs, val] = ops.length === 2 ? [ops[0], ops[0], ops[1]] : ops;
    if (ops.length > 3 || !isReg(rd) || !isReg(rs) || !val) return undefined;
    if (isReg(val)) return ops.length === 2 ? [ins(form.reg, rd.n, rs.n, val.n)] : undefined;
    if (!isExpr(val)) return undefined;
    const v = constOf(val.expr);
    if (v !== undefined && form.imm) {
      const k = form.negate ? -v : v;
      const fits = form.signed ? k >= -32768 && k <= 32767 : k >= 0 && k <= 0xffff;
      if (fits) return [ins(form.imm, rd.n, rs.n, k)];
    }
    const load = v !== undefined ? liConst(AT, v, val) : loadValue(AT, val, constOf);
    if (load instanceof ColumnError) return load;
    return [...load, ins(form.reg, rd.n, rs.n, AT)];
  };
}

/** sll/srl/sra with a register shift amount become sllv/srlv/srav. */
function expandShift(name: string): Expander {
  return ([rd, rt, rs, ...rest]) => {
    if (!isReg(rd) || !isReg(rt) || !isReg(rs) || rest.length > 0) return undefined;
    return [ins(`${name}v`, rd.n, rt.n, rs.n)];
  };
}

/** rol/ror by a register or a constant, through $at (MIPS32r1 has no rotate). */
function expandRotate(left: boolean): Expander {
  const [first, second] = left ? ['sll', 'srl'] : ['srl', 'sll'];
  return ([rd, rs, amt, ...rest], constOf) => {
    if (!isReg(rd) || !isReg(rs) || !amt || rest.length > 0) return undefined;
    if (isReg(amt)) {
      return [
        ins('subu', AT, ZERO, amt.n),
        ins(`${second}v`, AT, rs.n, AT),
        ins(`${first}v`, rd.n, rs.n, amt.n),
        ins('or', rd.n, rd.n, AT),
      ];
    }
    const n = isExpr(amt) ? constOf(amt.expr) : undefined;
    if (n === undefined)
      return new ColumnError(amt.col, `rotate amount \`${amt.text}\` must be a constant`);
    return [
      ins(first, AT, rs.n, n & 31),
      ins(second, rd.n, rs.n, (32 - (n & 31)) & 31),
      ins('or', rd.n, rd.n, AT),
    ];
  };
}

/** abs rd, rs — branch-free, as SPIM expands it. */
const expandAbs: Expander = ([rd, rs, ...rest]) => {
  if (!isReg(rd) || (rs !== undefined && !isReg(rs)) || rest.length > 0) return undefined;
  const src = rs ? rs.n : rd.n;
  return [ins('sra', AT, src, 31), ins('xor', rd.n, src, AT), ins('subu', rd.n, rd.n, AT)];
};

/** The second source of a three-operand pseudo: a register, or a value loaded into $at. */
export function sourceReg(
  op: Operand,
  constOf: ConstOf,
): { pre: MachineOp[]; reg: number } | ColumnError {
  if (isReg(op)) return { pre: [], reg: op.n };
  const load = loadValue(AT, op, constOf);
  return load instanceof ColumnError ? load : { pre: load, reg: AT };
}

/** seq/sne/sgt/sge/sle (and unsigned): a set-on-less-than, maybe inverted. */
const SET: Record<string, (rd: number, rs: number, rt: number) => MachineOp[]> = {
  seq: (rd, rs, rt) => [ins('xor', rd, rs, rt), ins('sltiu', rd, rd, 1)],
  sne: (rd, rs, rt) => [ins('xor', rd, rs, rt), ins('sltu', rd, ZERO, rd)],
  sgt: (rd, rs, rt) => [ins('slt', rd, rt, rs)],
  sgtu: (rd, rs, rt) => [ins('sltu', rd, rt, rs)],
  sge: (rd, rs, rt) => [ins('slt', rd, rs, rt), ins('xori', rd, rd, 1)],
  sgeu: (rd, rs, rt) => [ins('sltu', rd, rs, rt), ins('xori', rd, rd, 1)],
  sle: (rd, rs, rt) => [ins('slt', rd, rt, rs), ins('xori', rd, rd, 1)],
  sleu: (rd, rs, rt) => [ins('sltu', rd, rt, rs), ins('xori', rd, rd, 1)],
};

function expandSet(name: string): Expander {
  return ([rd, rs, rt, ...rest], constOf) => {
    if (!isReg(rd) || !isReg(rs) || !rt || rest.length > 0) return undefined;
    const src = sourceReg(rt, constOf);
    if (src instanceof ColumnError) return src;
    return [...src.pre, ...SET[name]!(rd.n, rs.n, src.reg)];
  };
}

export const CORE_PSEUDOS: Record<string, Expander> = {
  li: expandLi,
  la: expandLa,
  abs: expandAbs,
  rol: expandRotate(true),
  ror: expandRotate(false),
  sll: expandShift('sll'),
  srl: expandShift('srl'),
  sra: expandShift('sra'),
  ...Object.fromEntries(Object.keys(ALU).map((m) => [m, expandAlu(m)])),
  ...Object.fromEntries(Object.keys(SET).map((m) => [m, expandSet(m)])),
};
