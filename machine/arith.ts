/**
 * Integer arithmetic the interpreter cannot do with one JS operator: the high word of 32x32-bit
 * products and 64-bit HI:LO accumulation (mult, multu, madd, msub). Everything stays in int32.
 */

/** High 32 bits of the unsigned 64-bit product of a and b (both taken as uint32). */
export function mulHighUnsigned(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** High 32 bits of the signed 64-bit product of a and b (both int32). */
export function mulHighSigned(a: number, b: number): number {
  let hi = mulHighUnsigned(a, b);
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  return hi;
}

/**
 * Adds (sign = 1) or subtracts (sign = -1) the 64-bit value pHi:pLo to hi:lo and returns the
 * new [hi, lo] as int32s.
 */
export function accumulate64(
  hi: number,
  lo: number,
  pHi: number,
  pLo: number,
  sign: 1 | -1,
): [number, number] {
  if (sign < 0) {
    // Two's complement negation of pHi:pLo.
    pLo = ~pLo + 1;
    pHi = pLo === 0 ? -pHi | 0 : ~pHi;
    pLo |= 0;
  }
  const sumLo = (lo >>> 0) + (pLo >>> 0);
  const carry = sumLo > 0xffffffff ? 1 : 0;
  return [(hi + pHi + carry) | 0, sumLo | 0];
}

/** Count of leading zero bits (clz); Math.clz32 is exactly MIPS clz. */
export const countLeadingZeros = Math.clz32;

/** Count of leading one bits (clo). */
export function countLeadingOnes(x: number): number {
  return Math.clz32(~x);
}
