/**
 * Cross-checks machine/fpu-ieee.ts against a slow reference that rounds the exact rational
 * result with BigInt, for add/sub/mul/div in binary32 and binary64 under all four rounding
 * modes. Operands come from a fixed-seed xorshift generator biased toward the hard places:
 * near-cancelling sums, products and quotients at the overflow and underflow edges, subnormals.
 */
import { describe, expect, it } from 'vitest';
import { nextUp32, nextUp64 } from '../../machine/fpu-exact.ts';
import { EXC_I, EXC_O, EXC_U, IeeeArith } from '../../machine/fpu-ieee.ts';

interface Format {
  name: string;
  prec: number;
  emin: number;
  emax: number;
  max: number;
}
const F32: Format = { name: 's', prec: 24, emin: -126, emax: 127, max: 3.4028234663852886e38 };
const F64: Format = { name: 'd', prec: 53, emin: -1022, emax: 1023, max: Number.MAX_VALUE };

const f64 = new Float64Array(1);
const w64 = new Int32Array(f64.buffer);

/** x = (-1)^neg * m * 2^e exactly, x finite. */
function decompose(x: number): { neg: boolean; m: bigint; e: number } {
  f64[0] = x;
  const hi = w64[1];
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(w64[0] >>> 0);
  if (biased !== 0) m |= 1n << 52n;
  return { neg: hi < 0, m, e: (biased === 0 ? 1 : biased) - 1075 };
}

const bitLength = (n: bigint) => n.toString(2).length;

/** Rounds (-1)^neg * n/d * 2^k (n > 0) to format f under rm; returns value and EXC bits. */
function round(neg: boolean, n: bigint, d: bigint, k: number, f: Format, rm: number) {
  let e = bitLength(n) - bitLength(d) + k;
  if (scaledLess(n, d, k - e)) e -= 1; // now 2^e <= x < 2^(e+1)
  const tiny = e < f.emin;
  const q = Math.max(e, f.emin) - (f.prec - 1);
  const num = k - q >= 0 ? n << BigInt(k - q) : n;
  const den = k - q >= 0 ? d : d << BigInt(q - k);
  let i = num / den;
  const r = num % den;
  const inexact = r !== 0n;
  let up = false;
  if (rm === 0) up = 2n * r > den || (2n * r === den && (i & 1n) === 1n);
  else if (rm === 2) up = !neg && inexact;
  else if (rm === 3) up = neg && inexact;
  if (up) i += 1n;
  let flags = inexact ? EXC_I : 0;
  if (q + bitLength(i) - 1 > f.emax) {
    const toInf = rm === 0 || (rm === 2 && !neg) || (rm === 3 && neg);
    const v = toInf ? Infinity : f.max;
    return { value: neg ? -v : v, flags: EXC_O | EXC_I };
  }
  if (tiny && inexact) flags |= EXC_U;
  const v = Number(i) * 2 ** q;
  return { value: neg ? -v : v, flags };
}

function scaledLess(n: bigint, d: bigint, shift: number): boolean {
  return shift >= 0 ? n << BigInt(shift) < d : n < d << BigInt(-shift);
}

type Op = 'add' | 'sub' | 'mul' | 'div';

function reference(op: Op, a: number, b: number, f: Format, rm: number) {
  const x = decompose(a);
  const y = decompose(op === 'sub' ? -b : b);
  if (op === 'mul' || op === 'div') {
    const neg = x.neg !== y.neg;
    if (op === 'mul') return round(neg, x.m * y.m, 1n, x.e + y.e, f, rm);
    return round(neg, x.m, y.m, x.e - y.e, f, rm);
  }
  const e = Math.min(x.e, y.e);
  const sx = (x.neg ? -x.m : x.m) << BigInt(x.e - e);
  const sy = (y.neg ? -y.m : y.m) << BigInt(y.e - e);
  const s = sx + sy;
  if (s === 0n) return { value: rm === 3 ? -0 : 0, flags: 0 };
  return round(s < 0n, s < 0n ? -s : s, 1n, e, f, rm);
}

/** Deterministic xorshift32. */
function rng(seed: number) {
  let s = seed | 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/** A nonzero finite operand pair for op, aimed at the format's edges one time in two. */
function operands(next: () => number, op: Op, f: Format): [number, number] {
  const span = f.emax - f.emin + f.prec;
  const value = (exp: number) => {
    const frac = f === F32 ? (next() & 0x7fffff) / 2 ** 23 : next() / 2 ** 32 + next() / 2 ** 52;
    const e = Math.max(Math.min(exp, f.emax), f.emin - f.prec + 1);
    const v = e < f.emin ? 2 ** e : (1 + frac) * 2 ** e;
    const r = f === F32 ? Math.fround(v) : v;
    return next() & 1 ? -r : r;
  };
  const ea = f.emin - f.prec + 1 + (next() % span);
  const edge = next() & 1;
  let eb: number;
  if (op === 'add' || op === 'sub') eb = edge ? ea + (next() % 5) - 2 : ea - (next() % 70);
  else if (op === 'mul') eb = edge ? (next() & 1 ? f.emax : f.emin) - ea + (next() % 5) - 2 : ea;
  else eb = edge ? ea - (next() & 1 ? f.emax : f.emin) + (next() % 5) - 2 : ea;
  return [value(ea), value(eb)];
}

function bits(x: number): string {
  f64[0] = x;
  return `${(w64[1] >>> 0).toString(16)}:${(w64[0] >>> 0).toString(16)}`;
}

describe('Fpu IEEE arithmetic against an exact reference', () => {
  for (const f of [F32, F64]) {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      it(`${op}.${f.name} in all rounding modes`, () => {
        const next = rng(0x5eed + op.length * 31 + f.prec);
        const unit = new IeeeArith();
        const method = `${op}${f === F32 ? 32 : 64}` as `${Op}32` | `${Op}64`;
        for (let n = 0; n < 1500; n++) {
          const [a, b] = operands(next, op, f);
          for (let rm = 0; rm < 4; rm++) {
            unit.rm = rm;
            const got = unit[method](a, b);
            const want = reference(op, a, b, f, rm);
            const where = `${op}.${f.name} rm=${rm} ${a} ${b}`;
            expect(bits(got), where).toBe(bits(want.value));
            expect(unit.cause, where).toBe(want.flags);
          }
        }
      });
    }
  }
});

/** sign(u^2 - a) for u = um * 2^ue >= 0, exactly. */
function cmpSquare(um: bigint, ue: number, a: number): number {
  const x = decompose(a);
  const e = Math.min(2 * ue, x.e);
  const d = ((um * um) << BigInt(2 * ue - e)) - (x.m << BigInt(x.e - e));
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** sign(((p + q) / 2)^2 - a) for doubles 0 <= p < q. */
function cmpMidSquare(p: number, q: number, a: number): number {
  const x = decompose(p);
  const y = decompose(q);
  const e = Math.min(x.e, y.e);
  return cmpSquare((x.m << BigInt(x.e - e)) + (y.m << BigInt(y.e - e)), e - 1, a);
}

describe('Fpu square root against exact bounds', () => {
  for (const f of [F32, F64]) {
    it(`sqrt.${f.name} in all rounding modes`, () => {
      const next = rng(0x50f7 + f.prec);
      const up = f === F32 ? nextUp32 : nextUp64;
      const unit = new IeeeArith();
      for (let n = 0; n < 2000; n++) {
        const e = f.emin - f.prec + 1 + (next() % (f.emax - f.emin + f.prec));
        const frac =
          f === F32 ? (next() & 0x7fffff) / 2 ** 23 : next() / 2 ** 32 + next() / 2 ** 52;
        const a =
          e < f.emin ? 2 ** e : f === F32 ? Math.fround((1 + frac) * 2 ** e) : (1 + frac) * 2 ** e;
        for (let rm = 0; rm < 4; rm++) {
          unit.rm = rm;
          const r = f === F32 ? unit.sqrt32(a) : unit.sqrt64(a);
          const hi = up(r);
          const lo = -up(-r);
          const where = `sqrt.${f.name} rm=${rm} ${a} -> ${r}`;
          const exact = cmpSquare(decompose(r).m, decompose(r).e, a) === 0;
          expect(unit.cause, where).toBe(exact ? 0 : EXC_I);
          if (exact) continue;
          if (rm === 0) {
            expect(cmpMidSquare(lo, r, a) < 0 && cmpMidSquare(r, hi, a) > 0, where).toBe(true);
          } else if (rm === 2) {
            expect(cmpSquare(decompose(lo).m, decompose(lo).e, a) < 0, where).toBe(true);
            expect(cmpSquare(decompose(r).m, decompose(r).e, a) > 0, where).toBe(true);
          } else {
            expect(cmpSquare(decompose(r).m, decompose(r).e, a) < 0, where).toBe(true);
            expect(cmpSquare(decompose(hi).m, decompose(hi).e, a) > 0, where).toBe(true);
          }
        }
      }
    });
  }
});
