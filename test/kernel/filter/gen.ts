/**
 * A fast-check generator of valid filter programs: random instructions of every opcode with
 * forward, in-range jumps, in-range scratch indices, nonzero constant divisors, small shifts,
 * and a return at the end, so every program it makes passes the verifier.
 */
import fc from 'fast-check';
import { type Insn, OP, OPS } from '../../../kernel/filter/index.ts';

interface Raw {
  pick: number;
  k: number;
  t1: number;
  t2: number;
}

/** Constants biased to values that packet bytes and offsets hit. */
const konst = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 0, max: 80 }),
  fc.integer({ min: 0, max: 0xffffffff }),
);

const raw = fc.record({ pick: fc.nat(), k: konst, t1: fc.nat(), t2: fc.nat() });

/** Turns raw choices into instruction `i` of an `n`-instruction valid program. */
function build(r: Raw, i: number, n: number): Insn {
  if (i === n - 1) return { op: r.pick % 2 ? OP.ACCEPT : OP.REJECT, k: 0, jt: 0, jf: 0 };
  const info = OPS[r.pick % OPS.length]!;
  const target = (t: number) => i + 1 + (t % (n - 1 - i));
  let k = r.k;
  if (info.operand === 'mem') k %= 16;
  if (info.op === OP.LSH_K || info.op === OP.RSH_K) k %= 32;
  if ((info.op === OP.DIV_K || info.op === OP.MOD_K) && k === 0) k = 1;
  if (['none', 'len', 'x', 'cond-x', 'target'].includes(info.operand)) k = 0;
  const jumps = info.cls === 'jump';
  const cond = jumps && info.op !== OP.JA;
  return {
    op: info.op,
    k,
    jt: jumps ? target(r.t1) : 0,
    jf: cond ? target(r.t2) : 0,
  };
}

/** A valid program of 1..maxLength instructions. */
export function validProgram(maxLength = 40): fc.Arbitrary<Insn[]> {
  return fc
    .integer({ min: 1, max: maxLength })
    .chain((n) => fc.array(raw, { minLength: n, maxLength: n }))
    .map((rs) => rs.map((r, i) => build(r, i, rs.length)));
}

/** Packets of 0..80 bytes, often with small byte values so equality tests sometimes hold. */
export const packet = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 80 }),
  fc.uint8Array({ minLength: 0, maxLength: 80, max: 3 }),
);
