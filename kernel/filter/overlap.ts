/**
 * Claims: which packets a filter may accept, derived from its program, and the DPF-style rule
 * that refuses a filter whose claim overlaps another environment's (a filter that "lies" could
 * otherwise steal packets; Aegis used a trusted server, we check at install).
 *
 * The rule, sound but simple:
 * - Walk every path from instruction 0 to an `accept`, tracking for A, X and the scratch words
 *   only "a packet field [off, width) masked by `mask`" (from a constant-offset load, maybe
 *   followed by `and #mask`) or "a known constant". Everything else is "unknown".
 * - On the taken side of `jeq` comparing a field with a constant, record that the field's bytes
 *   equal the constant (per byte: bits under a mask equal a value). Every other test (jgt, jge,
 *   jset, not-equal sides, tests on unknown values) adds nothing: dropping a condition only makes
 *   the claim bigger, never smaller, so the claim always contains every packet the filter accepts.
 *   Tests between constants are decided, and contradictory paths are dropped.
 * - The claim is the list of those conjunctions, one per accept path. An empty conjunction
 *   claims every packet (e.g. a filter that accepts on `jgt` alone, or `accept` outright). A
 *   filter with more than MAX_ALTERNATIVES accept paths, or that needs more than MAX_WORK steps
 *   to walk, is also treated as claiming every packet.
 * - Two claims overlap unless, for every pair of conjunctions, some byte both constrain has
 *   bits under both masks that must differ. So `ldh [12] == 0x0800` and `ldb [12] == 0x86`
 *   are disjoint; a filter testing port 7 and one testing only IPv4 overlap.
 */
import { OP, opInfo, type Program, SCRATCH_WORDS } from './bytecode.ts';

/** Bits of packet byte `offset` under `mask` must equal `value`. */
export interface ByteTest {
  offset: number;
  mask: number;
  value: number;
}

/** A conjunction of byte tests, sorted by offset; empty means "every packet". */
export type Conjunction = readonly ByteTest[];

/** The packets a filter may accept: the union of its alternatives (none: it never accepts). */
export interface Claim {
  readonly alternatives: readonly Conjunction[];
}

export const MAX_ALTERNATIVES = 32;
export const MAX_WORK = 8192;

type AVal =
  | { f: 'field'; off: number; width: number; mask: number }
  | { f: 'const'; v: number }
  | null;

interface PathState {
  pc: number;
  a: AVal;
  x: AVal;
  m: AVal[];
  tests: Map<number, { mask: number; value: number }>;
}

const EVERYTHING: Claim = { alternatives: [[]] };

/** Adds "field == k" to the path's tests; false if the path becomes impossible. */
function addEquality(s: PathState, field: AVal & { f: 'field' }, k: number): boolean {
  if ((k & ~field.mask) !== 0) return false;
  for (let j = 0; j < field.width; j++) {
    const shift = 8 * (field.width - 1 - j);
    const mask = (field.mask >>> shift) & 0xff;
    if (mask === 0) continue;
    const value = (k >>> shift) & mask;
    const old = s.tests.get(field.off + j) ?? { mask: 0, value: 0 };
    if ((old.mask & mask & (old.value ^ value)) !== 0) return false;
    s.tests.set(field.off + j, { mask: old.mask | mask, value: old.value | value });
  }
  return true;
}

/** The abstract effect of a non-jump instruction on A, X and scratch. */
function step(s: PathState, op: number, k: number): void {
  const info = opInfo(op)!;
  if (info.operand === 'pkt' && op <= OP.LD_B) {
    s.a = {
      f: 'field',
      off: k,
      width: info.width!,
      mask: info.width === 4 ? 0xffffffff : (1 << (8 * info.width!)) - 1,
    };
  } else if (op === OP.LD_IMM) s.a = { f: 'const', v: k };
  else if (op === OP.LDX_IMM) s.x = { f: 'const', v: k };
  else if (op === OP.LD_MEM) s.a = s.m[k]!;
  else if (op === OP.LDX_MEM) s.x = s.m[k]!;
  else if (op === OP.ST) s.m[k] = s.a;
  else if (op === OP.STX) s.m[k] = s.x;
  else if (op === OP.TAX) s.x = s.a;
  else if (op === OP.TXA) s.a = s.x;
  else if (op === OP.AND_K && s.a?.f === 'field') s.a = { ...s.a, mask: (s.a.mask & k) >>> 0 };
  else if (op === OP.AND_K && s.a?.f === 'const') s.a = { f: 'const', v: (s.a.v & k) >>> 0 };
  else if (info.cls === 'load' && info.mnemonic === 'ldx') s.x = null;
  else if (info.cls === 'load' || info.cls === 'alu') s.a = null;
}

/** Successor states of a conditional jump, pruning sides a constant test decides. */
function branch(s: PathState, op: number, k: number, jt: number, jf: number): PathState[] {
  const rel = (op - OP.JEQ_K) % 4;
  const b: AVal = op >= OP.JEQ_X ? s.x : { f: 'const', v: k };
  const fork = (pc: number): PathState => ({ ...s, pc, m: [...s.m], tests: new Map(s.tests) });
  if (s.a?.f === 'const' && b?.f === 'const') {
    const [a, v] = [s.a.v, b.v];
    const taken = [a === v, a > v, a >= v, (a & v) !== 0][rel]!;
    return [fork(taken ? jt : jf)];
  }
  const out = [fork(jf)];
  const yes = fork(jt);
  if (rel === 0) {
    const field = s.a?.f === 'field' ? s.a : b?.f === 'field' ? b : null;
    const cnst = s.a?.f === 'const' ? s.a : b?.f === 'const' ? b : null;
    if (field && cnst && !addEquality(yes, field, cnst.v)) return out;
  }
  return [yes, ...out];
}

/** Derives the claim of a (verified) program. */
export function claimOf(program: Program): Claim {
  const stack: PathState[] = [
    { pc: 0, a: null, x: null, m: Array(SCRATCH_WORDS).fill(null), tests: new Map() },
  ];
  const found = new Map<string, Conjunction>();
  let work = 0;
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (;;) {
      if (++work > MAX_WORK) return EVERYTHING;
      const { op, k, jt, jf } = program[s.pc]!;
      if (op === OP.REJECT) break;
      if (op === OP.ACCEPT) {
        const conj = [...s.tests]
          .sort(([p], [q]) => p - q)
          .map(([offset, t]) => ({ offset, ...t }));
        found.set(JSON.stringify(conj), conj);
        if (found.size > MAX_ALTERNATIVES) return EVERYTHING;
        break;
      }
      if (op === OP.JA) s.pc = jt;
      else if (opInfo(op)!.cls === 'jump') {
        const [first, ...rest] = branch(s, op, k, jt, jf);
        stack.push(...rest);
        Object.assign(s, first);
      } else {
        step(s, op, k);
        s.pc++;
      }
    }
  }
  return { alternatives: [...found.values()] };
}

/** True if no byte both conjunctions test can tell them apart. */
function conjunctionsOverlap(a: Conjunction, b: Conjunction): boolean {
  const byOffset = new Map(a.map((t) => [t.offset, t]));
  return !b.some((t) => {
    const u = byOffset.get(t.offset);
    return u !== undefined && (u.mask & t.mask & (u.value ^ t.value)) !== 0;
  });
}

/** True if some packet could be accepted under both claims. */
export function claimsOverlap(a: Claim, b: Claim): boolean {
  return a.alternatives.some((x) => b.alternatives.some((y) => conjunctionsOverlap(x, y)));
}

/** A readable claim: `P[12]=0x08 P[13]=0x00 P[14]&0xf0=0x40 | …`, `*` for everything. */
export function describeClaim(claim: Claim): string {
  if (claim.alternatives.length === 0) return '(nothing)';
  const hex = (v: number) => `0x${v.toString(16).padStart(2, '0')}`;
  const test = (t: ByteTest) =>
    `P[${t.offset}]${t.mask === 0xff ? '' : `&${hex(t.mask)}`}=${hex(t.value)}`;
  return claim.alternatives.map((c) => (c.length === 0 ? '*' : c.map(test).join(' '))).join(' | ');
}
