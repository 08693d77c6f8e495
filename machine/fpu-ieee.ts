/**
 * IEEE 754 arithmetic for the COP1 unit (machine/fpu.ts): add, sub, mul, div and sqrt in binary32
 * and binary64 under the four FCSR rounding modes, with the five IEEE exception bits, and the
 * conversions between formats and to words. Follows IEEE 754-1985 as the MIPS32 Architecture
 * Volume I, chapter 5 ("FPU"), applies it.
 *
 * How directed rounding works without host support: JS computes every +, -, *, / and sqrt
 * correctly rounded to nearest-even. From that result r we find (machine/fpu-exact.ts) the sign
 * of (exact - r) — by
 * TwoSum for sums, by Dekker's TwoProduct for products, quotients and roots, and by exact BigInt
 * arithmetic only when the operands are so large or so small that Dekker's terms would overflow
 * or underflow — and then step r one unit toward the mode's direction when needed. binary32
 * results are computed in binary64 and then rounded once more with Math.fround; double rounding
 * through binary64 is harmless for +, -, *, / and sqrt of binary32 operands (53 >= 2*24 + 2).
 *
 * Operands here are never NaN: the caller handles NaN operands by MIPS rules first. A NaN
 * result means an invalid operation (inf - inf, 0 * inf, 0/0, sqrt(-1)) and the caller
 * substitutes the MIPS default NaN. Tininess is detected before rounding.
 */

import {
  adjust,
  cmpScaled,
  nextUp32,
  nextUp64,
  productError,
  quotientSign,
  RM_RM,
  RM_RN,
  RM_RP,
  RM_RZ,
  rootSign,
  safe,
  signOf,
  twoSumError,
} from './fpu-exact.ts';

/** Exception bits in FCSR field order (Cause bits 17..12 are these shifted left by 12). */
export const EXC_I = 1; // inexact
export const EXC_U = 2; // underflow
export const EXC_O = 4; // overflow
export const EXC_Z = 8; // divide by zero
export const EXC_V = 16; // invalid operation
export const EXC_E = 32; // unimplemented operation (Cause only; no flag, no enable)

export { RM_RM, RM_RN, RM_RP, RM_RZ } from './fpu-exact.ts';

const MIN_NORMAL64 = 2 ** -1022;
const MIN_NORMAL32 = 2 ** -126;

/**
 * The arithmetic unit. Set `rm` and `trapUnderflow` from FCSR before an operation; afterwards
 * `cause` holds the EXC_* bits it raised. Methods never allocate on the common path.
 */
export class IeeeArith {
  rm = RM_RN;
  /** Underflow enabled: then tininess alone signals underflow, exact or not (IEEE 7.4). */
  trapUnderflow = false;
  cause = 0;

  sub64(a: number, b: number): number {
    return this.add64(a, -b);
  }

  add64(a: number, b: number): number {
    const r = a + b;
    if (r - r === 0 && r !== 0) return this.finish64(r, signOf(twoSumError(a, b, r)), false);
    if (Number.isNaN(r)) return this.invalid();
    if (r === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return this.exactSum(a, b, r);
    const h = a * 0.5 + b * 0.5; // cannot overflow; decides |a + b| >= 2^1024
    const e = twoSumError(a * 0.5, b * 0.5, h);
    const huge = Math.abs(h) > 2 ** 1023 || (Math.abs(h) === 2 ** 1023 && e * h >= 0);
    return this.finish64(r, r > 0 ? -1 : 1, huge);
  }

  mul64(a: number, b: number): number {
    const r = a * b;
    if (r - r === 0 && r !== 0) {
      const exact = safe(a) && safe(b) && safe(r);
      return this.finish64(r, exact ? signOf(productError(a, b, r)) : cmpScaled(a, b, r, 0), false);
    }
    if (Number.isNaN(r)) return this.invalid();
    if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return this.exact(r);
    if (r === 0) return this.finish64(r, cmpScaled(a, b, 0, 0), false);
    return this.finish64(r, r > 0 ? -1 : 1, cmpScaled(Math.abs(a), Math.abs(b), 1, 1024) >= 0);
  }

  div64(a: number, b: number): number {
    const r = a / b;
    if (r - r === 0 && r !== 0) return this.finish64(r, quotientSign(a, b, r), false);
    if (Number.isNaN(r)) return this.invalid();
    if (b === 0) {
      this.cause = Number.isFinite(a) ? EXC_Z : 0;
      return r;
    }
    if (a === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return this.exact(r);
    if (r === 0) return this.finish64(r, quotientSign(a, b, r), false);
    return this.finish64(r, r > 0 ? -1 : 1, cmpScaled(Math.abs(b), 1, Math.abs(a), -1024) <= 0);
  }

  sqrt64(a: number): number {
    if (a < 0) return this.invalid();
    const r = Math.sqrt(a);
    if (a === 0 || a === Infinity) return this.exact(r);
    return this.finish64(r, rootSign(a, r), false);
  }

  sub32(a: number, b: number): number {
    return this.add32(a, -b);
  }

  add32(a: number, b: number): number {
    const d = a + b;
    if (d - d === 0 && d !== 0) return this.finish32(d, signOf(twoSumError(a, b, d)));
    if (Number.isNaN(d)) return this.invalid();
    return this.exactSum(a, b, d); // zero, or an infinite operand
  }

  mul32(a: number, b: number): number {
    const d = a * b; // exact: 24 x 24 bits, exponents well inside binary64
    if (Number.isNaN(d)) return this.invalid();
    if (d - d !== 0) return this.exact(d);
    return this.finish32(d, 0);
  }

  div32(a: number, b: number): number {
    const d = a / b;
    if (d - d === 0 && d !== 0) return this.finish32(d, quotientSign(a, b, d));
    if (Number.isNaN(d)) return this.invalid();
    if (b === 0) {
      this.cause = Number.isFinite(a) ? EXC_Z : 0;
      return d;
    }
    return this.exact(d); // 0/x, inf/x, x/inf
  }

  sqrt32(a: number): number {
    if (a < 0) return this.invalid();
    const d = Math.sqrt(a);
    if (a === 0 || a === Infinity) return this.exact(d);
    return this.finish32(d, rootSign(a, d));
  }

  /** cvt.s.d and cvt.s.w: rounds a binary64 value (not NaN) to binary32. */
  toSingle(x: number): number {
    if (!Number.isFinite(x)) return this.exact(x);
    return this.finish32(x, 0);
  }

  /**
   * cvt.w, round.w, trunc.w, ceil.w, floor.w: x (not NaN-checked) to a signed word under `rm`.
   * NaN, infinities and results outside int32 are invalid; the MIPS default result is 2^31-1.
   */
  toWord(x: number, rm: number): number {
    let n: number;
    if (rm === RM_RZ) n = Math.trunc(x);
    else if (rm === RM_RP) n = Math.ceil(x);
    else if (rm === RM_RM) n = Math.floor(x);
    else {
      n = Math.floor(x);
      const frac = x - n;
      if (frac > 0.5 || (frac === 0.5 && n % 2 !== 0)) n += 1;
    }
    if (!(n >= -2147483648 && n <= 2147483647)) {
      this.cause = EXC_V;
      return 0x7fffffff;
    }
    this.cause = n !== x ? EXC_I : 0;
    return n | 0;
  }

  private invalid(): number {
    this.cause = EXC_V;
    return Number.NaN;
  }

  private exact(r: number): number {
    this.cause = 0;
    return r;
  }

  /** A zero or infinite sum is exact; an exact zero from unlike operands is -0 under RM. */
  private exactSum(a: number, b: number, r: number): number {
    this.cause = 0;
    if (r === 0 && this.rm === RM_RM && !(Object.is(a, 0) && Object.is(b, 0))) return -0;
    return r;
  }

  /**
   * Completes a binary64 result: r rounded to nearest (possibly an overflow infinity), s the
   * sign of (exact - r), huge whether |exact| >= 2^1024 (consulted only when r is infinite).
   */
  private finish64(r: number, s: number, huge: boolean): number {
    if (s !== 0 && this.rm === RM_RN && Math.abs(r) > MIN_NORMAL64 && r - r === 0) {
      this.cause = EXC_I; // the common case, decided without the general path
      return r;
    }
    return this.finish(r, s, huge, MIN_NORMAL64, nextUp64);
  }

  /** Completes a binary32 result from d, the exact value rounded to binary64, and s = sign(exact - d). */
  private finish32(d: number, s: number): number {
    const f = Math.fround(d);
    const m = Math.abs(d);
    const sf = d !== f ? (d > f ? 1 : -1) : s;
    if (sf !== 0 && this.rm === RM_RN && Math.abs(f) > MIN_NORMAL32 && f - f === 0) {
      this.cause = EXC_I;
      return f;
    }
    const huge = m > 2 ** 128 || (m === 2 ** 128 && s * d >= 0);
    return this.finish(f, sf, huge, MIN_NORMAL32, nextUp32);
  }

  private finish(
    r: number,
    s: number,
    huge: boolean,
    minNormal: number,
    up: (x: number) => number,
  ): number {
    const m = Math.abs(r);
    const tiny = m < minNormal || (m === minNormal && s * r < 0);
    if (s === 0) {
      this.cause = tiny && r !== 0 && this.trapUnderflow ? EXC_U : 0;
      return r;
    }
    const v = adjust(r, s, this.rm, up);
    let cause = EXC_I;
    if (v === Infinity || v === -Infinity || (m === Infinity && huge)) cause |= EXC_O;
    else if (tiny) cause |= EXC_U;
    this.cause = cause;
    return v;
  }
}
