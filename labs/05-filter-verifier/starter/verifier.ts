/**
 * Lab 5: downloading code safely. Your code is the kernel's download-time verifier for packet
 * filters: a filter runs inside the kernel on every packet, so nothing may be left to chance.
 * Read README.md for the steps; lab-types.ts has the bytecode and the verdict.
 */
import { type Insn, OPCODES, type Verdict, type VerifyOptions } from './lab-types.ts';

/** May the kernel install `program`? See lab-types.ts for the verdict. */
export function verify(program: readonly Insn[], options: VerifyOptions): Verdict {
  // TODO step 1: length 1..MAX_INSNS, known opcodes, 32-bit constants.
  // TODO step 2: every jump forward and inside the program; the last instruction returns.
  // TODO step 3: scratch indices, constant divisors and shifts, packet loads (proven[]).
  void options;
  void OPCODES;
  return { ok: true, proven: program.map(() => false) };
}
