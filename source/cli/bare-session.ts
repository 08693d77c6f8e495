/**
 * Drives one bare-mode program to its end: loads it, feeds it stdin, runs the machine in chunks
 * (yielding to the event loop between chunks so Ctrl-C is heard), and turns how it ended into
 * an exit status and at most one line on stderr. Wall-clock time is read here, in source/, for
 * `--stats` only; the machine itself knows only emulated cycles.
 */
import * as fs from 'node:fs';
import { type BareSession, loadBareProgram } from '../../kernel/bare/index.ts';
import type { Engine } from '../../machine/engine-choice.ts';
import { DirectoryFileHost } from './file-host.ts';
import { reason } from './read-input.ts';
import { readAllStdin, TerminalLines } from './stdin-lines.ts';
import { Tracer } from './tracer.ts';

export interface RunSettings {
  program: { name: string; bytes: Uint8Array };
  handler?: { name: string; text: string };
  memoryBytes?: number;
  seed?: number;
  /** Arguments after `--`. */
  args: string[];
  /** Instruction limit; 0 = none. */
  maxInstructions: number;
  stats: boolean;
  /** Execution engine (default: the machine's default). */
  engine?: Engine;
  trace: boolean;
  /** Where to save the run's state when it stops. */
  saveState?: string;
  /** A state saved earlier to continue from. */
  restoreState?: { name: string; bytes: Uint8Array };
}

/** How a run ended. */
type Outcome =
  | { kind: 'exit'; code: number }
  | { kind: 'limit' }
  | { kind: 'interrupted' }
  | { kind: 'idle' }
  | { kind: 'breakpoint' }
  | { kind: 'starved' };

/** Cycles per chunk between event-loop turns: about 20–40 ms of emulation. */
const CHUNK_CYCLES = 1 << 22;
/** Instructions per chunk when tracing (each one prints a line). */
const TRACE_CHUNK = 1 << 12;

export const EXIT_LIMIT = 3;
export const EXIT_INTERRUPTED = 130;

/** Runs the program described by `settings`; returns the exit status. */
export async function executeBare(settings: RunSettings): Promise<number> {
  const files = new DirectoryFileHost();
  const loaded = loadBareProgram(settings.program, {
    memoryBytes: settings.memoryBytes,
    seed: settings.seed,
    engine: settings.engine,
    exceptionHandler: settings.handler,
    args: settings.args,
    files,
    output: { write: (bytes) => process.stdout.write(bytes) },
    diagnostics: { write: (text) => process.stderr.write(text) },
  });
  if (!loaded.ok) {
    for (const line of loaded.errors) process.stderr.write(`${line}\n`);
    return 1;
  }
  const session = loaded.session;
  if (settings.restoreState) {
    const problem = session.restoreState(settings.restoreState.bytes);
    if (problem) {
      process.stderr.write(
        `exolab: cannot restore \`${settings.restoreState.name}\`: ${problem}\n`,
      );
      return 1;
    }
  }
  const terminal = process.stdin.isTTY ? new TerminalLines() : null;
  if (!terminal) {
    session.feedInput(await readAllStdin());
    session.endInput();
  }
  const control = { interrupted: false };
  const onSigint = () => {
    control.interrupted = true;
    session.machine.stopRequested = true;
    terminal?.cancel();
  };
  process.on('SIGINT', onSigint);
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = await drive(session, settings, terminal, control);
  } finally {
    process.off('SIGINT', onSigint);
    files.closeAll();
  }
  const seconds = (performance.now() - started) / 1000;
  const status = report(session, settings, outcome);
  if (settings.stats) printStats(session, seconds);
  if (settings.saveState && !saveState(session, settings.saveState)) return 1;
  return status;
}

/** Runs chunk after chunk until the program ends, the limit is reached or Ctrl-C. */
async function drive(
  session: BareSession,
  settings: RunSettings,
  terminal: TerminalLines | null,
  control: { interrupted: boolean },
): Promise<Outcome> {
  const machine = session.machine;
  const tracer = settings.trace ? new Tracer(session) : null;
  let inputEnded = terminal === null;
  for (;;) {
    if (control.interrupted) return { kind: 'interrupted' };
    const limit = settings.maxInstructions;
    const left = limit > 0 ? limit - machine.retired : Number.POSITIVE_INFINITY;
    if (left <= 0) return { kind: 'limit' };
    const result = tracer
      ? tracer.run(Math.min(TRACE_CHUNK, left))
      : session.run(Math.min(CHUNK_CYCLES, left));
    switch (result.reason) {
      case 'halted':
        return { kind: 'exit', code: session.exitCode ?? 0 };
      case 'idle':
        return { kind: 'idle' };
      case 'breakpoint':
        return { kind: 'breakpoint' };
      case 'blocked': {
        if (inputEnded || terminal === null) return { kind: 'starved' };
        const line = await terminal.next();
        if (control.interrupted) return { kind: 'interrupted' };
        if (line === null) {
          session.endInput();
          inputEnded = true;
        } else {
          session.feedInput(line);
        }
        continue;
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Prints the one-line message for `outcome` and returns the exit status. */
function report(session: BareSession, settings: RunSettings, outcome: Outcome): number {
  const machine = session.machine;
  const pc = `0x${(machine.cpu.pc >>> 0).toString(16).padStart(8, '0')}`;
  const say = (text: string) => process.stderr.write(`exolab: ${text}\n`);
  switch (outcome.kind) {
    case 'exit':
      return outcome.code & 0xff;
    case 'limit':
      say(`instruction limit (${settings.maxInstructions}) reached at pc ${pc}`);
      return EXIT_LIMIT;
    case 'interrupted':
      say(`stopped by Ctrl-C after ${machine.retired} instructions`);
      return EXIT_INTERRUPTED;
    case 'idle':
      say(`the machine is idle at pc ${pc}: \`wait\` with nothing left that could wake it`);
      return 1;
    case 'breakpoint':
      say(`stopped at a breakpoint at pc ${pc}`);
      return 1;
    case 'starved':
      say(`the program waits for input after the end of input, at pc ${pc}`);
      return 1;
  }
}

/** `--save-state`: writes the snapshot; says why not and returns false if it cannot. */
function saveState(session: BareSession, file: string): boolean {
  try {
    fs.writeFileSync(file, session.saveState());
    return true;
  } catch (error) {
    process.stderr.write(`exolab: cannot save the state to \`${file}\`: ${reason(error)}\n`);
    return false;
  }
}

/**
 * `--stats`: instructions, cycles and host MIPS on stderr, then the engine and, for the block
 * compiler, what it did since the program was loaded.
 */
function printStats(session: BareSession, seconds: number): void {
  const machine = session.machine;
  const instructions = machine.retired;
  const mips = seconds > 0 ? instructions / seconds / 1e6 : 0;
  const lines = [
    `instructions: ${instructions}`,
    `cycles: ${machine.clock.cycles}`,
    `mips: ${mips.toFixed(1)}`,
    `engine: ${machine.engine}`,
  ];
  const jit = machine.jitStats();
  if (jit !== null) {
    const share = instructions > 0 ? (100 * jit.compiledInstructions) / instructions : 0;
    lines.push(
      `blocks compiled: ${jit.blocksCompiled}`,
      `blocks invalidated: ${jit.invalidations}`,
      `compiled share: ${share.toFixed(1)}%`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}
