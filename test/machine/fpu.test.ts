/**
 * COP1 beyond arithmetic: the 16 compare conditions with cc fields and NaNs, movf/movt/movz/movn
 * .fmt, bit-exact mov/neg/abs, mfc1/mtc1/cfc1/ctc1 and the FCR views, reserved encodings, and
 * save/restore. Arithmetic is in fpu-arith.test.ts, conversions in fpu-convert.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Fpu } from '../../machine/fpu.ts';

const S = 0x10;
const D = 0x11;
const MF = 0;
const CF = 2;
const MT = 4;
const CT = 6;
const V = 16;

function cop1(rs: number, ft: number, fs: number, fd: number, funct: number): number {
  return (0x11 << 26) | (rs << 21) | (ft << 16) | (fs << 11) | (fd << 6) | funct | 0;
}
const cmp = (fmt: number, cond: number, fs: number, ft: number, cc: number) =>
  cop1(fmt, ft, fs, cc << 2, 0x30 | cond);
const movcf = (fmt: number, fd: number, fs: number, cc: number, tf: number) =>
  cop1(fmt, (cc << 2) | tf, fs, fd, 0x11);

const ONE = [0x3f800000, 0x3ff00000];
const TWO = [0x40000000, 0x40000000];
const QNAN = [0x7f800001, 0x7ff00001]; // legacy MIPS: fraction top bit clear = quiet
const SNAN = [0x7fc00000, 0x7ff80000];

/** Puts a value (index 0 single word, 1 double high word) into register n of format fmt. */
function put(fpu: Fpu, fmt: number, n: number, v: number[]): void {
  if (fmt === S) fpu.fpr[n] = v[0];
  else {
    fpu.fpr[n] = 0;
    fpu.fpr[n + 1] = v[1];
  }
}

// cond, name, and whether it holds for less / equal / greater / unordered operands.
const CONDITIONS: [number, string, number, number, number, number][] = [
  [0, 'f', 0, 0, 0, 0],
  [1, 'un', 0, 0, 0, 1],
  [2, 'eq', 0, 1, 0, 0],
  [3, 'ueq', 0, 1, 0, 1],
  [4, 'olt', 1, 0, 0, 0],
  [5, 'ult', 1, 0, 0, 1],
  [6, 'ole', 1, 1, 0, 0],
  [7, 'ule', 1, 1, 0, 1],
  [8, 'sf', 0, 0, 0, 0],
  [9, 'ngle', 0, 0, 0, 1],
  [10, 'seq', 0, 1, 0, 0],
  [11, 'ngl', 0, 1, 0, 1],
  [12, 'lt', 1, 0, 0, 0],
  [13, 'nge', 1, 0, 0, 1],
  [14, 'le', 1, 1, 0, 0],
  [15, 'ngt', 1, 1, 0, 1],
];

describe('Fpu compares', () => {
  for (const [fmtName, fmt] of [
    ['s', S],
    ['d', D],
  ] as const) {
    it.each(CONDITIONS)(`c.%s.${fmtName}`, (cond, _name, lt, eq, gt, un) => {
      const cases: [number[], number[], number, number][] = [
        [ONE, TWO, lt, 0],
        [TWO, TWO, eq, 0],
        [TWO, ONE, gt, 0],
        [ONE, QNAN, un, cond >= 8 ? V : 0], // only the signalling half flags a quiet NaN
        [SNAN, ONE, un, V],
      ];
      for (const [a, b, want, cause] of cases) {
        const cc = cond & 7;
        const fpu = new Fpu();
        fpu.fcsr = want ? 0 : -1 & 0xff800000; // every cc starts opposite to the answer
        put(fpu, fmt, 2, a);
        put(fpu, fmt, 4, b);
        expect(fpu.execute(cmp(fmt, cond, 2, 4, cc), new Int32Array(32))).toBe(0);
        expect(fpu.condition(cc)).toBe(want === 1);
        for (let other = 0; other < 8; other++) {
          if (other !== cc) expect(fpu.condition(other)).toBe(want !== 1);
        }
        expect((fpu.fcsr >>> 12) & 63).toBe(cause);
      }
    });
  }

  it('treats +0 and -0 as equal', () => {
    const fpu = new Fpu();
    fpu.fpr[2] = 0;
    fpu.fpr[4] = 0x80000000 | 0;
    fpu.execute(cmp(S, 2, 2, 4, 0), new Int32Array(32));
    expect(fpu.condition(0)).toBe(true);
  });

  it('puts cc0 at FCSR bit 23 and cc1..7 at bits 25..31', () => {
    const fpu = new Fpu();
    fpu.fpr[2] = ONE[0];
    fpu.fpr[4] = TWO[0];
    const gpr = new Int32Array(32);
    fpu.execute(cmp(S, 12, 2, 4, 0), gpr);
    expect(fpu.fcsr >>> 0).toBe(1 << 23);
    fpu.execute(cmp(S, 12, 2, 4, 1), gpr);
    fpu.execute(cmp(S, 12, 2, 4, 7), gpr);
    expect(fpu.fcsr >>> 0).toBe(((1 << 23) | (1 << 25) | (1 << 31)) >>> 0);
  });

  it('traps c.lt on a NaN when Invalid is enabled, leaving the cc alone', () => {
    const fpu = new Fpu();
    fpu.fcsr = (V << 7) | (1 << 23);
    fpu.fpr[2] = QNAN[0];
    expect(fpu.execute(cmp(S, 12, 2, 4, 0), new Int32Array(32))).toBe(15);
    expect(fpu.condition(0)).toBe(true);
    expect(fpu.execute(cmp(S, 4, 2, 4, 0), new Int32Array(32))).toBe(0); // c.olt is quiet
    expect(fpu.condition(0)).toBe(false);
  });
});

describe('Fpu moves', () => {
  it('movt/movf.s and .d move on the named cc', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    fpu.setCondition(3, true);
    fpu.fpr[2] = 111;
    fpu.fpr[3] = 222;
    expect(fpu.execute(movcf(S, 8, 2, 3, 1), gpr)).toBe(0); // movt.s $f8, $f2, $fcc3
    expect(fpu.execute(movcf(S, 9, 2, 3, 0), gpr)).toBe(0); // movf.s: no move
    expect(fpu.execute(movcf(D, 10, 2, 3, 1), gpr)).toBe(0);
    expect(fpu.execute(movcf(D, 12, 2, 2, 0), gpr)).toBe(0); // cc2 is false: movf moves
    expect(Array.from(fpu.fpr.slice(8, 14))).toEqual([111, 0, 111, 222, 111, 222]);
  });

  it('movz/movn.fmt test a GPR', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    gpr[5] = 7;
    fpu.fpr[2] = 42;
    fpu.execute(cop1(S, 5, 2, 4, 0x12), gpr); // movz.s $f4, $f2, $5: no
    fpu.execute(cop1(S, 5, 2, 6, 0x13), gpr); // movn.s: yes
    fpu.execute(cop1(D, 0, 2, 8, 0x12), gpr); // movz.d with $0: yes
    expect([fpu.fpr[4], fpu.fpr[6], fpu.fpr[8]]).toEqual([0, 42, 42]);
  });

  it('mov/neg/abs copy bits exactly, NaNs included, and never raise', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    fpu.fcsr = (V << 7) | (V << 12);
    fpu.fpr[2] = SNAN[0] | 1;
    fpu.fpr[4] = -1;
    fpu.fpr[5] = 0xfff7ffff | 0;
    const ops = [
      cop1(S, 0, 2, 10, 6), // mov.s
      cop1(S, 0, 2, 11, 7), // neg.s
      cop1(S, 0, 11, 12, 5), // abs.s
      cop1(D, 0, 4, 14, 5), // abs.d
      cop1(D, 0, 4, 16, 7), // neg.d
    ];
    for (const op of ops) expect(fpu.execute(op, gpr)).toBe(0);
    const words = Array.from(fpu.fpr.slice(10, 18), (w) => (w >>> 0).toString(16));
    expect(words).toEqual([
      '7fc00001',
      'ffc00001',
      '7fc00001',
      '0',
      'ffffffff',
      '7ff7ffff',
      'ffffffff',
      '7ff7ffff',
    ]);
    expect(fpu.fcsr).toBe((V << 7) | (V << 12)); // Cause untouched
  });

  it('mtc1/mfc1 move raw words and never write $0', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    gpr[5] = 0x3f800000;
    expect(fpu.execute(cop1(MT, 5, 7, 0, 0), gpr)).toBe(0);
    expect(fpu.f32[7]).toBe(1);
    expect(fpu.execute(cop1(MF, 6, 7, 0, 0), gpr)).toBe(0);
    expect(fpu.execute(cop1(MF, 0, 7, 0, 0), gpr)).toBe(0);
    expect([gpr[6], gpr[0]]).toEqual([0x3f800000, 0]);
  });

  it('pairs doubles as low word in 2n and high word in 2n+1', () => {
    const fpu = new Fpu();
    fpu.f64[1] = 1.5;
    expect([fpu.fpr[2], fpu.fpr[3]]).toEqual([0, 0x3ff80000]);
  });
});

describe('Fpu control registers', () => {
  it('cfc1 reads FIR and FCSR', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    fpu.fcsr = 0x00800003;
    fpu.execute(cop1(CF, 8, 0, 0, 0), gpr);
    fpu.execute(cop1(CF, 9, 31, 0, 0), gpr);
    expect([gpr[8], gpr[9]]).toEqual([0x00030320, 0x00800003]);
  });

  it('ctc1 writes FCSR, keeping bits 22..18 zero', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    gpr[4] = 0xff7c0f83 | 0; // every cc, FS, bits 22..18, all enables, RM 3; no cause
    expect(fpu.execute(cop1(CT, 4, 31, 0, 0), gpr)).toBe(0);
    expect(fpu.fcsr >>> 0).toBe(0xff000f83);
    expect(fpu.condition(0) && fpu.condition(7)).toBe(false);
    expect(fpu.condition(1)).toBe(true);
  });

  it('ctc1 traps when it writes an enabled Cause bit or Cause.E', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    gpr[4] = (V << 12) | (V << 7);
    expect(fpu.execute(cop1(CT, 4, 31, 0, 0), gpr)).toBe(15);
    expect(fpu.fcsr).toBe(gpr[4]); // written all the same
    gpr[4] = V << 12;
    expect(fpu.execute(cop1(CT, 4, 31, 0, 0), gpr)).toBe(0);
    gpr[4] = 32 << 12;
    expect(fpu.execute(cop1(CT, 4, 31, 0, 0), gpr)).toBe(15);
  });

  it('FCCR, FEXR and FENR are views of FCSR', () => {
    const fpu = new Fpu();
    const gpr = new Int32Array(32);
    gpr[4] = 0b1000_0101;
    fpu.execute(cop1(CT, 4, 25, 0, 0), gpr); // FCCR: cc7, cc2, cc0
    expect(fpu.fcsr >>> 0).toBe(((1 << 31) | (1 << 26) | (1 << 23)) >>> 0);
    gpr[4] = 0xf87 | 0; // FENR: enables, FS, RM 3
    fpu.execute(cop1(CT, 4, 28, 0, 0), gpr);
    gpr[4] = 0x3f07c | 0; // FEXR: cause and flags; enabled cause traps
    expect(fpu.execute(cop1(CT, 4, 26, 0, 0), gpr)).toBe(15);
    for (const [fcr, want] of [
      [25, 0x85],
      [26, 0x3f07c],
      [28, 0xf87],
      [31, 0x8583ffff | 0],
    ]) {
      fpu.execute(cop1(CF, 5, fcr, 0, 0), gpr);
      expect(gpr[5]).toBe(want);
    }
  });
});

describe('Fpu reserved encodings', () => {
  it.each([
    ['not COP1', 0x44000000 ^ (1 << 26)],
    ['bc1t (the CPU decodes it)', cop1(8, 1, 0, 0, 4)],
    ['mfhc1 (release 2)', cop1(3, 4, 2, 0, 0)],
    ['fmt L', cop1(0x15, 0, 2, 4, 0x20)],
    ['fmt PS', cop1(0x16, 4, 2, 6, 0)],
    ['round.l.s', cop1(S, 0, 2, 4, 0x08)],
    ['recip.s', cop1(S, 0, 2, 4, 0x15)],
    ['cvt.s.s', cop1(S, 0, 2, 4, 0x20)],
    ['cvt.d.d', cop1(D, 0, 2, 4, 0x21)],
    ['cvt.l.d', cop1(D, 0, 2, 4, 0x25)],
    ['add.w', cop1(0x14, 4, 2, 6, 0)],
    ['add.d odd fs', cop1(D, 4, 3, 6, 0)],
    ['add.d odd fd', cop1(D, 4, 2, 7, 0)],
    ['c.eq.d odd ft', cmp(D, 2, 2, 5, 0)],
    ['cvt.d.s odd fd', cop1(S, 0, 2, 5, 0x21)],
    ['sqrt.s with ft', cop1(S, 1, 2, 4, 4)],
    ['c.eq.s with bits 7..6', cop1(S, 4, 2, 1, 0x32)],
    ['movt.s with bit 17', cop1(S, 2, 2, 4, 0x11)],
    ['mfc1 with low bits', cop1(MF, 4, 2, 0, 1)],
    ['cfc1 $1', cop1(CF, 4, 1, 0, 0)],
    ['ctc1 to FIR', cop1(CT, 4, 0, 0, 0)],
  ])('%s is reserved', (_name, inst) => {
    const fpu = new Fpu();
    expect(fpu.execute(inst, new Int32Array(32))).toBe(10);
  });
});

describe('Fpu state', () => {
  it('save/restore round-trips through JSON', () => {
    const fpu = new Fpu();
    for (let i = 0; i < 32; i++) fpu.fpr[i] = Math.imul(i + 1, 0x9e3779b9);
    fpu.fcsr = 0x8180_0f83 | 0;
    const state = JSON.parse(JSON.stringify(fpu.save()));
    fpu.fpr[0] = 0;
    const copy = new Fpu();
    copy.restore(state);
    expect(Array.from(copy.fpr)).toEqual(state.fpr);
    expect(copy.fcsr).toBe(0x8180_0f83 | 0);
    expect(copy.f64[3]).toBe(new Float64Array(Int32Array.from(state.fpr).buffer)[3]);
  });

  it('reset clears registers and FCSR', () => {
    const fpu = new Fpu();
    fpu.fpr[4] = 9;
    fpu.fcsr = 3;
    fpu.reset();
    expect([fpu.fpr[4], fpu.fcsr, fpu.fir]).toEqual([0, 0, 0x00030320]);
  });
});
