/**
 * The filter compiler (the kernel's "JIT", DPF's dynamic code generation): turns a verified
 * program into a JS function with `new Function`, the filter's constants written into the code
 * as literals and provably-in-bounds loads left unchecked.
 *
 * Shape of the generated code. All jumps go forward, so each jump target T gets a labelled block
 * that starts at the top of the function and closes just before instruction T; `break bT`
 * lands on T. Blocks for larger targets enclose smaller ones, so they nest properly:
 *
 *   b7: { b4: { ...insns 0-3...; if (a === 2048) break b4; break b7; } ...insns 4-6... } ...7...
 *
 * Steps are counted per basic block (`n += size` at its first instruction); an early reject in
 * the middle of a block subtracts the instructions it did not reach, so counts match the
 * interpreter exactly. The raw function returns `steps * 2 + (accept ? 1 : 0)`.
 */
import { type Insn, OP, opInfo, targetsOf } from './bytecode.ts';
import type { FilterResult } from './interpret.ts';
import type { VerifiedFilter } from './verify.ts';

/** The generated function: packet and scratch in, `steps * 2 + accept` out. */
export type RawFilter = (packet: Uint8Array, scratch: Uint32Array) => number;

export interface CompiledFilter {
  readonly raw: RawFilter;
  /** The generated source (for inspection and tests). */
  readonly source: string;
  run(packet: Uint8Array, scratch: Uint32Array): FilterResult;
}

const ALU_JS = ['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>>'];
const JUMP_JS = ['===', '>', '>=', '&'];

/** JS for `a = a OP b` with unsigned-32 results; `b` is a literal or `x`. */
function aluJs(i: number, b: string, fail: string): string {
  const op = ALU_JS[i]!;
  if (op === '*') return `a = Math.imul(a, ${b}) >>> 0;`;
  if (op === '/' || op === '%') {
    const guard = b === 'x' ? `if (x === 0) ${fail} ` : '';
    return `${guard}a = (a ${op} ${b}) >>> 0;`;
  }
  if (op === '<<' || op === '>>>') return `a = (a ${op} (${b} & 31)) >>> 0;`;
  return `a = (a ${op} ${b}) >>> 0;`;
}

/** JS reading `w` bytes big-endian at offset expression `o` (a literal or `t`). */
function loadJs(o: string, w: number): string {
  const at = (d: number) =>
    d === 0 ? `p[${o}]` : /^\d+$/.test(o) ? `p[${Number(o) + d}]` : `p[${o} + ${d}]`;
  if (w === 1) return at(0);
  if (w === 2) return `((${at(0)} << 8) | ${at(1)})`;
  return `(((${at(0)} << 24) | (${at(1)} << 16) | (${at(2)} << 8) | ${at(3)}) >>> 0)`;
}

/** Jump to instruction `t` from instruction `i` (nothing when `t` is next). */
function goto(i: number, t: number): string {
  return t === i + 1 ? '' : `break b${t};`;
}

/** JS for instruction `i`; `fail` is the early-reject statement for this position. */
function insnJs(insn: Insn, i: number, fail: string, proven: boolean): string {
  const { op, k, jt, jf } = insn;
  const info = opInfo(op)!;
  if (info.operand === 'pkt') {
    const check = proven ? '' : `if (len < ${k + info.width!}) ${fail} `;
    return `${check}a = ${loadJs(String(k), info.width!)};`;
  }
  if (info.operand === 'pktx') {
    return `t = x + ${k}; if (t + ${info.width} > len) ${fail} a = ${loadJs('t', info.width!)};`;
  }
  if (op >= OP.ADD_K && op <= OP.RSH_K) return aluJs(op - OP.ADD_K, String(k), fail);
  if (op >= OP.ADD_X && op <= OP.RSH_X) return aluJs(op - OP.ADD_X, 'x', fail);
  const cond = (b: string) => {
    const j = JUMP_JS[(op - OP.JEQ_K) % 4]!;
    const c = j === '&' ? `(a & ${b}) !== 0` : `a ${j} ${b}`;
    return `if (${c}) { ${goto(i, jt)} } else { ${goto(i, jf)} }`;
  };
  if (op >= OP.JEQ_K && op <= OP.JSET_K) return cond(String(k));
  if (op >= OP.JEQ_X && op <= OP.JSET_X) return cond('x');
  switch (op) {
    case OP.LD_IMM:
      return `a = ${k};`;
    case OP.LD_MEM:
      return `a = m[${k}];`;
    case OP.LD_LEN:
      return 'a = len;';
    case OP.LDX_IMM:
      return `x = ${k};`;
    case OP.LDX_MEM:
      return `x = m[${k}];`;
    case OP.LDX_LEN:
      return 'x = len;';
    case OP.LDX_MSH:
      return `${proven ? '' : `if (len <= ${k}) ${fail} `}x = (p[${k}] & 15) << 2;`;
    case OP.ST:
      return `m[${k}] = a;`;
    case OP.STX:
      return `m[${k}] = x;`;
    case OP.NEG:
      return 'a = -a >>> 0;';
    case OP.TAX:
      return 'x = a;';
    case OP.TXA:
      return 'a = x;';
    case OP.JA:
      return goto(i, jt);
    case OP.ACCEPT:
      return 'return n * 2 + 1;';
    case OP.REJECT:
      return 'return n * 2;';
  }
  throw new Error(`compileFilter: unverified opcode 0x${op.toString(16)}`);
}

/** Basic-block leaders: 0, every jump target, and every instruction after a jump or return. */
function leaders(filter: VerifiedFilter): boolean[] {
  const prog = filter.program;
  const lead = prog.map((_, i) => i === 0);
  prog.forEach((insn, i) => {
    const info = opInfo(insn.op)!;
    for (const t of targetsOf(insn, info)) lead[t] = true;
    if ((info.cls === 'jump' || info.cls === 'return') && i + 1 < prog.length) lead[i + 1] = true;
  });
  return lead;
}

/** Generates the function body for a verified filter. */
export function filterSource(filter: VerifiedFilter): string {
  const prog = filter.program;
  const lead = leaders(filter);
  const targets = [...new Set(prog.flatMap((s) => targetsOf(s, opInfo(s.op)!)))].sort(
    (x, y) => y - x,
  );
  const lines = [
    '"use strict";',
    'const len = p.length;',
    `if (len < ${filter.minLength}) return 0;`,
    'let a = 0, x = 0, n = 0, t = 0;',
    targets.map((t) => `b${t}: {`).join(' '),
  ];
  let blockEnd = 0;
  prog.forEach((insn, i) => {
    if (targets.includes(i)) lines.push(`} // b${i}`);
    if (lead[i]) {
      blockEnd = i + 1;
      while (blockEnd < prog.length && !lead[blockEnd]) blockEnd++;
      lines.push(`n += ${blockEnd - i};`);
    }
    const unreached = blockEnd - i - 1;
    const fail = unreached === 0 ? 'return n * 2;' : `return (n - ${unreached}) * 2;`;
    lines.push(`/* ${i} */ ${insnJs(insn, i, fail, filter.proven[i]!)}`);
  });
  return lines.join('\n');
}

/** Compiles a verified filter to a JS function. */
export function compileFilter(filter: VerifiedFilter): CompiledFilter {
  const source = filterSource(filter);
  const raw = new Function('p', 'm', source) as RawFilter;
  return {
    raw,
    source,
    run(packet, scratch) {
      const r = raw(packet, scratch);
      return { accept: (r & 1) === 1, steps: r >>> 1 };
    },
  };
}
