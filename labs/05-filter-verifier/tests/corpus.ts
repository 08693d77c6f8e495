/**
 * Lab 5's corpus of filter programs, generated from a seed: realistic safe filters (the ones
 * ExOS and the tests download) and each mutated into unsafe ones, one fault class at a time —
 * unknown opcodes, bad constants, backward jumps and loops, jumps out of range, falling off
 * the end, scratch indices out of range, division by constant zero, shifts of 32 or more,
 * packet loads past the minimum length (with staticBounds), over-long and empty programs —
 * plus safe variants (new constants, in-range targets). What each program deserves is what
 * the kernel's own verifier (kernel/filter/verify.ts) says. Deterministic: the same seed gives
 * the same corpus.
 */
import {
  assembleFilter,
  type Insn,
  MAX_INSNS,
  OP,
  type VerifyOptions,
  type VerifyProblem,
  verifyFilter,
} from '../../../kernel/filter/index.ts';

export interface Case {
  /** What the case is, e.g. "udp-port #3: backward jump". */
  name: string;
  program: Insn[];
  options: Required<VerifyOptions>;
  /** The kernel's verdict: null when safe, else its problems. */
  problems: VerifyProblem[] | null;
  proven: readonly boolean[];
}

/** mulberry32: a small seeded generator (never Math.random: the corpus must repeat). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function asm(text: string): Insn[] {
  const r = assembleFilter(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.text).join('\n'));
  return r.program;
}

/** Safe filters of the kinds programs download, with the minimum length each declares. */
export const SAFE: readonly { name: string; text: string; minLength: number }[] = [
  { name: 'arp', text: 'ldh [12]; jeq #0x0806, accept, reject', minLength: 14 },
  {
    name: 'udp-port',
    text: `ldh [12]; jeq #0x0800, ip, reject
           ip: ldb [14]; jeq #0x45, v4, reject
           v4: ldb [23]; jeq #17, udp, reject
           udp: ldh [36]; jeq #7, accept, reject`,
    minLength: 38,
  },
  {
    name: 'ip-options',
    text: `ldh [12]; jeq #0x0800, ip, reject
           ip: ldx 4*([14]&0xf); ldh [x+16]; jeq #53, accept, reject`,
    minLength: 34,
  },
  {
    name: 'counter',
    text: `ld M[3]; add #1; st M[3]; ld len; jgt #100, big, reject
           big: and #0xff; rsh #2; lsh #1; div #3; mod #7; jset #1, accept, reject`,
    minLength: 0,
  },
  {
    name: 'mac',
    text: 'ld [6]; jeq #0x02000000, lo, reject; lo: ldh [10]; jeq #1, accept, reject',
    minLength: 64,
  },
  {
    name: 'x-math',
    text: `ldx #4; ld #100; div x; tax; txa; mul #3; sub x; neg; stx M[15]; ldx M[15]
           ja out; out: jge x, accept, reject`,
    minLength: 0,
  },
];

/** The kernel's verdict on one program. */
function judge(name: string, program: Insn[], options: Required<VerifyOptions>): Case {
  const v = verifyFilter(program, options);
  return {
    name,
    program,
    options,
    problems: v.ok ? null : v.problems,
    proven: v.ok ? v.filter.proven : [],
  };
}

const BAD_OPS = [0x00, 0x1a, 0x1f, 0x2b, 0x2f, 0x39, 0x3d, 0x42, 0x80, 0xff, 0x100, -1, 1.5];

/** One mutation of a copy of `p`; returns its label. */
type Mutation = (p: Insn[], r: () => number, pick: (n: number) => number) => string;

const set = (p: Insn[], i: number, change: Partial<Insn>) => {
  p[i] = { ...p[i]!, ...change };
};
const jumps = (p: Insn[]) =>
  p.flatMap((insn, i) => (insn.op >= OP.JA && insn.op <= OP.JSET_X ? [i] : []));
export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'unknown opcode': (p, _r, pick) => {
    set(p, pick(p.length), { op: BAD_OPS[pick(BAD_OPS.length)]! });
    return 'unknown opcode';
  },
  'constant not a uint32': (p, _r, pick) => {
    const bad = [-1, 2 ** 32, 0.5, Number.NaN, 2 ** 40];
    set(p, pick(p.length - 1), { k: bad[pick(bad.length)]! });
    return 'constant not a uint32';
  },
  'backward jump': (p, _r, pick) => {
    const js = jumps(p);
    if (js.length === 0) {
      insertAt(p, 0, { op: OP.JA, k: 0, jt: 0, jf: 0 });
      return 'jump to itself';
    }
    const i = js[pick(js.length)]!;
    const back = pick(i + 1); // 0..i: a loop, or a jump to itself
    set(p, i, p[i]!.op === OP.JA || pick(2) === 0 ? { jt: back } : { jf: back });
    return back === i ? 'jump to itself' : 'backward jump (a loop)';
  },
  'jump out of range': (p, _r, pick) => {
    const js = jumps(p);
    const i = js.length > 0 ? js[pick(js.length)]! : 0;
    if (js.length === 0) insertAt(p, 0, { op: OP.JA, k: 0, jt: 1, jf: 0 });
    const far = [p.length, p.length + 1, 0xfff, 4095, 1 << 20][pick(5)]!;
    set(p, i, p[i]!.op === OP.JA || pick(2) === 0 ? { jt: far } : { jf: far });
    return 'jump out of range';
  },
  'falls off the end': (p, _r, pick) => {
    const tail = [OP.TAX, OP.LD_IMM, OP.ST, OP.ADD_K][pick(4)]!;
    // Jumps still land in range; the new last instruction does not return.
    p.push({ op: tail, k: 1, jt: 0, jf: 0 });
    return 'falls off the end';
  },
  'scratch index out of range': (p, _r, pick) => {
    const op = [OP.LD_MEM, OP.LDX_MEM, OP.ST, OP.STX][pick(4)]!;
    insertAt(p, pick(p.length - 1), { op, k: 16 + pick(1000), jt: 0, jf: 0 });
    return 'scratch index out of range';
  },
  'division by constant zero': (p, _r, pick) => {
    insertAt(p, pick(p.length - 1), { op: [OP.DIV_K, OP.MOD_K][pick(2)]!, k: 0, jt: 0, jf: 0 });
    return 'division by constant zero';
  },
  'shift of 32 or more': (p, _r, pick) => {
    const k = [32, 33, 64, 0xffffffff][pick(4)]!;
    insertAt(p, pick(p.length - 1), { op: [OP.LSH_K, OP.RSH_K][pick(2)]!, k, jt: 0, jf: 0 });
    return 'shift of 32 or more';
  },
  'over-long program': (p, _r, pick) => {
    const extra = MAX_INSNS + 1 - p.length + pick(300);
    insertAt(p, 0, ...Array.from({ length: extra }, () => ({ op: OP.TAX, k: 0, jt: 0, jf: 0 })));
    return 'over-long program';
  },
  'empty program': (p) => {
    p.length = 0;
    return 'empty program';
  },
};

/** Inserts `insns` at `q`, moving every jump target at or after q along with them. */
function insertAt(p: Insn[], q: number, ...insns: Insn[]): void {
  for (let i = 0; i < p.length; i++) {
    const insn = p[i]!;
    if (insn.op < OP.JA || insn.op > OP.JSET_X) continue;
    const move = (t: number) => (t >= q ? t + insns.length : t);
    p[i] = { ...insn, jt: move(insn.jt), jf: insn.op === OP.JA ? 0 : move(insn.jf) };
  }
  p.splice(q, 0, ...insns);
}

/** A safe variant: other constants where they do not matter, targets moved forward in range. */
function safeVariant(p: Insn[], r: () => number, pick: (n: number) => number): string {
  for (let i = 0; i < p.length; i++) {
    const insn = p[i]!;
    if ([OP.JEQ_K, OP.JGT_K, OP.JGE_K, OP.LD_IMM, OP.ADD_K, OP.AND_K].includes(insn.op as never)) {
      set(p, i, { k: Math.floor(r() * 0x100000000) });
    }
  }
  void pick;
  return 'safe variant';
}

/**
 * `count` cases from `seed`: about one in four safe, the rest unsafe, every mutation class
 * represented. Each case's expected verdict is the kernel verifier's.
 */
export function generateCorpus(seed: number, count: number): Case[] {
  const r = rng(seed);
  const pick = (n: number) => Math.floor(r() * n);
  const names = Object.keys(MUTATIONS);
  const out: Case[] = [];
  for (let n = 0; n < count; n++) {
    const base = SAFE[pick(SAFE.length)]!;
    const program = asm(base.text).map((i) => ({ ...i }));
    const staticBounds = pick(3) === 0;
    let minLength = base.minLength;
    let label: string;
    if (n % 4 === 0) {
      label = safeVariant(program, r, pick);
    } else if (staticBounds && n % 4 === 1) {
      minLength = Math.max(0, base.minLength - 1 - pick(8));
      label = 'packet load past the minimum length';
    } else {
      label = MUTATIONS[names[(n + pick(names.length)) % names.length]!]!(program, r, pick);
    }
    const options = { minLength, staticBounds };
    const c = judge(`${base.name} #${n}: ${label}`, program, options);
    // A mutation that happens to keep the program safe (no load past the new length) says so.
    if (c.problems === null && label !== 'safe variant') c.name += ', still safe';
    out.push(c);
  }
  return out;
}

/** Every safe filter as it is, with and without staticBounds. */
export function safeCases(): Case[] {
  return SAFE.flatMap((s) =>
    [false, true].map((staticBounds) =>
      judge(`${s.name}${staticBounds ? ' (staticBounds)' : ''}`, asm(s.text), {
        minLength: s.minLength,
        staticBounds,
      }),
    ),
  );
}

/** A case from assembly text or instructions, judged by the kernel's verifier. */
export function caseOf(
  name: string,
  program: string | Insn[],
  minLength = 0,
  staticBounds = false,
): Case {
  return judge(name, typeof program === 'string' ? asm(program) : program, {
    minLength,
    staticBounds,
  });
}
