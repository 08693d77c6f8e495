/**
 * `exolab run --kernel exos|mono`: one program under a kernel instead of the bare machine —
 * ExOS on the exokernel (kernel/libos/, loaded as the shell's `load` does) or the monolithic
 * baseline (kernel/mono/, assembly started at `main`). This is how programs that use the
 * portable process and VM calls (kernel/abi/vm-abi.ts: fork, vm_protect, …) run from the
 * command line, and how one compares the two kernels on the same program. Console output goes
 * to stdout; input is read from stdin when it is a file or a pipe (a terminal gives none).
 * The exit status is the program's exit code; 1 when the kernel killed or aborted it.
 */
import { readFileSync } from 'node:fs';
import { Exokernel } from '../../kernel/exo/kernel.ts';
import { loadProgram } from '../../kernel/libos/index.ts';
import { MonoKernel } from '../../kernel/mono/index.ts';
import { assemble, formatAssemblyError } from '../../machine/asm/index.ts';
import type { Engine } from '../../machine/engine-choice.ts';
import { CliFailure } from './usage-error.ts';

export type RunKernel = 'exos' | 'mono';

export interface KernelRunSettings {
  program: { name: string; bytes: Uint8Array };
  memoryBytes?: number;
  seed?: number;
  /** Cycles before giving up (0 = no limit). */
  maxCycles: number;
  stats: boolean;
  /** The machine's execution engine (the default when undefined). */
  engine?: Engine;
  args: string[];
}

const CHUNK = 100_000_000;
const LIMIT_STATUS = 3;

function stdinBytes(): Uint8Array | null {
  if (process.stdin.isTTY) return null;
  try {
    return readFileSync(0);
  } catch {
    return null;
  }
}

const write = (b: string | Uint8Array) => {
  process.stdout.write(b);
};

/** Runs until `stopped()` or the cycle limit; true if the limit was reached first. */
function runUntil(
  machineRun: (cycles: number) => { reason: string },
  cycles: () => number,
  maxCycles: number,
  stopped: () => boolean,
): boolean {
  for (;;) {
    const left = maxCycles === 0 ? CHUNK : Math.min(CHUNK, maxCycles - cycles());
    if (left <= 0) return true;
    const { reason } = machineRun(left);
    if (stopped() || reason === 'halted') return false;
    if (reason === 'blocked') throw new CliFailure('the program waits for input that never comes');
  }
}

function statsLine(cycles: number): void {
  process.stderr.write(`cycles: ${cycles} (${(cycles * 0.04).toFixed(2)} us emulated)\n`);
}

/** Runs the program under ExOS; returns the exit status. */
export function runUnderExos(s: KernelRunSettings): number {
  const kernel = new Exokernel({
    memoryBytes: s.memoryBytes,
    seed: s.seed,
    engine: s.engine,
    consoleHost: { write },
  });
  const loaded = loadProgram(kernel, s.program.name, s.program.bytes, {
    args: s.args,
    diagnostics: { write: (text) => process.stderr.write(text) },
  });
  if (!loaded.ok) throw new CliFailure(loaded.errors.join('\n'));
  const input = stdinBytes();
  if (input !== null) kernel.machine.console.feed(input);
  kernel.machine.console.endInput();
  kernel.switchTo(loaded.env);
  const env = loaded.env;
  const limited = runUntil(
    (c) => kernel.run(c),
    () => kernel.cycles,
    s.maxCycles,
    () => [...kernel.envs.values()].every((e) => e.state !== 'runnable'),
  );
  if (s.stats) statsLine(kernel.cycles);
  if (limited) {
    process.stderr.write(`exolab: stopped at the limit of ${s.maxCycles} cycles\n`);
    return LIMIT_STATUS;
  }
  if (env.state === 'aborted') {
    process.stderr.write(`exolab: ${env.name} was aborted: ${env.abortReason}\n`);
    return 1;
  }
  return env.exitCode ?? 0;
}

/** Runs the program (assembly only) under the monolithic baseline; returns the exit status. */
export function runUnderMono(s: KernelRunSettings): number {
  if (s.program.bytes[0] === 0x7f) {
    throw new CliFailure(
      `${s.program.name}: --kernel mono runs assembly only, not ELF executables`,
    );
  }
  const text = new TextDecoder().decode(s.program.bytes);
  const result = assemble({ name: s.program.name, text });
  if (!result.ok) throw new CliFailure(result.errors.map(formatAssemblyError).join('\n'));
  const main = result.symbols.get('main');
  if (main === undefined) throw new CliFailure(`${s.program.name}: no \`main\` label to start at`);
  const kernel = new MonoKernel({
    memoryBytes: s.memoryBytes,
    seed: s.seed,
    engine: s.engine,
    consoleHost: { write },
  });
  const input = stdinBytes();
  if (input !== null) kernel.machine.console.feed(input);
  kernel.machine.console.endInput();
  const proc = kernel.spawn(s.program.name, result.segments, main);
  if (proc === null) throw new CliFailure(`${s.program.name}: does not fit in memory`);
  kernel.switchTo(proc);
  const limited = runUntil(
    (c) => kernel.run(c),
    () => kernel.cycles,
    s.maxCycles,
    () => kernel.current === null,
  );
  if (s.stats) statsLine(kernel.cycles);
  if (limited) {
    process.stderr.write(`exolab: stopped at the limit of ${s.maxCycles} cycles\n`);
    return LIMIT_STATUS;
  }
  if (proc.state === 'killed') {
    process.stderr.write(`exolab: ${proc.name} was killed by signal ${proc.killedBy}\n`);
    return 1;
  }
  return proc.exitCode ?? 0;
}
