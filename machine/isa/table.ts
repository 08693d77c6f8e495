/**
 * The instruction table: every real instruction the machine implements (MIPS32 release 1 integer
 * ISA, MIPS I unaligned loads/stores, the R3000 COP0 with MIPS32 `eret`/`wait`, and COP1 single/
 * double floating point), plus the few disassembly aliases objdump prints (`nop`, `move`, `b`…).
 *
 * Each entry is a mnemonic, the fixed bits (`match`) and an operand syntax naming fields of
 * fields.ts. The mask is derived: every bit no operand field covers is fixed. The assembler encodes
 * and the disassembler decodes through this one table, so they cannot disagree. Optional operands
 * (`break`, `jalr rs`, `c.eq.s [cc,]fs,ft`) are separate entries with the same mnemonic; decoding
 * prefers the entry with the most fixed bits.
 *
 * Manual: MIPS32 Architecture For Programmers Vol. II (MD00086), instruction encoding tables A.2–A.13.
 */

import { FIELDS, type FieldName, fieldConsistent, fieldMask } from './fields.ts';
import { COP1_ENTRIES } from './table-cop1.ts';

export interface TableEntry {
  mnemonic: string;
  /** Operand syntax, e.g. `rt,offset(base)`; names fields of fields.ts. */
  syntax: string;
  /** Operand field names in source order (`offset(base)` gives `offset`, `base`). */
  operands: readonly FieldName[];
  match: number;
  mask: number;
  /** Branch or jump: the next instruction is its delay slot. */
  delaySlot: boolean;
  /** A disassembly alias of another entry (`move` is `addu rd,rs,$zero`). */
  alias: boolean;
}

/** Raw rows: mnemonic, fixed bits, operand syntax, 'alias' for aliases. */
export type Row = readonly [string, number, string, ('alias' | undefined)?];

const op = (o: number) => (o << 26) >>> 0;
const special = (funct: number) => funct;
const regimm = (rt: number) => op(1) | (rt << 16);
const special2 = (funct: number) => (op(0x1c) | funct) >>> 0;
const cop0 = (rs: number) => (op(0x10) | (rs << 21)) >>> 0;
const co0 = (funct: number) => (op(0x10) | (1 << 25) | funct) >>> 0;

const ALU3: readonly [string, number][] = [
  ['add', 0x20],
  ['addu', 0x21],
  ['sub', 0x22],
  ['subu', 0x23],
  ['and', 0x24],
  ['or', 0x25],
  ['xor', 0x26],
  ['nor', 0x27],
  ['slt', 0x2a],
  ['sltu', 0x2b],
  ['movz', 0x0a],
  ['movn', 0x0b],
];
/** Trap: register form funct, immediate form mnemonic and REGIMM rt. */
const TRAPS: readonly [string, number, string, number][] = [
  ['tge', 0x30, 'tgei', 8],
  ['tgeu', 0x31, 'tgeiu', 9],
  ['tlt', 0x32, 'tlti', 10],
  ['tltu', 0x33, 'tltiu', 11],
  ['teq', 0x34, 'teqi', 12],
  ['tne', 0x36, 'tnei', 14],
];
const MEMORY: readonly [string, number][] = [
  ['lb', 0x20],
  ['lh', 0x21],
  ['lwl', 0x22],
  ['lw', 0x23],
  ['lbu', 0x24],
  ['lhu', 0x25],
  ['lwr', 0x26],
  ['sb', 0x28],
  ['sh', 0x29],
  ['swl', 0x2a],
  ['sw', 0x2b],
  ['swr', 0x2e],
  ['ll', 0x30],
  ['sc', 0x38],
];
const REGIMM_BRANCHES: readonly [string, number][] = [
  ['bltz', 0],
  ['bgez', 1],
  ['bltzl', 2],
  ['bgezl', 3],
  ['bltzal', 0x10],
  ['bgezal', 0x11],
  ['bltzall', 0x12],
  ['bgezall', 0x13],
];

// biome-ignore format: a table reads best in rows
const INTEGER_ROWS: Row[] = [
  ['nop', 0, '', 'alias'],
  ['sll', special(0x00), 'rd,rt,sa'], ['srl', special(0x02), 'rd,rt,sa'], ['sra', special(0x03), 'rd,rt,sa'],
  ['sllv', special(0x04), 'rd,rt,rs'], ['srlv', special(0x06), 'rd,rt,rs'], ['srav', special(0x07), 'rd,rt,rs'],
  ['movf', special(0x01), 'rd,rs,cc'], ['movt', special(0x01) | (1 << 16), 'rd,rs,cc'],
  ['jr', special(0x08), 'rs'],
  ['jalr', special(0x09) | (31 << 11), 'rs'], ['jalr', special(0x09), 'rd,rs'],
  ['syscall', special(0x0c), ''], ['syscall', special(0x0c), 'code20'],
  ['break', special(0x0d), ''], ['break', special(0x0d), 'code'], ['break', special(0x0d), 'code,code2'],
  ['sync', special(0x0f), ''],
  ['mfhi', special(0x10), 'rd'], ['mthi', special(0x11), 'rs'],
  ['mflo', special(0x12), 'rd'], ['mtlo', special(0x13), 'rs'],
  ['mult', special(0x18), 'rs,rt'], ['multu', special(0x19), 'rs,rt'],
  ['div', special(0x1a), 'rs,rt'], ['divu', special(0x1b), 'rs,rt'],
  ['move', special(0x25), 'rd,rs', 'alias'], // GNU as: or rd,rs,$zero
  ['move', special(0x21), 'rd,rs', 'alias'], // SPIM: addu
  ['neg', special(0x22), 'rd,rt', 'alias'], ['negu', special(0x23), 'rd,rt', 'alias'],
  ['not', special(0x27), 'rd,rs', 'alias'],
  ...ALU3.map(([m, fn]): Row => [m, special(fn), 'rd,rs,rt']),
  ...TRAPS.flatMap(([m, fn]): Row[] => [[m, special(fn), 'rs,rt'], [m, special(fn), 'rs,rt,tcode']]),
  ...REGIMM_BRANCHES.map(([m, rt]): Row => [m, regimm(rt), 'rs,label']),
  ['bal', regimm(0x11), 'label', 'alias'],
  ...TRAPS.map(([, , m, rt]): Row => [m, regimm(rt), 'rs,imm']),
  ['j', op(2), 'target'], ['jal', op(3), 'target'],
  ['b', op(4), 'label', 'alias'], ['beqz', op(4), 'rs,label', 'alias'], ['bnez', op(5), 'rs,label', 'alias'],
  ['beq', op(4), 'rs,rt,label'], ['bne', op(5), 'rs,rt,label'],
  ['blez', op(6), 'rs,label'], ['bgtz', op(7), 'rs,label'],
  ['beql', op(0x14), 'rs,rt,label'], ['bnel', op(0x15), 'rs,rt,label'],
  ['blezl', op(0x16), 'rs,label'], ['bgtzl', op(0x17), 'rs,label'],
  ['li', op(9), 'rt,imm', 'alias'],
  ['addi', op(8), 'rt,rs,imm'], ['addiu', op(9), 'rt,rs,imm'],
  ['slti', op(0xa), 'rt,rs,imm'], ['sltiu', op(0xb), 'rt,rs,imm'],
  ['andi', op(0xc), 'rt,rs,uimm'], ['ori', op(0xd), 'rt,rs,uimm'], ['xori', op(0xe), 'rt,rs,uimm'],
  ['lui', op(0xf), 'rt,uimm'],
  ...MEMORY.map(([m, o]): Row => [m, op(o), 'rt,offset(base)']),
  ['madd', special2(0), 'rs,rt'], ['maddu', special2(1), 'rs,rt'], ['mul', special2(2), 'rd,rs,rt'],
  ['msub', special2(4), 'rs,rt'], ['msubu', special2(5), 'rs,rt'],
  ['clz', special2(0x20), 'rdt,rs'], ['clo', special2(0x21), 'rdt,rs'],
  ['mfc0', cop0(0), 'rt,c0'], ['mfc0', cop0(0), 'rt,c0,sel'],
  ['mtc0', cop0(4), 'rt,c0'], ['mtc0', cop0(4), 'rt,c0,sel'],
  ['tlbr', co0(1), ''], ['tlbwi', co0(2), ''], ['tlbwr', co0(6), ''], ['tlbp', co0(8), ''],
  ['rfe', co0(0x10), ''], ['eret', co0(0x18), ''], ['wait', co0(0x20), ''],
];

/** Field names of a syntax string, in source order. */
export function parseSyntax(syntax: string): FieldName[] {
  if (syntax === '') return [];
  return syntax.split(/[,()]/).filter((s) => s !== '') as FieldName[];
}

function build(row: Row): TableEntry {
  const [mnemonic, match, syntax, flag] = row;
  const operands = parseSyntax(syntax);
  let free = 0;
  for (const name of operands) free |= fieldMask(FIELDS[name]);
  const delaySlot = /label|target/.test(syntax) || mnemonic === 'jr' || mnemonic === 'jalr';
  return {
    mnemonic,
    syntax,
    operands,
    match: match >>> 0,
    mask: ~free >>> 0,
    delaySlot,
    alias: flag === 'alias',
  };
}

/** Every entry, in table order. */
export const TABLE: readonly TableEntry[] = [...INTEGER_ROWS, ...COP1_ENTRIES].map(build);

const BY_MNEMONIC = new Map<string, TableEntry[]>();
for (const entry of TABLE) {
  const list = BY_MNEMONIC.get(entry.mnemonic) ?? [];
  list.push(entry);
  BY_MNEMONIC.set(entry.mnemonic, list);
}

/** All entries (variants) spelled `mnemonic`, in table order; empty if none. */
export function entriesFor(mnemonic: string): readonly TableEntry[] {
  return BY_MNEMONIC.get(mnemonic) ?? [];
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
  return n;
}

/** Entries by primary opcode, most fixed bits first so aliases and short forms win. */
const BY_OPCODE: TableEntry[][] = Array.from({ length: 64 }, () => []);
for (const entry of TABLE) BY_OPCODE[entry.match >>> 26]!.push(entry);
for (const bucket of BY_OPCODE) bucket.sort((a, b) => popcount(b.mask) - popcount(a.mask));

/** Fields written in two places (clz/clo rd = rt) must agree. */
function consistent(entry: TableEntry, word: number): boolean {
  return entry.operands.every((name) => fieldConsistent(FIELDS[name], word));
}

/** The entry describing `word`, or undefined if the machine does not implement it. */
export function decode(word: number): TableEntry | undefined {
  const w = word >>> 0;
  for (const entry of BY_OPCODE[w >>> 26]!) {
    if ((w & entry.mask) >>> 0 === entry.match && consistent(entry, w)) return entry;
  }
  return undefined;
}

export { decodeOperands, type EncodeResult, encode } from './codec.ts';
