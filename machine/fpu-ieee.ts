/**
 * IEEE 754 arithmetic for the COP1 unit (machine/fpu.ts): add, sub, mul, div and sqrt in binary32
 * and binary64 under the four FCSR rounding modes, with the five IEEE exception bits, and the
 * conversions between formats and to words. Follows IEEE 754-1985 as the MIPS32 Architecture
 * Volume I, chapter 5 ("FPU"), applies it.
 *
 * How directed rounding works without host support: JS computes every +, -, *, / and sqrt
 * correctly rounded to nearest-even. From that result r we find the sign of (exact - r) — by
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

/** Exception bits in FCSR field order (Cause bits 17..12 are these shifted left by 12). */
export const EXC_I = 1; // inexact
export const EXC_U = 2; // underflow
export const EXC_O = 4; // overflow
export const EXC_Z = 8; // divide by zero
export const EXC_V = 16; // invalid operation
export const EXC_E = 32; // unimplemented operation (Cause only; no flag, no enable)

/** FCSR.RM values. */
export const RM_RN = 0;
export const RM_RZ = 1;
export const RM_RP = 2;
export const RM_RM = 3;

const MIN_NORMAL64 = 2 ** -1022;
const MIN_NORMAL32 = 2 ** -126;
const MIN_SUBNORMAL32 = 2 ** -149;
/** Dekker's terms are exact when every magnitude involved lies inside this range. */
const SAFE_LOW = 2 ** -968;
const SAFE_HIGH = 2 ** 995;
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter for binary64

const b64 = new Float64Array(1);
const w64 = new Int32Array(b64.buffer); // [0] low word, [1] high word on little-endian hosts
const b32 = new Float32Array(1);
const w32 = new Int32Array(b32.buffer);

/** The least binary64 above x (x not NaN). */
export function nextUp64(x: number): number {
  if (x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  b64[0] = x;
  const lo = w64[0];
  if (x > 0) {
    w64[0] = lo + 1;
    if (lo === -1) w64[1]++;
  } else {
    w64[0] = lo - 1;
    if (lo === 0) w64[1]--;
  }
  return b64[0];
}

/** The least binary32 above x (x a binary32 value, not NaN). */
export function nextUp32(x: number): number {
  if (x === Infinity) return x;
  if (x === 0) return MIN_SUBNORMAL32;
  b32[0] = x;
  w32[0] += x > 0 ? 1 : -1;
  return b32[0];
}

/**
 * Rounds for a directed mode: r is the round-to-nearest result and s the sign of (exact - r),
 * so the exact value lies strictly between r and its neighbour on side s when s is nonzero.
 */
function adjust(r: number, s: number, rm: number, up: (x: number) => number): number {
  if (s === 0 || rm === RM_RN) return r;
  if (rm === RM_RP) return s > 0 ? up(r) : r;
  if (rm === RM_RM) return s < 0 ? -up(-r) : r;
  const positive = r > 0 || (r === 0 && s > 0);
  if (positive) return s < 0 ? -up(-r) : r;
  return s > 0 ? up(r) : r;
}

/** Sign of (x*y - z*2^k), computed exactly; x, y, z finite. The rare slow path. */
export function cmpScaled(x: number, y: number, z: number, k: number): number {
  b64[0] = x;
  const mx = mantissa(w64[1], w64[0]);
  let ex = exponent(w64[1]);
  b64[0] = y;
  const my = mantissa(w64[1], w64[0]);
  ex += exponent(w64[1]);
  b64[0] = z;
  const mz = mantissa(w64[1], w64[0]);
  const ez = exponent(w64[1]) + k;
  const e = Math.min(ex, ez);
  const d = ((mx * my) << BigInt(ex - e)) - (mz << BigInt(ez - e));
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** Signed integer significand of a binary64 given its words. */
function mantissa(hi: number, lo: number): bigint {
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
  if ((hi & 0x7ff00000) !== 0) m |= 1n << 52n;
  return hi < 0 ? -m : m;
}

/** Exponent of the significand's unit bit: value = mantissa * 2^exponent. */
function exponent(hi: number): number {
  const biased = (hi >>> 20) & 0x7ff;
  return (biased === 0 ? 1 : biased) - 1075;
}

/** x*y - p exactly, where p = fl(x*y) and all magnitudes lie inside [SAFE_LOW, SAFE_HIGH]. */
function productError(x: number, y: number, p: number): number {
  let t = SPLIT * x;
  const xh = t - (t - x);
  const xl = x - xh;
  t = SPLIT * y;
  const yh = t - (t - y);
  const yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

function safe(x: number): boolean {
  const m = Math.abs(x);
  return m >= SAFE_LOW && m <= SAFE_HIGH;
}

/** Sign of (a/b - q) for q = fl(a/b), a and b finite and nonzero. */
function quotientSign(a: number, b: number, q: number): number {
  if (safe(a) && safe(b) && safe(q)) {
    const p = q * b;
    const residual = a - p - productError(q, b, p);
    return (residual > 0 ? 1 : residual < 0 ? -1 : 0) * (b > 0 ? 1 : -1);
  }
  return -cmpScaled(q, b, a, 0) * (b > 0 ? 1 : -1);
}

/** Sign of (sqrt(a) - r) for r = fl(sqrt(a)), a finite and positive. */
function rootSign(a: number, r: number): number {
  if (safe(a)) {
    const p = r * r;
    const residual = a - p - productError(r, r, p);
    return residual > 0 ? 1 : residual < 0 ? -1 : 0;
  }
  return -cmpScaled(r, r, a, 0);
}

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
    if (Number.isNaN(r)) return this.invalid();
    if (a === Infinity || a === -Infinity || b === Infinity || b === -Infinity || r === 0) {
      return this.exactSum(a, b, r);
    }
    if (r === Infinity || r === -Infinity) {
      const h = a * 0.5 + b * 0.5; // cannot overflow; decides |a + b| >= 2^1024
      const e = twoSumError(a * 0.5, b * 0.5, h);
      const huge = Math.abs(h) > 2 ** 1023 || (Math.abs(h) === 2 ** 1023 && e * h >= 0);
      return this.finish64(r, r > 0 ? -1 : 1, huge);
    }
    return this.finish64(r, Math.sign(twoSumError(a, b, r)), false);
  }

  mul64(a: number, b: number): number {
    const r = a * b;
    if (Number.isNaN(r)) return this.invalid();
    if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return this.exact(r);
    if (!Number.isFinite(r)) {
      return this.finish64(r, r > 0 ? -1 : 1, cmpScaled(Math.abs(a), Math.abs(b), 1, 1024) >= 0);
    }
    const s =
      safe(a) && safe(b) && safe(r) ? Math.sign(productError(a, b, r)) : cmpScaled(a, b, r, 0);
    return this.finish64(r, s, false);
  }

  div64(a: number, b: number): number {
    const r = a / b;
    if (Number.isNaN(r)) return this.invalid();
    if (b === 0) {
      this.cause = Number.isFinite(a) ? EXC_Z : 0;
      return r;
    }
    if (a === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return this.exact(r);
    if (!Number.isFinite(r)) {
      return this.finish64(r, r > 0 ? -1 : 1, cmpScaled(Math.abs(b), 1, Math.abs(a), -1024) <= 0);
    }
    return this.finish64(r, quotientSign(a, b, r), false);
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
    if (Number.isNaN(d)) return this.invalid();
    if (!Number.isFinite(d) || d === 0) return this.exactSum(a, b, d);
    return this.finish32(d, Math.sign(twoSumError(a, b, d)));
  }

  mul32(a: number, b: number): number {
    const d = a * b; // exact: 24 x 24 bits, exponents well inside binary64
    if (Number.isNaN(d)) return this.invalid();
    if (!Number.isFinite(d)) return this.exact(d);
    return this.finish32(d, 0);
  }

  div32(a: number, b: number): number {
    const d = a / b;
    if (Number.isNaN(d)) return this.invalid();
    if (b === 0) {
      this.cause = Number.isFinite(a) ? EXC_Z : 0;
      return d;
    }
    if (a === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return this.exact(d);
    return this.finish32(d, quotientSign(a, b, d));
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
    return this.finish(r, s, huge, MIN_NORMAL64, nextUp64);
  }

  /** Completes a binary32 result from d, the exact value rounded to binary64, and s = sign(exact - d). */
  private finish32(d: number, s: number): number {
    const f = Math.fround(d);
    const m = Math.abs(d);
    const huge = m > 2 ** 128 || (m === 2 ** 128 && s * d >= 0);
    return this.finish(f, d !== f ? (d > f ? 1 : -1) : s, huge, MIN_NORMAL32, nextUp32);
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

/** a + b - s exactly, where s = fl(a + b) is finite (Knuth's TwoSum). */
function twoSumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}
