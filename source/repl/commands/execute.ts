/**
 * Execution: load a program into an environment, run for N cycles, step instructions, set
 * breakpoints and continue. Each says why the machine stopped and what changed: environments
 * that exited or were aborted, and what the program wrote to the console.
 */
import type { Environment } from '../../../kernel/exo/env.ts';
import { readEnvWord } from '../../../kernel/exo/guest-memory.ts';
import type { Exokernel } from '../../../kernel/exo/kernel.ts';
import { loadProgram } from '../../../kernel/libos/index.ts';
import { STOP_BLOCKED, STOP_BREAKPOINT, STOP_HALT, STOP_NONE } from '../../../machine/cpu-state.ts';
import { disassemble } from '../../../machine/isa/disassemble.ts';
import type { RunResult } from '../../../machine/machine.ts';
import {
  type Command,
  CommandError,
  type CommandOutput,
  type ParsedArgs,
  said,
} from '../command.ts';
import { hex8 } from '../format.ts';
import { consoleLines, type Session } from '../session.ts';
import { checkName, describeEnv } from './environments.ts';

const DEFAULT_RUN_CYCLES = 1_000_000;
/** Machine.run's reasons for the stops a trap may request. */
const STOP_REASONS: Record<number, RunResult['reason']> = {
  [STOP_HALT]: 'halted',
  [STOP_BLOCKED]: 'blocked',
  [STOP_BREAKPOINT]: 'breakpoint',
};
/** What `continue` allows before it gives up (about 4 s of emulated time). */
const CONTINUE_CYCLES = 100_000_000;
const MAX_STEPS = 10_000;

/** Puts an environment on the CPU if none is: the chosen one. */
function ensureRunning(session: Session): Environment {
  const kernel = session.kernel;
  if (kernel.current !== null) return kernel.current;
  const env = session.actingEnv();
  const switched = kernel.switchTo(env);
  if (switched.error !== 0) throw new CommandError(`${describeEnv(env)} cannot run`);
  return env;
}

/** "pc 0x00400010: addiu $t0,$t0,1" for the environment on the CPU. */
export function whereNow(kernel: Exokernel): string {
  const env = kernel.current;
  if (env === null) return 'nothing on the CPU';
  const pc = kernel.machine.cpu.pc;
  const word = readEnvWord(kernel.machine.memory, env, pc);
  return `pc ${hex8(pc)}: ${word === null ? '(not mapped)' : disassemble(word, pc)}`;
}

const REASONS: Record<RunResult['reason'], string> = {
  budget: 'the cycle budget is spent',
  halted: 'the machine halted: no environment is left to run',
  blocked: 'waiting for console input',
  breakpoint: 'breakpoint',
  idle: 'idle: nothing is left that could wake the CPU',
};

/** Environment states before a run, so its report can name the environments that ended. */
export type RunStart = Map<number, Environment['state']>;

/** Puts an environment on the CPU if none is and notes every environment's state. */
export function beginRun(session: Session): RunStart {
  ensureRunning(session);
  return new Map([...session.kernel.envs.values()].map((e) => [e.id, e.state]));
}

/**
 * Reports a run that began at `before`: console output, environments that ended, why it
 * stopped (`stoppedBy` overrides the reason, e.g. "interrupted (Ctrl-C)") and where it is now.
 */
export function reportRun(
  session: Session,
  before: RunStart,
  result: RunResult,
  stoppedBy?: string,
): CommandOutput {
  const kernel = session.kernel;
  const lines: string[] = [];
  const output = session.takeConsoleOutput();
  if (output) lines.push(...consoleLines(output));
  const ended = [...kernel.envs.values()].filter((e) => before.get(e.id) !== e.state);
  for (const e of ended) {
    const how =
      e.state === 'exited' ? `exited with code ${e.exitCode}` : `aborted: ${e.abortReason}`;
    lines.push(`${describeEnv(e)} ${how}`);
  }
  const why =
    stoppedBy ??
    (result.reason === 'breakpoint'
      ? `breakpoint at ${hex8(kernel.machine.cpu.pc)}`
      : REASONS[result.reason]);
  lines.push(`stopped after ${result.cycles} cycles: ${why}`);
  if (kernel.current !== null) lines.push(whereNow(kernel));
  return said(lines, {
    reason: result.reason,
    cycles: result.cycles,
    pc: kernel.machine.cpu.pc,
    current: kernel.current?.id ?? null,
    ended: ended.map((e) => ({
      env: e.id,
      state: e.state,
      exitCode: e.exitCode,
      abortReason: e.abortReason,
    })),
    console: output,
  });
}

/** Runs `step` and reports why it stopped, environments that ended and console output. */
function runAndReport(session: Session, step: () => RunResult): CommandOutput {
  const before = beginRun(session);
  return reportRun(session, before, step());
}

/**
 * Runs the machine for `cycles` or until it stops, as `run` does; in a replay for `back`, no
 * further than the session's stopAt step. There it goes by budgets of the steps left (a step
 * costs at least a cycle, so a budget never overshoots) and settles each exception as `step`
 * does, so it lands on the same state a `step` to that count would.
 */
export function runMachine(session: Session, cycles: number): RunResult {
  const limit = session.stopAt;
  if (limit === null) return session.kernel.run(cycles);
  const machine = session.kernel.machine;
  const start = machine.clock.cycles;
  let reason: RunResult['reason'] = 'budget';
  while (reason === 'budget') {
    const left = Math.min(limit - session.steps, start + cycles - machine.clock.cycles);
    if (left <= 0) break;
    reason = session.kernel.run(left).reason;
    const stop = machine.cpu.settleTrap();
    if (reason === 'budget' && stop !== STOP_NONE) reason = STOP_REASONS[stop] ?? 'halted';
  }
  return { reason, cycles: machine.clock.cycles - start };
}

/** The cycles a `run [N]` or `continue` command asks for; null for any other command. */
export function runBudget(name: string, values: ParsedArgs['values']): number | null {
  if (name === 'run') return (values[0] as number | undefined) ?? DEFAULT_RUN_CYCLES;
  if (name === 'continue') return CONTINUE_CYCLES;
  return null;
}

const load: Command = {
  name: 'load',
  group: 'execute',
  args: [
    { name: 'NAME', kind: 'word' },
    { name: 'FILE', kind: 'file' },
  ],
  help: 'loads a MIPS program (SPIM assembly or mipsel ELF) into a new environment NAME run by the library OS (ExOS), and acts as it',
  example: 'load alice examples/touch-twice.s',
  run(session, { values: [name, file] }) {
    const kernel = session.kernel;
    checkName(session, name as string);
    const bytes = session.readFile(file as string);
    const loaded = loadProgram(kernel, name as string, bytes, { diagnostics: session.diagnostics });
    if (!loaded.ok) throw new CommandError(loaded.errors.join('; '));
    for (const [label, address] of loaded.symbols) session.symbols.set(label, address);
    session.env = loaded.env;
    const pc = loaded.env.context.pc;
    return said(
      `loaded ${file} into ${describeEnv(loaded.env)} under ExOS; entry ${hex8(pc)}; acting as ${name}`,
      { env: loaded.env.id, name, file, entry: pc, bindings: loaded.env.bindings.size },
    );
  },
};

const run: Command = {
  name: 'run',
  group: 'execute',
  args: [{ name: 'N', kind: 'count', optional: true }],
  help: `runs the machine for N cycles (default ${DEFAULT_RUN_CYCLES}) or until it stops; says why it stopped`,
  example: 'run 10000',
  run(session, { values }) {
    const cycles = runBudget('run', values) ?? DEFAULT_RUN_CYCLES;
    return runAndReport(session, () => runMachine(session, cycles));
  },
};

const cont: Command = {
  name: 'continue',
  group: 'execute',
  args: [],
  help: `runs on until a breakpoint, an exit or another stop (at most ${CONTINUE_CYCLES} cycles)`,
  example: 'continue',
  run: (session) => runAndReport(session, () => runMachine(session, CONTINUE_CYCLES)),
};

const step: Command = {
  name: 'step',
  group: 'execute',
  args: [{ name: 'N', kind: 'count', optional: true }],
  help: `executes N instructions (default 1, at most ${MAX_STEPS}), then shows the next one`,
  example: 'step 3',
  run(session, { values: [n] }) {
    const count = (n as number | undefined) ?? 1;
    if (count > MAX_STEPS) throw new CommandError(`N \`${count}\` is more than ${MAX_STEPS}`, true);
    return runAndReport(session, () => {
      const machine = session.kernel.machine;
      const start = machine.clock.cycles;
      // Cycles the kernel charged since the last run (a context switch, say) go on the clock
      // first; otherwise the first step would only spend them and execute nothing.
      const pending = machine.cpu.settleTrap();
      let reason: RunResult['reason'] =
        pending === STOP_NONE ? 'budget' : (STOP_REASONS[pending] ?? 'halted');
      for (let i = 0; i < count && reason === 'budget' && !session.atStop(); i++) {
        reason = machine.step().reason;
        // An exception taken by the step goes to the kernel now, not at the next run, so
        // the pc shown is where the environment goes on (its handler, or back after a refill).
        const stop = machine.cpu.settleTrap();
        if (reason === 'budget' && stop !== STOP_NONE) reason = STOP_REASONS[stop] ?? 'halted';
      }
      return { reason, cycles: machine.clock.cycles - start };
    });
  },
};

const breakCommand: Command = {
  name: 'break',
  group: 'execute',
  args: [{ name: 'ADDR', kind: 'address', optional: true }],
  flags: [{ name: '-d', help: 'delete the breakpoint at ADDR' }],
  help: 'stops execution before the instruction at ADDR (-d removes it); alone, lists breakpoints',
  example: 'break 0x00400010',
  run(session, { values: [addr], flags }) {
    const cpu = session.kernel.machine.cpu;
    const points = cpu.breakpoints ?? new Set<number>();
    if (addr === undefined) {
      if (flags.has('-d')) throw new CommandError('missing ADDR', true);
      const list = [...points].sort((a, b) => a - b);
      return said(list.length ? list.map(hex8) : ['no breakpoints'], list);
    }
    const at = (addr as number) >>> 0;
    if ((at & 3) !== 0) throw new CommandError(`\`${hex8(at)}\` is not word-aligned`, true);
    if (flags.has('-d')) {
      if (!points.delete(at)) throw new CommandError(`no breakpoint at ${hex8(at)}`);
    } else points.add(at);
    // An empty set would still slow the CPU down: null means none.
    cpu.breakpoints = points.size > 0 ? points : null;
    return said(`${flags.has('-d') ? 'removed' : 'breakpoint at'} ${hex8(at)}`, [...points]);
  },
};

export const executeCommands: Command[] = [load, run, step, breakCommand, cont];
