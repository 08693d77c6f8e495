/**
 * Exact error terms for machine/fpu-ieee.ts: given an operation's round-to-nearest result r, the
 * sign of (exact - r), which decides directed rounding and the Inexact, Underflow and Overflow
 * flags. TwoSum (Knuth) for sums; Dekker's TwoProduct for products, quotient residuals and root
 * residuals while every magnitude stays inside [SAFE_LOW, SAFE_HIGH]; exact BigInt arithmetic
 * otherwise (operands near the ends of the exponent range; rare, and the only allocating path).
 * Also the one-ulp steps nextUp32/nextUp64 and the step in a rounding mode's direction.
 */
/** FCSR.RM values: to nearest (even), toward zero, toward +inf, toward -inf. */
export const RM_RN = 0;
export const RM_RZ = 1;
export const RM_RP = 2;
export const RM_RM = 3;

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
export function adjust(r: number, s: number, rm: number, up: (x: number) => number): number {
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
export function productError(x: number, y: number, p: number): number {
  let t = SPLIT * x;
  const xh = t - (t - x);
  const xl = x - xh;
  t = SPLIT * y;
  const yh = t - (t - y);
  const yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

export function safe(x: number): boolean {
  const m = Math.abs(x);
  return m >= SAFE_LOW && m <= SAFE_HIGH;
}

/** Sign of (a/b - q) for q = fl(a/b), a and b finite and nonzero. */
export function quotientSign(a: number, b: number, q: number): number {
  if (safe(a) && safe(b) && safe(q)) {
    const p = q * b;
    const residual = a - p - productError(q, b, p);
    return b > 0 ? signOf(residual) : -signOf(residual);
  }
  return -cmpScaled(q, b, a, 0) * (b > 0 ? 1 : -1);
}

/** Sign of (sqrt(a) - r) for r = fl(sqrt(a)), a finite and positive. */
export function rootSign(a: number, r: number): number {
  if (safe(a)) {
    const p = r * r;
    const residual = a - p - productError(r, r, p);
    return signOf(residual);
  }
  return -cmpScaled(r, r, a, 0);
}

export function signOf(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** a + b - s exactly, where s = fl(a + b) is finite (Knuth's TwoSum). */
export function twoSumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}
