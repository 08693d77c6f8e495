/**
 * Operand fields of MIPS32 instruction words. An instruction's operand syntax (e.g.
 * `rt,offset(base)`) names these fields in source order; the assembler packs values into them
 * and the disassembler unpacks them, from the same definitions.
 *
 *   31..26 op | 25..21 rs/base/fmt | 20..16 rt/ft | 15..11 rd/fs | 10..6 sa/fd | 5..0 funct
 *   16-bit immediate/offset 15..0; jump target 25..0; FP cc 20..18 (branches, movf) or 10..8 (c.cond)
 */

/** How a field's value is read and shown. */
export type FieldKind =
  | 'gpr' // general register
  | 'fpr' // floating-point register
  | 'creg' // coprocessor control/system register number, shown `$12`
  | 'cc' // FP condition flag, shown `$fcc1`
  | 'signed' // signed immediate, shown in decimal
  | 'unsigned' // unsigned immediate, shown in hex
  | 'code' // trap/break code, shown in hex
  | 'branch' // PC-relative word offset from the delay slot; value is the absolute target
  | 'jump'; // 26-bit word index within the 256 MiB region of the delay slot

export interface Field {
  kind: FieldKind;
  /** Bit positions of the field's low bit; a field written in two places (clz rd = rt) lists both. */
  shifts: readonly number[];
  bits: number;
}

function f(kind: FieldKind, shift: number, bits: number): Field {
  return { kind, shifts: [shift], bits };
}

export const FIELDS = {
  rs: f('gpr', 21, 5),
  rt: f('gpr', 16, 5),
  rd: f('gpr', 11, 5),
  base: f('gpr', 21, 5),
  rdt: { kind: 'gpr', shifts: [11, 16], bits: 5 } as Field,
  fs: f('fpr', 11, 5),
  ft: f('fpr', 16, 5),
  fd: f('fpr', 6, 5),
  c0: f('creg', 11, 5),
  fcr: f('creg', 11, 5),
  sel: f('unsigned', 0, 3),
  cc: f('cc', 18, 3),
  ccc: f('cc', 8, 3),
  sa: f('unsigned', 6, 5),
  imm: f('signed', 0, 16),
  uimm: f('unsigned', 0, 16),
  offset: f('signed', 0, 16),
  label: f('branch', 0, 16),
  target: f('jump', 0, 26),
  code: f('code', 16, 10),
  code2: f('code', 6, 10),
  code20: f('code', 6, 20),
  tcode: f('code', 6, 10),
} as const satisfies Record<string, Field>;

export type FieldName = keyof typeof FIELDS;

/** Bits covered by a field in the instruction word. */
export function fieldMask(field: Field): number {
  let mask = 0;
  const ones = field.bits === 32 ? -1 : (1 << field.bits) - 1;
  for (const s of field.shifts) mask |= ones << s;
  return mask >>> 0;
}

/** The raw (unsigned) contents of a field, read at its first position. */
export function fieldRaw(field: Field, word: number): number {
  return ((word >>> field.shifts[0]!) & ((1 << field.bits) - 1)) >>> 0;
}

/** True when a multi-position field holds the same value in every position. */
export function fieldConsistent(field: Field, word: number): boolean {
  const first = fieldRaw(field, word);
  return field.shifts.every((s) => ((word >>> s) & ((1 << field.bits) - 1)) === first);
}

/** Range a value must lie in to be packed into `field` (branch/jump checked by the encoder). */
export function fieldRange(field: Field): [number, number] {
  if (field.kind === 'signed') return [-(2 ** (field.bits - 1)), 2 ** (field.bits - 1) - 1];
  return [0, 2 ** field.bits - 1];
}
