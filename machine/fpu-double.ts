/**
 * COP1 instructions of format D (rs = 17): binary64 arithmetic, compares, conversions and
 * moves on even/odd FPR pairs (MIPS32 Volume II, the .D forms, with Status.FR = 0). An odd
 * register in a .d operand or result is a Reserved Instruction. Called only by Fpu.execute;
 * the conventions for NaNs and traps are described in machine/fpu.ts.
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
  F_CVT_S,
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
  isNaN64,
  isSNaN64,
} from './fpu-encoding.ts';
import { EXC_V } from './fpu-ieee.ts';
import { putSingle } from './fpu-single.ts';

/** Executes a COP1 word whose rs field is D; returns 0 or an ExcCode. */
export function executeDouble(fpu: Fpu, inst: number, gpr: Int32Array): number {
  const funct = inst & 0x3f;
  const ft = (inst >>> 16) & 31;
  const fs = (inst >>> 11) & 31;
  const fd = (inst >>> 6) & 31;
  if (funct >= F_C) {
    if ((inst & 0xc0) !== 0 || ((fs | ft) & 1) !== 0) return EXC_RI;
    return compareDouble(fpu, funct & 15, fs, ft, (inst >>> 8) & 7);
  }
  switch (funct) {
    case F_ADD:
    case F_SUB:
    case F_MUL:
    case F_DIV:
      return ((fd | fs | ft) & 1) !== 0 ? EXC_RI : binaryDouble(fpu, funct, fd, fs, ft);
    case F_MOVCF:
      if ((ft & 2) !== 0 || ((fd | fs) & 1) !== 0) return EXC_RI;
      return move(fpu, fd, fs, fpu.condition(ft >>> 2) === ((ft & 1) !== 0), 0);
    case F_MOVZ:
    case F_MOVN:
      if (((fd | fs) & 1) !== 0) return EXC_RI;
      return move(fpu, fd, fs, (gpr[ft] === 0) === (funct === F_MOVZ), 0);
  }
  if (ft !== 0 || (fs & 1) !== 0) return EXC_RI;
  switch (funct) {
    case F_ROUND_W:
    case F_TRUNC_W:
    case F_CEIL_W:
    case F_FLOOR_W:
      return wordFromDouble(fpu, fd, fs, funct - F_ROUND_W);
    case F_CVT_W:
      return wordFromDouble(fpu, fd, fs, fpu.fcsr & 3);
    case F_CVT_S:
      return singleFromDouble(fpu, fd, fs);
  }
  if ((fd & 1) !== 0) return EXC_RI;
  switch (funct) {
    case F_SQRT:
      return sqrtDouble(fpu, fd, fs);
    case F_ABS:
      return move(fpu, fd, fs, true, 0x7fffffff);
    case F_MOV:
      return move(fpu, fd, fs, true, 0);
    case F_NEG:
      return move(fpu, fd, fs, true, -1);
  }
  return EXC_RI;
}

/**
 * Copies pair fs to fd when `when` holds; sign 0 keeps the sign bit, 0x7fffffff clears it,
 * -1 flips it. Non-arithmetic: never raises, Cause untouched.
 */
function move(fpu: Fpu, fd: number, fs: number, when: boolean, sign: number): number {
  if (!when) return 0;
  const fpr = fpu.fpr;
  const hi = fpr[fs + 1];
  fpr[fd] = fpr[fs];
  fpr[fd + 1] = sign === 0 ? hi : sign === -1 ? hi ^ 0x80000000 : hi & sign;
  return 0;
}

function binaryDouble(fpu: Fpu, funct: number, fd: number, fs: number, ft: number): number {
  const fpr = fpu.fpr;
  if (isNaN64(fpr[fs + 1], fpr[fs]) || isNaN64(fpr[ft + 1], fpr[ft])) {
    return nanDouble(fpu, fd, fs, ft);
  }
  const x = fpu.f64[fs >> 1];
  const y = fpu.f64[ft >> 1];
  const ieee = fpu.arm();
  let r: number;
  if (funct === F_ADD) r = ieee.add64(x, y);
  else if (funct === F_SUB) r = ieee.sub64(x, y);
  else if (funct === F_MUL) r = ieee.mul64(x, y);
  else r = ieee.div64(x, y);
  return putDouble(fpu, fd, r);
}

function sqrtDouble(fpu: Fpu, fd: number, fs: number): number {
  const fpr = fpu.fpr;
  if (isNaN64(fpr[fs + 1], fpr[fs])) return nanDouble(fpu, fd, fs, fs);
  return putDouble(fpu, fd, fpu.arm().sqrt64(fpu.f64[fs >> 1]));
}

/** Writes an arithmetic result unless an enabled exception traps; NaN means the default NaN. */
function putDouble(fpu: Fpu, fd: number, r: number): number {
  if (fpu.raise(fpu.ieee.cause)) return EXC_FPE;
  if (Number.isNaN(r)) {
    fpu.fpr[fd] = DEFAULT_NAN64_LO;
    fpu.fpr[fd + 1] = DEFAULT_NAN64_HI;
  } else {
    fpu.f64[fd >> 1] = r;
  }
  return 0;
}

/** Result of an operation with a NaN in pair fs or ft: see "NaNs" in machine/fpu.ts. */
function nanDouble(fpu: Fpu, fd: number, fs: number, ft: number): number {
  const fpr = fpu.fpr;
  const signalling = isSNaN64(fpr[fs + 1], fpr[fs]) || isSNaN64(fpr[ft + 1], fpr[ft]);
  if (fpu.raise(signalling ? EXC_V : 0)) return EXC_FPE;
  const src = isNaN64(fpr[fs + 1], fpr[fs]) ? fs : ft;
  const lo = signalling ? DEFAULT_NAN64_LO : fpr[src];
  const hi = signalling ? DEFAULT_NAN64_HI : fpr[src + 1];
  fpr[fd] = lo;
  fpr[fd + 1] = hi;
  return 0;
}

function wordFromDouble(fpu: Fpu, fd: number, fs: number, rm: number): number {
  const n = fpu.arm().toWord(fpu.f64[fs >> 1], rm);
  if (fpu.raise(fpu.ieee.cause)) return EXC_FPE;
  fpu.fpr[fd] = n;
  return 0;
}

function singleFromDouble(fpu: Fpu, fd: number, fs: number): number {
  const fpr = fpu.fpr;
  if (isNaN64(fpr[fs + 1], fpr[fs])) {
    if (fpu.raise(isSNaN64(fpr[fs + 1], fpr[fs]) ? EXC_V : 0)) return EXC_FPE;
    fpr[fd] = DEFAULT_NAN32;
    return 0;
  }
  return putSingle(fpu, fd, fpu.arm().toSingle(fpu.f64[fs >> 1]));
}

/** c.cond.d: cond bit 3 signals on unordered, 2 is "less", 1 "equal", 0 "unordered". */
function compareDouble(fpu: Fpu, cond: number, fs: number, ft: number, cc: number): number {
  const fpr = fpu.fpr;
  const aNaN = isNaN64(fpr[fs + 1], fpr[fs]);
  if (aNaN || isNaN64(fpr[ft + 1], fpr[ft])) {
    const snan = isSNaN64(fpr[fs + 1], fpr[fs]) || isSNaN64(fpr[ft + 1], fpr[ft]);
    return fpu.compareResult(cc, (cond & 8) !== 0 || snan ? EXC_V : 0, (cond & 1) !== 0);
  }
  const x = fpu.f64[fs >> 1];
  const y = fpu.f64[ft >> 1];
  return fpu.compareResult(cc, 0, ((cond & 4) !== 0 && x < y) || ((cond & 2) !== 0 && x === y));
}
