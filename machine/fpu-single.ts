/**
 * COP1 instructions of format S (rs = 16): binary32 arithmetic, compares, conversions and
 * moves on single FPRs (MIPS32 Volume II, the .S forms). Called only by Fpu.execute; the
 * conventions for NaNs, traps and reserved encodings are described in machine/fpu.ts.
 */
import { EXC_FPE, EXC_RI } from './cp0.ts';
import type { Fpu } from './fpu.ts';
import {
  DEFAULT_NAN32,
  DEFAULT_NAN64_HI,
  DEFAULT_NAN64_LO,
  F_ABS,
  F_ADD,
  F_C,
  F_CEIL_W,
  F_CVT_D,
  F_CVT_W,
  F_DIV,
  F_FLOOR_W,
  F_MOV,
  F_MOVCF,
  F_MOVN,
  F_MOVZ,
  F_MUL,
  F_NEG,
  F_ROUND_W,
  F_SQRT,
  F_SUB,
  F_TRUNC_W,
  isNaN32,
  isSNaN32,
} from './fpu-encoding.ts';
import { EXC_V } from './fpu-ieee.ts';

/** Executes a COP1 word whose rs field is S; returns 0 or an ExcCode. */
export function executeSingle(fpu: Fpu, inst: number, gpr: Int32Array): number {
  const funct = inst & 0x3f;
  const ft = (inst >>> 16) & 31;
  const fs = (inst >>> 11) & 31;
  const fd = (inst >>> 6) & 31;
  const fpr = fpu.fpr;
  if (funct >= F_C) {
    if ((inst & 0xc0) !== 0) return EXC_RI;
    return compareSingle(fpu, funct & 15, fs, ft, (inst >>> 8) & 7);
  }
  switch (funct) {
    case F_ADD:
    case F_SUB:
    case F_MUL:
    case F_DIV:
      return binarySingle(fpu, funct, fd, fs, ft);
    case F_MOVCF:
      if ((ft & 2) !== 0) return EXC_RI;
      if (fpu.condition(ft >>> 2) === ((ft & 1) !== 0)) fpr[fd] = fpr[fs];
      return 0;
    case F_MOVZ:
      if (gpr[ft] === 0) fpr[fd] = fpr[fs];
      return 0;
    case F_MOVN:
      if (gpr[ft] !== 0) fpr[fd] = fpr[fs];
      return 0;
  }
  if (ft !== 0) return EXC_RI;
  switch (funct) {
    case F_SQRT:
      return sqrtSingle(fpu, fd, fs);
    case F_ABS:
      fpr[fd] = fpr[fs] & 0x7fffffff;
      return 0;
    case F_MOV:
      fpr[fd] = fpr[fs];
      return 0;
    case F_NEG:
      fpr[fd] = fpr[fs] ^ 0x80000000;
      return 0;
    case F_ROUND_W:
    case F_TRUNC_W:
    case F_CEIL_W:
    case F_FLOOR_W:
      return wordFromSingle(fpu, fd, fs, funct - F_ROUND_W);
    case F_CVT_W:
      return wordFromSingle(fpu, fd, fs, fpu.fcsr & 3);
    case F_CVT_D:
      return (fd & 1) !== 0 ? EXC_RI : doubleFromSingle(fpu, fd, fs);
  }
  return EXC_RI;
}

function binarySingle(fpu: Fpu, funct: number, fd: number, fs: number, ft: number): number {
  const a = fpu.fpr[fs];
  const b = fpu.fpr[ft];
  if (isNaN32(a) || isNaN32(b)) return nanSingle(fpu, fd, a, b);
  const x = fpu.f32[fs];
  const y = fpu.f32[ft];
  const ieee = fpu.arm();
  let r: number;
  if (funct === F_ADD) r = ieee.add32(x, y);
  else if (funct === F_SUB) r = ieee.sub32(x, y);
  else if (funct === F_MUL) r = ieee.mul32(x, y);
  else r = ieee.div32(x, y);
  return putSingle(fpu, fd, r);
}

function sqrtSingle(fpu: Fpu, fd: number, fs: number): number {
  const a = fpu.fpr[fs];
  if (isNaN32(a)) return nanSingle(fpu, fd, a, a);
  return putSingle(fpu, fd, fpu.arm().sqrt32(fpu.f32[fs]));
}

/** Writes an arithmetic result unless an enabled exception traps; NaN means the default NaN. */
export function putSingle(fpu: Fpu, fd: number, r: number): number {
  if (fpu.raise(fpu.ieee.cause)) return EXC_FPE;
  if (Number.isNaN(r)) fpu.fpr[fd] = DEFAULT_NAN32;
  else fpu.f32[fd] = r;
  return 0;
}

/** Result of an operation with NaN operand words a, b: see "NaNs" in machine/fpu.ts. */
function nanSingle(fpu: Fpu, fd: number, a: number, b: number): number {
  const signalling = isSNaN32(a) || isSNaN32(b);
  if (fpu.raise(signalling ? EXC_V : 0)) return EXC_FPE;
  fpu.fpr[fd] = signalling ? DEFAULT_NAN32 : isNaN32(a) ? a : b;
  return 0;
}

function wordFromSingle(fpu: Fpu, fd: number, fs: number, rm: number): number {
  const n = fpu.arm().toWord(fpu.f32[fs], rm);
  if (fpu.raise(fpu.ieee.cause)) return EXC_FPE;
  fpu.fpr[fd] = n;
  return 0;
}

function doubleFromSingle(fpu: Fpu, fd: number, fs: number): number {
  const a = fpu.fpr[fs];
  const nan = isNaN32(a);
  if (fpu.raise(isSNaN32(a) ? EXC_V : 0)) return EXC_FPE;
  if (nan) {
    fpu.fpr[fd] = DEFAULT_NAN64_LO;
    fpu.fpr[fd + 1] = DEFAULT_NAN64_HI;
  } else {
    fpu.f64[fd >> 1] = fpu.f32[fs];
  }
  return 0;
}

/** c.cond.s: cond bit 3 signals on unordered, 2 is "less", 1 "equal", 0 "unordered". */
function compareSingle(fpu: Fpu, cond: number, fs: number, ft: number, cc: number): number {
  const a = fpu.fpr[fs];
  const b = fpu.fpr[ft];
  if (isNaN32(a) || isNaN32(b)) {
    const invalid = (cond & 8) !== 0 || isSNaN32(a) || isSNaN32(b);
    return fpu.compareResult(cc, invalid ? EXC_V : 0, (cond & 1) !== 0);
  }
  const x = fpu.f32[fs];
  const y = fpu.f32[ft];
  return fpu.compareResult(cc, 0, ((cond & 4) !== 0 && x < y) || ((cond & 2) !== 0 && x === y));
}
