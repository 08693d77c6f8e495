/**
 * Lab 5: downloading code safely. Your code is the kernel's download-time verifier for packet
 * filters: a filter runs inside the kernel on every packet, so nothing may be left to chance.
 * Read README.md for the steps; lab-types.ts has the bytecode and the verdict.
 */
import {
  type Insn,
  MAX_INSNS,
  OP_DIV_K,
  OP_LSH_K,
  OP_MOD_K,
  OP_RSH_K,
  OPCODES,
  SCRATCH_WORDS,
  type Verdict,
  type VerifyOptions,
} from './lab-types.ts';

/** A refusal at instruction `index`. */
function refuse(index: number, reason: string): Verdict {
  return { ok: false, index, reason };
}

function isU32(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

/**
 * Checks instruction i of program; returns the reason it is unsafe, or null. Sets proven[i]
 * for a constant-offset packet load that ends within minLength.
 */
function checkInsn(
  program: readonly Insn[],
  i: number,
  options: VerifyOptions,
  proven: boolean[],
): string | null {
  const insn = program[i]!;
  const shape = OPCODES[insn.op];
  // Step 1: a known opcode (an own property: "constructor" is not an opcode) and a 32-bit k.
  if (!Number.isInteger(insn.op) || !Object.hasOwn(OPCODES, insn.op) || shape === undefined) {
    return `unknown opcode ${String(insn.op)}`;
  }
  if (!isU32(insn.k)) return `constant ${String(insn.k)} is not a 32-bit unsigned integer`;
  // Step 2: every jump forward and inside the program.
  const targets =
    shape.operand === 'jump' ? [insn.jt] : shape.operand === 'cond' ? [insn.jt, insn.jf] : [];
  for (const t of targets) {
    if (!Number.isInteger(t)) return `jump target ${String(t)} is not an index`;
    if (t <= i) return `backward jump to ${t}`;
    if (t >= program.length) return `jump target ${t} out of range`;
  }
  // Step 3: scratch in range, no division by constant zero, shifts below 32, packet loads.
  if (shape.operand === 'mem' && insn.k >= SCRATCH_WORDS)
    return `scratch index ${insn.k} out of range`;
  if ((insn.op === OP_DIV_K || insn.op === OP_MOD_K) && insn.k === 0)
    return 'division by constant zero';
  if ((insn.op === OP_LSH_K || insn.op === OP_RSH_K) && insn.k >= 32) return `shift by ${insn.k}`;
  if (shape.operand === 'pkt' || shape.operand === 'msh') {
    const end = insn.k + shape.width!;
    proven[i] = end <= options.minLength;
    if (!proven[i] && options.staticBounds) {
      return `packet load [${insn.k}..${end}) beyond the minimum length ${options.minLength}`;
    }
  }
  return null;
}

/** May the kernel install `program`? See lab-types.ts for the verdict. */
export function verify(program: readonly Insn[], options: VerifyOptions): Verdict {
  if (program.length === 0) return refuse(0, 'empty program');
  if (program.length > MAX_INSNS)
    return refuse(MAX_INSNS, `${program.length} instructions (limit ${MAX_INSNS})`);
  const proven = program.map(() => false);
  for (let i = 0; i < program.length; i++) {
    const why = checkInsn(program, i, options, proven);
    if (why !== null) return refuse(i, why);
  }
  // With every jump forward, the only way not to end in accept/reject is to fall off the end.
  const last = program.length - 1;
  if (OPCODES[program[last]!.op]?.returns !== true) {
    return refuse(last, 'falls off the end: the last instruction must be accept or reject');
  }
  return { ok: true, proven };
}
