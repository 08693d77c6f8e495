/**
 * COP1 conversions: cvt.w/round.w/trunc.w/ceil.w/floor.w from .s and .d, cvt.s.d, cvt.d.s,
 * cvt.s.w and cvt.d.w, with rounding modes, the 2^31-1 default on invalid, and flags.
 */
import { describe, expect, it } from 'vitest';
import { Fpu } from '../../machine/fpu.ts';

const S = 0x10;
const D = 0x11;
const W = 0x14;
const FUNCT = {
  'round.w': 0x0c,
  'trunc.w': 0x0d,
  'ceil.w': 0x0e,
  'floor.w': 0x0f,
  'cvt.s': 0x20,
  'cvt.d': 0x21,
  'cvt.w': 0x24,
} as const;
type Op = keyof typeof FUNCT;
const RM = { rn: 0, rz: 1, rp: 2, rm: 3 } as const;

function cop1(rs: number, ft: number, fs: number, fd: number, funct: number): number {
  return (0x11 << 26) | (rs << 21) | (ft << 16) | (fs << 11) | (fd << 6) | funct | 0;
}

function exc(letters: string): number {
  let bits = 0;
  for (const c of letters) bits |= 1 << 'IUOZV'.indexOf(c);
  return bits;
}

const hex = (x: number) => (x >>> 0).toString(16).padStart(8, '0');

/** Converts the value in f2 (8 or 16 hex digits) into f4; returns result hex of `outWords`. */
function convert(fmt: number, op: Op, rm: keyof typeof RM, src: string, outWords: 1 | 2) {
  const fpu = new Fpu();
  fpu.fcsr = RM[rm];
  if (src.length === 8) fpu.fpr[2] = Number.parseInt(src, 16) | 0;
  else {
    fpu.fpr[3] = Number.parseInt(src.slice(0, 8), 16) | 0;
    fpu.fpr[2] = Number.parseInt(src.slice(8), 16) | 0;
  }
  const code = fpu.execute(cop1(fmt, 0, 2, 4, FUNCT[op]), new Int32Array(32));
  const result = outWords === 1 ? hex(fpu.fpr[4]) : hex(fpu.fpr[5]) + hex(fpu.fpr[4]);
  return { code, result, cause: (fpu.fcsr >>> 12) & 63 };
}

// [op, source format, rounding mode, source bits, result word (hex), exceptions]
type Row = [Op, 's' | 'd', keyof typeof RM, string, string, string];

const TO_WORD: Row[] = [
  ['cvt.w', 's', 'rn', '40200000', '00000002', 'I'], // 2.5 -> 2 (even)
  ['cvt.w', 's', 'rn', '40600000', '00000004', 'I'], // 3.5 -> 4 (even)
  ['cvt.w', 's', 'rz', '40200000', '00000002', 'I'],
  ['cvt.w', 's', 'rp', '40200000', '00000003', 'I'],
  ['cvt.w', 's', 'rm', '40200000', '00000002', 'I'],
  ['cvt.w', 's', 'rn', 'c0200000', 'fffffffe', 'I'], // -2.5 -> -2
  ['cvt.w', 's', 'rm', 'c0200000', 'fffffffd', 'I'], // -> -3
  ['cvt.w', 's', 'rp', 'c0200000', 'fffffffe', 'I'],
  ['cvt.w', 's', 'rn', 'bf000000', '00000000', 'I'], // -0.5 -> 0
  ['cvt.w', 's', 'rn', '42280000', '0000002a', ''], // 42.0 exact
  ['cvt.w', 's', 'rn', 'cf000000', '80000000', ''], // -2^31 fits
  ['cvt.w', 's', 'rn', '4f000000', '7fffffff', 'V'], // 2^31 does not
  ['cvt.w', 's', 'rn', '7f800000', '7fffffff', 'V'], // +inf
  ['cvt.w', 's', 'rn', 'ff800000', '7fffffff', 'V'], // -inf: still 2^31-1
  ['cvt.w', 's', 'rn', '7f800001', '7fffffff', 'V'], // quiet NaN
  ['cvt.w', 's', 'rn', '00000001', '00000000', 'I'], // 2^-149
  ['cvt.w', 's', 'rp', '00000001', '00000001', 'I'],
  // The explicit-mode forms ignore FCSR.RM (set to RP here).
  ['round.w', 's', 'rp', '40200000', '00000002', 'I'],
  ['trunc.w', 's', 'rp', 'c02ccccd', 'fffffffe', 'I'], // -2.7 -> -2
  ['ceil.w', 's', 'rm', 'c02ccccd', 'fffffffe', 'I'],
  ['floor.w', 's', 'rp', 'c02ccccd', 'fffffffd', 'I'], // -> -3
  ['ceil.w', 's', 'rn', '3dcccccd', '00000001', 'I'], // 0.1 -> 1
  ['cvt.w', 'd', 'rn', '41dfffffffd9999a', '7fffffff', 'I'], // 2147483647.4
  ['cvt.w', 'd', 'rn', '41dfffffffe00000', '7fffffff', 'V'], // 2147483647.5 -> 2^31
  ['cvt.w', 'd', 'rz', '41dfffffffe00000', '7fffffff', 'I'],
  ['cvt.w', 'd', 'rn', 'c1e0000000100000', '80000000', 'I'], // -2147483648.5 -> even
  ['cvt.w', 'd', 'rm', 'c1e0000000100000', '7fffffff', 'V'],
  ['trunc.w', 'd', 'rn', 'c1e0000000100000', '80000000', 'I'],
  ['floor.w', 'd', 'rn', '4004000000000000', '00000002', 'I'], // 2.5
  ['round.w', 'd', 'rn', '400c000000000000', '00000004', 'I'], // 3.5
  ['cvt.w', 'd', 'rn', '7ff8000000000000', '7fffffff', 'V'], // NaN (signalling)
  ['cvt.w', 'd', 'rn', '8000000000000000', '00000000', ''], // -0
];

const FORMATS: Row[] = [
  // 0.1d = 1.1001100..b * 2^-4; the binary32 cut falls on 1100 1100.. -> rounds up under RN.
  ['cvt.s', 'd', 'rn', '3fb999999999999a', '3dcccccd', 'I'],
  ['cvt.s', 'd', 'rz', '3fb999999999999a', '3dcccccc', 'I'],
  ['cvt.s', 'd', 'rm', 'bfb999999999999a', 'bdcccccd', 'I'],
  ['cvt.s', 'd', 'rn', '3ff8000000000000', '3fc00000', ''], // 1.5 exact
  ['cvt.s', 'd', 'rn', '480c6f7a0b5ed8d4', '7f800000', 'OI'], // 1e39
  ['cvt.s', 'd', 'rz', '480c6f7a0b5ed8d4', '7f7fffff', 'OI'],
  ['cvt.s', 'd', 'rn', '36a0000000000000', '00000001', ''], // 2^-149 exact subnormal
  ['cvt.s', 'd', 'rn', '3690000000000000', '00000000', 'UI'], // 2^-150 ties to 0
  ['cvt.s', 'd', 'rn', '3698000000000000', '00000001', 'UI'], // 1.5 * 2^-150 rounds up
  ['cvt.s', 'd', 'rn', '3680000000000000', '00000000', 'UI'], // 2^-151
  ['cvt.s', 'd', 'rp', '3690000000000000', '00000001', 'UI'],
  ['cvt.s', 'd', 'rn', '7ff0000000000000', '7f800000', ''],
  ['cvt.s', 'd', 'rn', '7ff0000000000001', '7fbfffff', ''], // quiet NaN -> default NaN
  ['cvt.s', 'd', 'rn', '7ff8000000000000', '7fbfffff', 'V'], // signalling
];

const WIDEN: Row[] = [
  ['cvt.d', 's', 'rn', '3dcccccd', '3fb99999a0000000', ''],
  ['cvt.d', 's', 'rn', '00000001', '36a0000000000000', ''], // 2^-149 is normal as binary64
  ['cvt.d', 's', 'rn', 'ff800000', 'fff0000000000000', ''],
  ['cvt.d', 's', 'rn', '80000000', '8000000000000000', ''],
  ['cvt.d', 's', 'rn', '7f800001', '7ff7ffffffffffff', ''], // quiet NaN -> default NaN
  ['cvt.d', 's', 'rn', '7fc00000', '7ff7ffffffffffff', 'V'],
];

describe('Fpu conversions', () => {
  it.each(TO_WORD)('%s.%s (%s) %s = %s [%s]', (op, f, rm, src, want, flags) => {
    const r = convert(f === 's' ? S : D, op, rm, src, 1);
    expect([r.code, r.result, r.cause]).toEqual([0, want, exc(flags)]);
  });

  it.each(FORMATS)('%s.%s (%s) %s = %s [%s]', (op, f, rm, src, want, flags) => {
    const r = convert(f === 's' ? S : D, op, rm, src, 1);
    expect([r.code, r.result, r.cause]).toEqual([0, want, exc(flags)]);
  });

  it.each(WIDEN)('%s.%s (%s) %s = %s [%s]', (op, f, rm, src, want, flags) => {
    const r = convert(f === 's' ? S : D, op, rm, src, 2);
    expect([r.code, r.result, r.cause]).toEqual([0, want, exc(flags)]);
  });

  it.each([
    ['rn', '01000001', '4b800000', 'I'], // 16777217 -> 2^24 (tie to even)
    ['rp', '01000001', '4b800001', 'I'],
    ['rn', '01000003', '4b800002', 'I'], // 16777219 -> 16777220 (tie to even)
    ['rz', '01000003', '4b800001', 'I'],
    ['rn', '80000000', 'cf000000', ''], // -2^31
    ['rn', '7fffffff', '4f000000', 'I'],
    ['rz', '7fffffff', '4effffff', 'I'],
    ['rn', 'fffffffb', 'c0a00000', ''], // -5
  ] as const)('cvt.s.w (%s) %s = %s [%s]', (rm, src, want, flags) => {
    const r = convert(W, 'cvt.s', rm, src, 1);
    expect([r.code, r.result, r.cause]).toEqual([0, want, exc(flags)]);
  });

  it.each([
    ['fffffffb', 'c014000000000000'], // -5
    ['7fffffff', '41dfffffffc00000'],
    ['80000000', 'c1e0000000000000'],
    ['00000000', '0000000000000000'],
  ] as const)('cvt.d.w %s = %s exactly', (src, want) => {
    const r = convert(W, 'cvt.d', 'rn', src, 2);
    expect([r.code, r.result, r.cause]).toEqual([0, want, 0]);
  });

  it('traps an enabled Invalid on an out-of-range conversion, leaving fd alone', () => {
    const fpu = new Fpu();
    fpu.fcsr = exc('V') << 7;
    fpu.fpr[2] = 0x4f000000;
    fpu.fpr[4] = 1234;
    expect(fpu.execute(cop1(S, 0, 2, 4, FUNCT['cvt.w']), new Int32Array(32))).toBe(15);
    expect(fpu.fpr[4]).toBe(1234);
    expect((fpu.fcsr >>> 12) & 63).toBe(exc('V'));
  });
});
