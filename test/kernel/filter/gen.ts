/**
 * A fast-check generator of valid filter programs: random instructions of every opcode with
 * forward, in-range jumps, in-range scratch indices, nonzero constant divisors, small shifts,
 * and a return at the end, so every program it makes passes the verifier.
 */
import fc from 'fast-check';
import { type Insn, OP, OPS, type OpInfo } from '../../../kernel/filter/index.ts';

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
function build(r: Raw, i: number, n: number, ops: readonly OpInfo[]): Insn {
  if (i === n - 1) return { op: r.pick % 2 ? OP.ACCEPT : OP.REJECT, k: 0, jt: 0, jf: 0 };
  const info = ops[r.pick % ops.length]!;
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

/** A valid program of 1..maxLength instructions drawn from `ops` (default: all). */
export function validProgram(maxLength = 40, ops: readonly OpInfo[] = OPS): fc.Arbitrary<Insn[]> {
  return fc
    .integer({ min: 1, max: maxLength })
    .chain((n) => fc.array(raw, { minLength: n, maxLength: n }))
    .map((rs) => rs.map((r, i) => build(r, i, rs.length, ops)));
}

const test = fc.record({
  width: fc.constantFrom(1, 2, 4),
  off: fc.integer({ min: 0, max: 12 }),
  mask: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { freq: 3 }),
  bytes: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
  onFail: fc.nat(),
});

/**
 * Programs shaped like demultiplexing filters: blocks of `ld [off]; (and #mask;) jeq #v` whose
 * true side goes on to the next block and whose false side rejects or skips ahead, ending in
 * `accept; reject`. Values use bytes 0..2 so packets of such bytes often match.
 */
export function filterShapedProgram(): fc.Arbitrary<Insn[]> {
  return fc.array(test, { minLength: 1, maxLength: 5 }).map((tests) => {
    const out: Insn[] = [];
    const starts: number[] = [];
    const fixups: [Insn, number][] = [];
    for (const t of tests) {
      starts.push(out.length);
      const ld = t.width === 1 ? OP.LD_B : t.width === 2 ? OP.LD_H : OP.LD_W;
      out.push({ op: ld, k: t.off, jt: 0, jf: 0 });
      let v = t.bytes.slice(0, t.width).reduce((a, b) => a * 256 + b, 0);
      if (t.mask !== null) {
        out.push({ op: OP.AND_K, k: t.mask, jt: 0, jf: 0 });
        v = (v & t.mask) >>> 0;
      }
      const jeq: Insn = { op: OP.JEQ_K, k: v, jt: out.length + 1, jf: 0 };
      fixups.push([jeq, t.onFail % (tests.length - starts.length + 2)]);
      out.push(jeq);
    }
    const accept = out.length;
    starts.push(accept);
    out.push({ op: OP.ACCEPT, k: 0, jt: 0, jf: 0 }, { op: OP.REJECT, k: 0, jt: 0, jf: 0 });
    // onFail 0: reject; otherwise skip to a later block (or to accept).
    fixups.forEach(([jeq, skip], b) => {
      jeq.jf = skip === 0 ? accept + 1 : starts[Math.min(b + skip, starts.length - 1)]!;
    });
    return out;
  });
}

/** Packets of 0..80 bytes, often with small byte values so equality tests sometimes hold. */
export const packet = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 80 }),
  fc.uint8Array({ minLength: 0, maxLength: 80, max: 3 }),
);
