/**
 * COP1 arithmetic (add, sub, mul, div, sqrt in .s and .d): results as bit patterns under each
 * rounding mode, and the Cause/Flags bits each operation raises. Expected values are worked out
 * by hand from the operands' binary expansions (noted beside the less obvious rows).
 */
import { describe, expect, it } from 'vitest';
import { Fpu } from '../../machine/fpu.ts';

const S = 0x10;
const D = 0x11;
const FUNCT = { add: 0, sub: 1, mul: 2, div: 3, sqrt: 4 } as const;
type Op = keyof typeof FUNCT;

function cop1(rs: number, ft: number, fs: number, fd: number, funct: number): number {
  return (0x11 << 26) | (rs << 21) | (ft << 16) | (fs << 11) | (fd << 6) | funct | 0;
}

/** 'VZOUI' letters to the FCSR field bits (I = 1 ... V = 16). */
function exc(letters: string): number {
  let bits = 0;
  for (const c of letters) bits |= 1 << 'IUOZV'.indexOf(c);
  return bits;
}

const RM = { rn: 0, rz: 1, rp: 2, rm: 3 } as const;

/** Runs op on f2 (fs) and f4 (ft) into f6; returns [result hex, cause letters code, exc code]. */
function run(fmt: number, op: Op, rm: number, a: string, b: string, fcsr = 0) {
  const fpu = new Fpu();
  fpu.fcsr = fcsr | rm;
  load(fpu, fmt, 2, a);
  load(fpu, fmt, 4, b);
  const code = fpu.execute(cop1(fmt, op === 'sqrt' ? 0 : 4, 2, 6, FUNCT[op]), new Int32Array(32));
  return { fpu, code, result: read(fpu, fmt, 6), cause: (fpu.fcsr >>> 12) & 63 };
}

function load(fpu: Fpu, fmt: number, n: number, hex: string): void {
  if (fmt === S) fpu.fpr[n] = Number.parseInt(hex, 16) | 0;
  else {
    fpu.fpr[n + 1] = Number.parseInt(hex.slice(0, 8), 16) | 0;
    fpu.fpr[n] = Number.parseInt(hex.slice(8), 16) | 0;
  }
}

function read(fpu: Fpu, fmt: number, n: number): string {
  const w = (x: number) => (x >>> 0).toString(16).padStart(8, '0');
  return fmt === S ? w(fpu.fpr[n]) : w(fpu.fpr[n + 1]) + w(fpu.fpr[n]);
}

// [op, rounding mode, a, b, expected, exceptions]
type Row = [Op, keyof typeof RM, string, string, string, string];

const SINGLE: Row[] = [
  ['add', 'rn', '3f800000', '40000000', '40400000', ''], // 1 + 2 = 3
  // 1 + 2^-24 lies halfway between 1 and 1 + 2^-23: ties to even, or up under RP.
  ['add', 'rn', '3f800000', '33800000', '3f800000', 'I'],
  ['add', 'rz', '3f800000', '33800000', '3f800000', 'I'],
  ['add', 'rp', '3f800000', '33800000', '3f800001', 'I'],
  ['add', 'rm', '3f800000', '33800000', '3f800000', 'I'],
  ['add', 'rm', 'bf800000', 'b3800000', 'bf800001', 'I'],
  ['add', 'rp', 'bf800000', 'b3800000', 'bf800000', 'I'],
  ['sub', 'rn', '3f800000', '3f800000', '00000000', ''], // x - x = +0
  ['sub', 'rm', '3f800000', '3f800000', '80000000', ''], // ... but -0 toward -inf
  ['add', 'rn', '80000000', '80000000', '80000000', ''], // -0 + -0 = -0
  ['add', 'rn', '7f800000', '3f800000', '7f800000', ''], // inf + 1 is exact
  ['sub', 'rn', '7f800000', '7f800000', '7fbfffff', 'V'], // inf - inf
  // MAX + MAX: overflow in every mode; directed modes toward zero give MAX.
  ['add', 'rn', '7f7fffff', '7f7fffff', '7f800000', 'OI'],
  ['add', 'rz', '7f7fffff', '7f7fffff', '7f7fffff', 'OI'],
  ['add', 'rm', '7f7fffff', '7f7fffff', '7f7fffff', 'OI'],
  ['add', 'rm', 'ff7fffff', 'ff7fffff', 'ff800000', 'OI'],
  // MAX + 2^103 (half an ulp): ties up to 2^128 = overflow under RN; below 2^128, so RZ is just inexact.
  ['add', 'rn', '7f7fffff', '73000000', '7f800000', 'OI'],
  ['add', 'rz', '7f7fffff', '73000000', '7f7fffff', 'I'],
  ['add', 'rp', '7f7fffff', '73000000', '7f800000', 'OI'],
  // Subnormals: 2^-149 + 2^-149 = 2^-148 exactly; no underflow without inexactness.
  ['add', 'rn', '00000001', '00000001', '00000002', ''],
  ['mul', 'rn', '40400000', 'c0000000', 'c0c00000', ''], // 3 * -2
  ['mul', 'rn', '0d800000', '27000000', '00000001', ''], // 2^-100 * 2^-49 = 2^-149 exact
  ['mul', 'rn', '0d800000', '26800000', '00000000', 'UI'], // 2^-150: tie to 0
  ['mul', 'rp', '0d800000', '26800000', '00000001', 'UI'],
  ['mul', 'rm', '8d800000', '26800000', '80000001', 'UI'],
  ['mul', 'rz', '8d800000', '26800000', '80000000', 'UI'],
  ['mul', 'rn', '00800000', '3f000000', '00400000', ''], // MIN_NORMAL / 2 exact subnormal
  ['mul', 'rn', '00000000', '7f800000', '7fbfffff', 'V'], // 0 * inf
  ['mul', 'rn', '80000000', '3f800000', '80000000', ''],
  // 1/3 = 0.0101..b: RN rounds the trailing 01.. up.
  ['div', 'rn', '3f800000', '40400000', '3eaaaaab', 'I'],
  ['div', 'rz', '3f800000', '40400000', '3eaaaaaa', 'I'],
  ['div', 'rp', '3f800000', '40400000', '3eaaaaab', 'I'],
  ['div', 'rm', '3f800000', '40400000', '3eaaaaaa', 'I'],
  ['div', 'rm', 'bf800000', '40400000', 'beaaaaab', 'I'],
  ['div', 'rp', 'bf800000', '40400000', 'beaaaaaa', 'I'],
  ['div', 'rn', '40c00000', '40000000', '40400000', ''], // 6 / 2
  ['div', 'rn', '3f800000', '00000000', '7f800000', 'Z'],
  ['div', 'rn', '3f800000', '80000000', 'ff800000', 'Z'],
  ['div', 'rn', '00000000', '00000000', '7fbfffff', 'V'],
  ['div', 'rn', '7f800000', '00000000', '7f800000', ''], // inf / 0 is exact
  ['div', 'rn', '7f800000', '7f800000', '7fbfffff', 'V'],
  ['div', 'rn', '3f800000', '7f800000', '00000000', ''],
  ['div', 'rn', '7f7fffff', '3f000000', '7f800000', 'OI'], // MAX / 0.5
  ['div', 'rz', '7f7fffff', '3f000000', '7f7fffff', 'OI'],
  // sqrt 2 = 1.41421356..: 0x3fb504f3 = 1.41421353.. lies below, 0x3fb504f4 = 1.41421365.. above.
  ['sqrt', 'rn', '40000000', '0', '3fb504f3', 'I'],
  ['sqrt', 'rp', '40000000', '0', '3fb504f4', 'I'],
  ['sqrt', 'rz', '40000000', '0', '3fb504f3', 'I'],
  ['sqrt', 'rn', '40800000', '0', '40000000', ''], // sqrt 4
  ['sqrt', 'rn', '80000000', '0', '80000000', ''], // sqrt -0 = -0
  ['sqrt', 'rn', 'bf800000', '0', '7fbfffff', 'V'],
  ['sqrt', 'rn', '7f800000', '0', '7f800000', ''],
];

const DOUBLE: Row[] = [
  ['add', 'rn', '3ff0000000000000', '4000000000000000', '4008000000000000', ''],
  // 1 + 2^-53: the halfway case again.
  ['add', 'rn', '3ff0000000000000', '3ca0000000000000', '3ff0000000000000', 'I'],
  ['add', 'rp', '3ff0000000000000', '3ca0000000000000', '3ff0000000000001', 'I'],
  // 0.1 + 0.2 = 3 * 0.1d = 0x13333333333333.8 ulps: a tie, to even ...34.
  ['add', 'rn', '3fb999999999999a', '3fc999999999999a', '3fd3333333333334', 'I'],
  ['add', 'rz', '3fb999999999999a', '3fc999999999999a', '3fd3333333333333', 'I'],
  ['add', 'rm', '3fb999999999999a', '3fc999999999999a', '3fd3333333333333', 'I'],
  ['add', 'rp', '3fb999999999999a', '3fc999999999999a', '3fd3333333333334', 'I'],
  ['sub', 'rm', '4000000000000000', '4000000000000000', '8000000000000000', ''],
  ['add', 'rn', '7fefffffffffffff', '7fefffffffffffff', '7ff0000000000000', 'OI'],
  ['add', 'rz', '7fefffffffffffff', '7fefffffffffffff', '7fefffffffffffff', 'OI'],
  // MAX + 2^970 (half an ulp): overflow under RN, only inexact under RZ.
  ['add', 'rn', '7fefffffffffffff', '7c90000000000000', '7ff0000000000000', 'OI'],
  ['add', 'rz', '7fefffffffffffff', '7c90000000000000', '7fefffffffffffff', 'I'],
  ['mul', 'rn', '7fefffffffffffff', '4000000000000000', '7ff0000000000000', 'OI'],
  ['mul', 'rz', '7fefffffffffffff', '4000000000000000', '7fefffffffffffff', 'OI'],
  ['mul', 'rm', 'ffefffffffffffff', '4000000000000000', 'fff0000000000000', 'OI'],
  // 2^-1000 * 2^-74 = 2^-1074 exact; * 2^-75 is a tie to 0; * 1.5*2^-75 rounds to 2^-1074.
  ['mul', 'rn', '0170000000000000', '3b50000000000000', '0000000000000001', ''],
  ['mul', 'rn', '0170000000000000', '3b40000000000000', '0000000000000000', 'UI'],
  ['mul', 'rp', '0170000000000000', '3b40000000000000', '0000000000000001', 'UI'],
  ['mul', 'rn', '0170000000000000', '3b48000000000000', '0000000000000001', 'UI'],
  ['mul', 'rz', '0170000000000000', '3b48000000000000', '0000000000000000', 'UI'],
  ['mul', 'rm', '8170000000000000', '3b48000000000000', '8000000000000001', 'UI'],
  // 0x3fd5555555555555 * 3 = 1 - 2^-54 exactly: halfway between 1 - 2^-53 and 1, ties to 1.
  ['mul', 'rn', '3fd5555555555555', '4008000000000000', '3ff0000000000000', 'I'],
  ['mul', 'rz', '3fd5555555555555', '4008000000000000', '3fefffffffffffff', 'I'],
  ['div', 'rn', '3ff0000000000000', '4008000000000000', '3fd5555555555555', 'I'],
  ['div', 'rp', '3ff0000000000000', '4008000000000000', '3fd5555555555556', 'I'],
  ['div', 'rm', 'bff0000000000000', '4008000000000000', 'bfd5555555555556', 'I'],
  ['div', 'rn', '3ff0000000000000', '0000000000000000', '7ff0000000000000', 'Z'],
  ['div', 'rn', '0000000000000000', '0000000000000000', '7ff7ffffffffffff', 'V'],
  ['div', 'rn', '0000000000000001', '4000000000000000', '0000000000000000', 'UI'], // 2^-1075 tie
  ['div', 'rp', '0000000000000001', '4000000000000000', '0000000000000001', 'UI'],
  ['div', 'rn', '0000000000000003', '4000000000000000', '0000000000000002', 'UI'], // 1.5 ulp: to even
  ['div', 'rz', '7fefffffffffffff', '3fe0000000000000', '7fefffffffffffff', 'OI'],
  ['div', 'rn', '7fefffffffffffff', '3fe0000000000000', '7ff0000000000000', 'OI'],
  // sqrt 2 rounded to nearest (..cd) lies above sqrt 2.
  ['sqrt', 'rn', '4000000000000000', '0', '3ff6a09e667f3bcd', 'I'],
  ['sqrt', 'rz', '4000000000000000', '0', '3ff6a09e667f3bcc', 'I'],
  ['sqrt', 'rp', '4000000000000000', '0', '3ff6a09e667f3bcd', 'I'],
  ['sqrt', 'rn', '0000000000000001', '0', '1e60000000000000', ''], // sqrt 2^-1074 = 2^-537 (exponent 1023 - 537 = 0x1e6)
  ['sqrt', 'rn', 'bff0000000000000', '0', '7ff7ffffffffffff', 'V'],
];

describe('Fpu arithmetic', () => {
  for (const [fmtName, fmt, rows] of [
    ['s', S, SINGLE],
    ['d', D, DOUBLE],
  ] as const) {
    it.each(rows)(`%s.${fmtName} (%s) %s, %s = %s [%s]`, (op, rm, a, b, want, flags) => {
      const { code, result, cause, fpu } = run(fmt, op, RM[rm], a, b.padStart(a.length, '0'));
      expect(code).toBe(0);
      expect(result).toBe(want);
      expect(cause).toBe(exc(flags));
      expect((fpu.fcsr >>> 2) & 31).toBe(exc(flags) & 31);
    });
  }

  it('keeps flags sticky across operations and replaces cause', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    fpu.fpr[2] = 0x3f800000;
    fpu.fpr[4] = 0x40400000;
    fpu.execute(cop1(S, 4, 2, 6, FUNCT.div), gpr); // inexact
    fpu.execute(cop1(S, 4, 2, 6, FUNCT.add), gpr); // exact
    expect((fpu.fcsr >>> 12) & 63).toBe(0);
    expect((fpu.fcsr >>> 2) & 31).toBe(exc('I'));
  });
});

describe('Fpu arithmetic NaNs and traps', () => {
  it('propagates a quiet NaN operand bit for bit, fs first', () => {
    expect(run(S, 'add', 0, '7f800123', '3f800000').result).toBe('7f800123');
    expect(run(S, 'mul', 0, '3f800000', 'ff800456').result).toBe('ff800456');
    expect(run(S, 'sub', 0, '7f800001', '7f800002').result).toBe('7f800001');
    const d = run(D, 'add', 0, '3ff0000000000000', '7ff0000000000abc');
    expect([d.result, d.cause]).toEqual(['7ff0000000000abc', 0]);
  });

  it('turns a signalling NaN (fraction top bit set) into the default NaN with Invalid', () => {
    const s = run(S, 'add', 0, '3f800000', '7fc00000');
    expect([s.result, s.cause]).toEqual(['7fbfffff', exc('V')]);
    const d = run(D, 'sqrt', 0, 'fff8000000000000', '0');
    expect([d.result, d.cause]).toEqual(['7ff7ffffffffffff', exc('V')]);
  });

  it('traps enabled exceptions with code 15, leaving fd and Flags alone', () => {
    const enableZ = exc('Z') << 7;
    const t = run(S, 'div', 0, '3f800000', '00000000', enableZ);
    expect(t.code).toBe(15);
    expect(t.result).toBe('00000000');
    expect(t.cause).toBe(exc('Z'));
    expect((t.fpu.fcsr >>> 2) & 31).toBe(0);
    const enableI = exc('I') << 7;
    expect(run(D, 'div', 0, '3ff0000000000000', '4008000000000000', enableI).code).toBe(15);
    expect(run(D, 'div', 0, '3ff0000000000000', '4000000000000000', enableI).code).toBe(0);
    const enableV = exc('V') << 7;
    expect(run(S, 'add', 0, '3f800000', '7fc00000', enableV).code).toBe(15);
    expect(run(S, 'add', 0, '3f800000', '7f800001', enableV).code).toBe(0); // quiet: no trap
  });

  it('signals underflow on an exact tiny result only when underflow is enabled', () => {
    const enableU = exc('U') << 7;
    const t = run(S, 'mul', 0, '0d800000', '27000000', enableU);
    expect([t.code, t.cause]).toEqual([15, exc('U')]);
  });
});
