/**
 * The download-time verifier for packet filters (DESIGN.md section 4, "Downloading code"). A
 * filter runs inside the kernel on every packet, so before it is installed we prove:
 *
 * - the program has 1..MAX_INSNS instructions, each a known opcode with a uint32 constant;
 * - every jump goes forward and lands inside the program, so a run takes at most one step per
 *   instruction (no step bound needed);
 * - the last instruction is `accept` or `reject`; with forward jumps that means every path
 *   ends in a return (the only other way out would be to fall off the end);
 * - scratch indices are below SCRATCH_WORDS; no division by a constant zero; constant shift
 *   counts are below 32;
 * - packet loads: a constant-offset load that ends within the declared minimum length is proven
 *   in bounds (the back ends skip its check); any other load is checked when it runs and an
 *   out-of-bounds load rejects. With `staticBounds`, a constant-offset load past the minimum
 *   length is an error instead. Indexed loads ([x+k]) are always checked at run time.
 *
 * Problems use the kernel's error-code style: the kernel maps a failed verification to E_INVAL
 * and passes the first problem's text (or all of them) back as the message.
 */
import {
  MAX_INSNS,
  MAX_PACKET,
  OP,
  opInfo,
  type Program,
  SCRATCH_WORDS,
  targetsOf,
} from './bytecode.ts';

export interface VerifyOptions {
  /** Packets shorter than this are rejected before the filter runs. Default 0. */
  minLength?: number;
  /** Refuse constant-offset loads past minLength instead of checking them at run time. */
  staticBounds?: boolean;
}

export interface VerifyProblem {
  code: 'E_INVAL';
  /** Instruction index the problem is at; -1 for the options as a whole. */
  index: number;
  message: string;
  /** `insn 3: message` (or `filter: message` for index -1). */
  text: string;
}

declare const VERIFIED: unique symbol;

/** A program the verifier accepted, with what it proved. Only verifyFilter makes these. */
export interface VerifiedFilter {
  /** A frozen copy of the program. */
  readonly program: Program;
  readonly minLength: number;
  /** Per instruction: a packet load proven in bounds by minLength (needs no run-time check). */
  readonly proven: readonly boolean[];
  readonly [VERIFIED]: true;
}

export type VerifyResult =
  | { ok: true; filter: VerifiedFilter }
  | { ok: false; problems: VerifyProblem[] };

function problem(index: number, message: string): VerifyProblem {
  const where = index < 0 ? 'filter' : `insn ${index}`;
  return { code: 'E_INVAL', index, message, text: `${where}: ${message}` };
}

function isU32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

/** Checks one instruction; returns its problems. `proven` is set for proven loads. */
function checkInsn(program: Program, i: number, opts: Required<VerifyOptions>, proven: boolean[]) {
  const out: VerifyProblem[] = [];
  const insn = program[i]!;
  const info = opInfo(insn.op);
  if (!info) {
    const op = typeof insn.op === 'number' ? `0x${insn.op.toString(16)}` : String(insn.op);
    return [problem(i, `unknown opcode ${op}`)];
  }
  if (!isU32(insn.k)) return [problem(i, `constant ${insn.k} is not a 32-bit unsigned integer`)];
  for (const t of targetsOf(insn, info)) {
    if (!Number.isInteger(t)) out.push(problem(i, `jump target ${t} is not an index`));
    else if (t <= i) out.push(problem(i, `backward jump to ${t}`));
    else if (t >= program.length) {
      out.push(
        problem(i, `jump target ${t} out of range (program has ${program.length} instructions)`),
      );
    }
  }
  if (info.operand === 'mem' && insn.k >= SCRATCH_WORDS) {
    out.push(problem(i, `scratch index ${insn.k} out of range (M[0..${SCRATCH_WORDS - 1}])`));
  }
  if ((insn.op === OP.DIV_K || insn.op === OP.MOD_K) && insn.k === 0) {
    out.push(problem(i, 'division by constant zero'));
  }
  if ((insn.op === OP.LSH_K || insn.op === OP.RSH_K) && insn.k >= 32) {
    out.push(problem(i, `shift by ${insn.k} (must be below 32)`));
  }
  if (info.operand === 'pkt' || info.operand === 'msh') {
    const end = insn.k + info.width!;
    proven[i] = end <= opts.minLength;
    if (!proven[i] && opts.staticBounds) {
      out.push(
        problem(
          i,
          `packet load [${insn.k}..${end}) beyond declared minimum length ${opts.minLength}`,
        ),
      );
    }
  }
  return out;
}

/** Verifies a downloaded program; on success returns the frozen, verified filter. */
export function verifyFilter(program: Program, options: VerifyOptions = {}): VerifyResult {
  const opts = { minLength: 0, staticBounds: false, ...options };
  if (!Number.isInteger(opts.minLength) || opts.minLength < 0 || opts.minLength > MAX_PACKET) {
    return {
      ok: false,
      problems: [problem(-1, `minimum length ${opts.minLength} not in 0..${MAX_PACKET}`)],
    };
  }
  if (program.length === 0) return { ok: false, problems: [problem(0, 'empty program')] };
  if (program.length > MAX_INSNS) {
    const msg = `program too long: ${program.length} instructions (limit ${MAX_INSNS})`;
    return { ok: false, problems: [problem(MAX_INSNS, msg)] };
  }
  const proven = program.map(() => false);
  const problems = program.flatMap((_, i) => checkInsn(program, i, opts, proven));
  const last = program.length - 1;
  const lastOp = program[last]!.op;
  if (lastOp !== OP.ACCEPT && lastOp !== OP.REJECT && opInfo(lastOp)?.cls !== 'jump') {
    problems.push(
      problem(last, 'falls off the end: the last instruction must be accept or reject'),
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, filter: sealFilter(program, opts.minLength, proven) };
}

/**
 * The last step of a verification that succeeded: a frozen copy of `program` with what was
 * proven, as the back ends take it. It trusts its caller: verifyFilter, or the verifier a lab
 * puts in FilterTable.verifier (lab 5, where the student's verifier decides).
 */
export function sealFilter(
  program: Program,
  minLength: number,
  proven: readonly boolean[],
): VerifiedFilter {
  const copy = Object.freeze(
    program.map((p) => Object.freeze({ op: p.op, k: p.k, jt: p.jt, jf: p.jf })),
  );
  const filter = {
    program: copy,
    minLength,
    proven: Object.freeze(program.map((_, i) => proven[i] === true)),
  };
  return Object.freeze(filter) as unknown as VerifiedFilter;
}

/** A verifier as FilterTable calls it (verifyFilter, or a lab's). */
export type FilterVerifier = (program: Program, options: VerifyOptions) => VerifyResult;
