/**
 * Lab 5's plug: the student's verifier as the kernel's (FilterTable.verifier, the lab seam in
 * kernel/filter/index.ts), and the checks every test shares: a verdict compared with the
 * kernel's own verifier's on the same program.
 */
import type { Environment } from '../../../kernel/exo/env.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import {
  type FilterVerifier,
  formatInsn,
  type Insn,
  sealFilter,
  type VerifyOptions,
} from '../../../kernel/filter/index.ts';
import type { LabContext } from '../../../source/grader/lab-api.ts';
import type { VerifyOptions as StudentOptions, Verdict } from '../lab-types.ts';
import type { Case } from './corpus.ts';

type StudentVerify = (program: readonly Insn[], options: StudentOptions) => Verdict;

/** The student's verify, wrapped (its throws and loops are reported as the student's). */
export function studentVerify(t: LabContext): StudentVerify {
  return t.student.fn<StudentVerify>('verify', 'verifier (verify)');
}

/** Calls the student's verifier on a frozen copy and checks the verdict's shape. */
export function verdictOf(t: LabContext, verify: StudentVerify, c: Case): Verdict {
  const program = Object.freeze(c.program.map((i) => Object.freeze({ ...i })));
  const v = verify(program, Object.freeze({ ...c.options }));
  const shaped =
    typeof v === 'object' &&
    v !== null &&
    ((v.ok === true && Array.isArray(v.proven)) ||
      (v.ok === false && Number.isInteger(v.index) && typeof v.reason === 'string'));
  if (!shaped) {
    t.fail(
      `verify returned something that is not a verdict (${c.name})`,
      '{ ok: true, proven: boolean[] } or { ok: false, index, reason }',
      v,
    );
  }
  return v;
}

/** A program listing for failure messages (the first instructions, with their indices). */
export function listing(program: readonly Insn[]): string {
  const lines = program.slice(0, 8).map((insn, i) => {
    let text: string;
    try {
      text = formatInsn(insn);
    } catch {
      text = JSON.stringify(insn);
    }
    return `${i}: ${text}`;
  });
  if (program.length > 8) lines.push(`… ${program.length} instructions`);
  return lines.join('; ');
}

/**
 * Checks the student's verdict on `c` against the kernel's: a safe program accepted with the
 * right proven loads; an unsafe one refused at an instruction the kernel's verifier also
 * faults (any index for a program of the wrong length).
 */
export function expectVerdict(t: LabContext, verify: StudentVerify, c: Case): void {
  const v = verdictOf(t, verify, c);
  const opts = `minLength ${c.options.minLength}${c.options.staticBounds ? ', staticBounds' : ''}`;
  if (c.problems === null) {
    if (!v.ok) {
      t.fail(
        `your verifier refused a safe filter: ${c.name} (${opts}) [${listing(c.program)}]`,
        'accepted',
        `refused at insn ${v.index}: ${v.reason}`,
      );
    }
    const proven = c.program.map((_, i) => v.proven[i] === true);
    const wrong = proven.findIndex((p, i) => p !== c.proven[i]);
    if (wrong >= 0) {
      const hole = proven[wrong]
        ? 'claimed in bounds, but a packet of the minimum length does not hold it: the compiled filter would read past the packet'
        : 'provably in bounds, not claimed (the filter pays a check it does not need)';
      t.fail(
        `proven[${wrong}] for ${c.name} (${opts}), insn ${wrong} (${listing([c.program[wrong]!]).slice(3)}): ${hole}`,
        String(c.proven[wrong]),
        String(proven[wrong]),
      );
    }
    return;
  }
  const kernelSays = c.problems.map((p) => p.text).join('; ');
  if (v.ok) {
    t.fail(
      `your verifier accepted an unsafe filter: ${c.name} (${opts}) [${listing(c.program)}]`,
      `refused (${kernelSays})`,
      'accepted',
    );
  }
  const wholeProgram = c.program.length === 0 || c.program.length > 256;
  if (!wholeProgram && !c.problems.some((p) => p.index === v.index)) {
    t.fail(
      `your verifier refused ${c.name} at an instruction that is fine`,
      `an index among ${c.problems.map((p) => p.index).join(', ')} (${kernelSays})`,
      `insn ${v.index}: ${v.reason}`,
    );
  }
}

/**
 * The student's verifier as FilterTable.verifier: a refusal becomes the kernel's E_INVAL with
 * the student's reason; an acceptance is sealed with the student's proven[] and compiled.
 */
export function kernelVerifier(t: LabContext): FilterVerifier {
  const verify = studentVerify(t);
  return (program, options: VerifyOptions) => {
    const opts = { minLength: options.minLength ?? 0, staticBounds: options.staticBounds ?? false };
    const c: Case = {
      name: 'the program being installed',
      program: [...program],
      options: opts,
      problems: null,
      proven: [],
    };
    const v = verdictOf(t, verify, c);
    if (!v.ok) {
      const text = `insn ${v.index}: ${v.reason}`;
      return {
        ok: false,
        problems: [{ code: 'E_INVAL', index: v.index, message: v.reason, text }],
      };
    }
    return { ok: true, filter: sealFilter(program, opts.minLength, v.proven) };
  };
}

/** A fresh kernel whose filter installs go through the student's verifier, and one environment. */
export function kernelWithVerifier(t: LabContext): { kernel: Exokernel; env: Environment } {
  const kernel = t.track(new Exokernel({ memoryBytes: 4 << 20, seed: 1 }));
  kernel.net.filters.verifier = kernelVerifier(t);
  const env = kernel.createEnv('net');
  if (env === null) throw new Error('plug: no environment');
  return { kernel, env };
}
