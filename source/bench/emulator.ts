/**
 * `bench emulator`: how fast the emulator runs real programs, under each execution engine (the
 * interpreter and the block compiler). Each benchmark program is loaded
 * fresh and run to its end, again and again until the time budget is spent (at least once);
 * instructions and cycles come from the machine (they are the same every run), wall time and
 * host MIPS are the median over the runs. The first run warms V8 up and is left out of the
 * median whenever there are others. Wall clock is read here only: benchmarks are never
 * timed tests.
 */
import { readFileSync } from 'node:fs';
import { type BareSession, loadBareProgram } from '../../kernel/bare/index.ts';
import { ENGINES, type Engine } from '../../machine/engine-choice.ts';

/** The programs, in bench/ at the top of the repository. */
export const EMULATOR_PROGRAMS = ['sieve.s', 'tlb-heavy.s'];
const BENCH_DIR = new URL('../../bench/', import.meta.url);
/** A benchmark that runs longer than this many instructions is broken. */
const MAX_INSTRUCTIONS = 20_000_000_000;
const RUN_CHUNK = 1 << 30;

export interface ProgramResult {
  program: string;
  engine: Engine;
  instructions: number;
  cycles: number;
  /** Median wall seconds of one run (after the warm-up run, when there were several). */
  seconds: number;
  /** Median host MIPS (retired instructions per wall-clock microsecond). */
  mips: number;
  runs: number;
  /** TLB refills in one run, when the machine counts them. */
  tlbRefills?: number;
  /** What the program printed (its checksum). */
  output: string;
  /** Block compiler only: share of the instructions that ran as compiled code (0..1). */
  compiledShare?: number;
}

/** Runs every program under every engine for about `seconds` each. */
export function benchEmulator(seconds: number): ProgramResult[] {
  return EMULATOR_PROGRAMS.flatMap((name) =>
    ENGINES.map((engine) => benchProgram(name, seconds, engine)),
  );
}

/** The source of bench/`name`. */
export function benchSource(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, BENCH_DIR)));
}

/**
 * Runs bench/`name` (or `bytes`, a program given in its place) repeatedly for about `seconds`
 * under `engine`; throws if it fails to load or finish.
 */
export function benchProgram(
  name: string,
  seconds: number,
  engine: Engine = 'interp',
  bytes = benchSource(name),
): ProgramResult {
  const times: number[] = [];
  let last: { session: BareSession; output: string } | undefined;
  const start = performance.now();
  do {
    const t0 = performance.now();
    last = runOnce(name, bytes, engine);
    times.push((performance.now() - t0) / 1000);
  } while ((performance.now() - start) / 1000 < seconds);
  const machine = last.session.machine;
  const instructions = machine.retired;
  const counted = times.length > 1 ? times.slice(1) : times;
  const median = medianOf(counted);
  const refills = last.session.tlbRefills;
  const jit = machine.jitStats();
  return {
    program: name,
    engine,
    instructions,
    cycles: machine.clock.cycles,
    seconds: median,
    mips: median > 0 ? instructions / median / 1e6 : 0,
    runs: counted.length,
    ...(refills === undefined ? {} : { tlbRefills: refills }),
    output: last.output.trim(),
    ...(jit === null
      ? {}
      : { compiledShare: jit.compiledInstructions / Math.max(1, instructions) }),
  };
}

/** Loads and runs one program to its exit; returns the session and what it printed. */
function runOnce(
  name: string,
  bytes: Uint8Array,
  engine: Engine,
): { session: BareSession; output: string } {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const loaded = loadBareProgram(
    { name, bytes },
    {
      output: {
        write: (b) => chunks.push(typeof b === 'string' ? b : decoder.decode(b, { stream: true })),
      },
      engine,
    },
  );
  if (!loaded.ok) throw new Error(`benchmark ${name} failed to load:\n${loaded.errors.join('\n')}`);
  const session = loaded.session;
  session.endInput();
  for (;;) {
    const result = session.run(RUN_CHUNK);
    if (result.reason === 'halted') break;
    if (result.reason !== 'budget' || session.machine.retired > MAX_INSTRUCTIONS) {
      throw new Error(`benchmark ${name} stopped (${result.reason}) instead of exiting`);
    }
  }
  return { session, output: chunks.join('') };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The results as an aligned text table. */
export function formatTable(results: ProgramResult[]): string {
  const withRefills = results.some((r) => r.tlbRefills !== undefined);
  const header = ['program', 'engine', 'instructions', 'cycles', 'seconds', 'MIPS', 'runs'];
  if (withRefills) header.splice(4, 0, 'TLB refills');
  const rows = results.map((r) => {
    const row = [
      r.program,
      r.engine,
      r.instructions.toLocaleString('en-US'),
      r.cycles.toLocaleString('en-US'),
      r.seconds.toFixed(3),
      r.mips.toFixed(1),
      String(r.runs),
    ];
    if (withRefills) row.splice(4, 0, (r.tlbRefills ?? 0).toLocaleString('en-US'));
    return row;
  });
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return all
    .map((row) =>
      row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
    )
    .join('\n');
}

/** One line per program: how much faster the block compiler ran it than the interpreter. */
export function formatSpeedups(results: ProgramResult[]): string {
  const lines: string[] = [];
  for (const name of new Set(results.map((r) => r.program))) {
    const interp = results.find((r) => r.program === name && r.engine === 'interp');
    const jit = results.find((r) => r.program === name && r.engine === 'jit');
    if (interp === undefined || jit === undefined || interp.mips === 0) continue;
    const share = ((jit.compiledShare ?? 0) * 100).toFixed(1);
    lines.push(
      `${name}: jit ${(jit.mips / interp.mips).toFixed(2)}× the interpreter (${share}% of instructions compiled; same output, ${jit.cycles === interp.cycles ? 'same' : 'DIFFERENT'} cycle count)`,
    );
  }
  return lines.join('\n');
}
