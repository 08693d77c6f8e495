/**
 * Pseudo-instructions, part 2: control flow and checked arithmetic. Compare-and-branch (blt, bgt,
 * ble, bge and unsigned forms, beq/bne against a constant), jumps through a register written
 * `j $ra`, and the SPIM divide/remainder and overflow-checking multiplies, which trap with
 * `break 0`. Branches inside an expansion fill their own delay slot with a useful instruction, so
 * the result is the same in `.set reorder` and `.set noreorder`.
 */

import { ColumnError } from './errors.ts';
import type { ConstOf } from './match.ts';
import type { Operand } from './operands.ts';
import { type ExprArg, full, ins, type MachineOp } from './ops.ts';
import { AT, type Expander, isExpr, isReg, sourceReg, ZERO } from './pseudo.ts';

/** Branch target `off` bytes after the first instruction of the expansion. */
function local(off: number, op: Operand): ExprArg {
  return { expr: { k: 'here', off }, part: 'full', text: op.text, col: op.col };
}

/** slt or sltu, operand order, and which branch (bne: taken if set; beq: taken if clear). */
const COMPARE: Record<string, { slt: string; swap: boolean; br: 'bne' | 'beq'; zero: string }> = {
  blt: { slt: 'slt', swap: false, br: 'bne', zero: 'bltz' },
  bgt: { slt: 'slt', swap: true, br: 'bne', zero: 'bgtz' },
  ble: { slt: 'slt', swap: true, br: 'beq', zero: 'blez' },
  bge: { slt: 'slt', swap: false, br: 'beq', zero: 'bgez' },
  bltu: { slt: 'sltu', swap: false, br: 'bne', zero: '' },
  bgtu: { slt: 'sltu', swap: true, br: 'bne', zero: '' },
  bleu: { slt: 'sltu', swap: true, br: 'beq', zero: '' },
  bgeu: { slt: 'sltu', swap: false, br: 'beq', zero: '' },
};

function isZero(op: Operand, constOf: ConstOf): boolean {
  return (isReg(op) && op.n === ZERO) || (isExpr(op) && constOf(op.expr) === 0);
}

function expandCompare(name: string): Expander {
  const c = COMPARE[name]!;
  return ([rs, rt, target, ...rest], constOf) => {
    if (!isReg(rs) || !rt || !isExpr(target) || rest.length > 0) return undefined;
    const label = full(target.expr, target.text, target.col);
    if (c.zero && isZero(rt, constOf)) return [ins(c.zero, rs.n, label)];
    const src = sourceReg(rt, constOf);
    if (src instanceof ColumnError) return src;
    const [a, b] = c.swap ? [src.reg, rs.n] : [rs.n, src.reg];
    return [...src.pre, ins(c.slt, AT, a, b), ins(c.br, AT, ZERO, label)];
  };
}

/** beq/bne rs, constant, label. */
function expandBranchImm(name: string): Expander {
  return ([rs, val, target, ...rest], constOf) => {
    if (!isReg(rs) || !isExpr(val) || !isExpr(target) || rest.length > 0) return undefined;
    const label = full(target.expr, target.text, target.col);
    if (isZero(val, constOf)) return [ins(name, rs.n, ZERO, label)];
    const src = sourceReg(val, constOf);
    if (src instanceof ColumnError) return src;
    return [...src.pre, ins(name, rs.n, src.reg, label)];
  };
}

/** div/divu/rem/remu rd, rs, rt: trap on a zero divisor, then read LO (quotient) or HI. */
function expandDivide(div: 'div' | 'divu', result: 'mflo' | 'mfhi'): Expander {
  return (ops, constOf) => {
    const [rd, rs, rt, ...rest] = ops;
    if (!isReg(rd) || !isReg(rs) || !rt || rest.length > 0) return undefined;
    // GNU's `div $zero, rs, rt` is the bare instruction.
    if (result === 'mflo' && rd.n === ZERO && isReg(rt)) return [ins(div, rs.n, rt.n)];
    if (isReg(rt)) {
      return [
        ins('bne', rt.n, ZERO, local(12, rt)),
        ins(div, rs.n, rt.n),
        ins('break', 0),
        ins(result, rd.n),
      ];
    }
    if (isExpr(rt) && constOf(rt.expr) === 0)
      return new ColumnError(rt.col, `division by zero \`${rt.text}\``);
    const src = sourceReg(rt, constOf);
    if (src instanceof ColumnError) return src;
    return [...src.pre, ins(div, rs.n, src.reg), ins(result, rd.n)];
  };
}

/** mulo/mulou rd, rs, rt: multiply, trap with `break 0` if the product overflows 32 bits. */
function expandMulo(signed: boolean): Expander {
  return ([rd, rs, rt, ...rest], constOf) => {
    if (!isReg(rd) || !isReg(rs) || !rt || rest.length > 0) return undefined;
    const src = sourceReg(rt, constOf);
    if (src instanceof ColumnError) return src;
    const n = src.pre.length;
    const ops: MachineOp[] = signed
      ? [
          ins('mult', rs.n, src.reg),
          ins('mflo', rd.n),
          ins('sra', rd.n, rd.n, 31),
          ins('mfhi', AT),
          ins('beq', rd.n, AT, local((n + 7) * 4, rt)),
          ins('mflo', rd.n),
          ins('break', 0),
        ]
      : [
          ins('multu', rs.n, src.reg),
          ins('mfhi', AT),
          ins('beq', AT, ZERO, local((n + 5) * 4, rt)),
          ins('mflo', rd.n),
          ins('break', 0),
        ];
    return [...src.pre, ...ops];
  };
}

/** `j $reg` is jr and `jal $reg` is jalr, as GNU as accepts. */
function expandJumpReg(name: 'jr' | 'jalr'): Expander {
  return ([rs, ...rest]) => {
    if (!isReg(rs) || rest.length > 0) return undefined;
    return [name === 'jr' ? ins('jr', rs.n) : ins('jalr', 31, rs.n)];
  };
}

export const BRANCH_PSEUDOS: Record<string, Expander> = {
  ...Object.fromEntries(Object.keys(COMPARE).map((m) => [m, expandCompare(m)])),
  beq: expandBranchImm('beq'),
  bne: expandBranchImm('bne'),
  div: expandDivide('div', 'mflo'),
  divu: expandDivide('divu', 'mflo'),
  rem: expandDivide('div', 'mfhi'),
  remu: expandDivide('divu', 'mfhi'),
  mulo: expandMulo(true),
  mulou: expandMulo(false),
  j: expandJumpReg('jr'),
  jal: expandJumpReg('jalr'),
};
