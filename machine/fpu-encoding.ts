/**
 * COP1 encodings (MIPS32 Volume II, table A.11 "COP1 encoding of rs" and A.12/A.13 "funct when
 * rs = S/D/W") and the legacy MIPS NaN encodings, shared by machine/fpu*.ts and, through
 * machine/fpu.ts, by the assembler and disassembler.
 */

export const OP_COP1 = 0x11;
/** rs field values. */
export const COP1_MF = 0x00;
export const COP1_CF = 0x02;
export const COP1_MT = 0x04;
export const COP1_CT = 0x06;
export const COP1_BC = 0x08;
export const FMT_S = 0x10;
export const FMT_D = 0x11;
export const FMT_W = 0x14;

/** funct field values for fmt S and D (W uses only CVT_S and CVT_D). */
export const F_ADD = 0x00;
export const F_SUB = 0x01;
export const F_MUL = 0x02;
export const F_DIV = 0x03;
export const F_SQRT = 0x04;
export const F_ABS = 0x05;
export const F_MOV = 0x06;
export const F_NEG = 0x07;
export const F_ROUND_W = 0x0c;
export const F_TRUNC_W = 0x0d;
export const F_CEIL_W = 0x0e;
export const F_FLOOR_W = 0x0f;
/** movf.fmt / movt.fmt: cc in bits 20..18, tf in bit 16. */
export const F_MOVCF = 0x11;
export const F_MOVZ = 0x12;
export const F_MOVN = 0x13;
export const F_CVT_S = 0x20;
export const F_CVT_D = 0x21;
export const F_CVT_W = 0x24;
/** c.cond.fmt is 0x30 | cond; cc in bits 10..8. */
export const F_C = 0x30;

/** Compare condition names in cond order (bit 3 signalling, 2 less, 1 equal, 0 unordered). */
export const C_CONDITIONS = [
  'f',
  'un',
  'eq',
  'ueq',
  'olt',
  'ult',
  'ole',
  'ule',
  'sf',
  'ngle',
  'seq',
  'ngl',
  'lt',
  'nge',
  'le',
  'ngt',
] as const;

/** Default (quiet) NaNs of legacy MIPS: the fraction's top bit clear, all others set. */
export const DEFAULT_NAN32 = 0x7fbfffff;
export const DEFAULT_NAN64_HI = 0x7ff7ffff;
export const DEFAULT_NAN64_LO = -1;

export function isNaN32(w: number): boolean {
  return (w & 0x7fffffff) > 0x7f800000;
}

/** Signalling in the legacy encoding: fraction bit 22 set. */
export function isSNaN32(w: number): boolean {
  return isNaN32(w) && (w & 0x00400000) !== 0;
}

export function isNaN64(hi: number, lo: number): boolean {
  const h = hi & 0x7fffffff;
  return h > 0x7ff00000 || (h === 0x7ff00000 && lo !== 0);
}

/** Signalling in the legacy encoding: fraction bit 51 set. */
export function isSNaN64(hi: number, lo: number): boolean {
  return isNaN64(hi, lo) && (hi & 0x00080000) !== 0;
}
