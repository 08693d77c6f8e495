/**
 * `bench emulator`: how fast the emulator runs real programs. Each benchmark program is loaded
 * fresh and run to its end, again and again until the time budget is spent (at least once);
 * instructions and cycles come from the machine (they are the same every run), wall time and
 * host MIPS are the median over the runs. The first run warms V8 up and is left out of the
 * median whenever there are others. Wall clock is read here only: benchmarks are never
 * timed tests.
 */
import { readFileSync } from 'node:fs';
import { type BareSession, loadBareProgram } from '../../kernel/bare/index.ts';

/** The programs, in bench/ at the top of the repository. */
export const EMULATOR_PROGRAMS = ['sieve.s', 'tlb-heavy.s'];
const BENCH_DIR = new URL('../../bench/', import.meta.url);
/** A benchmark that runs longer than this many instructions is broken. */
const MAX_INSTRUCTIONS = 20_000_000_000;
const RUN_CHUNK = 1 << 30;

export interface ProgramResult {
  program: string;
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
}

/** Runs every program for about `seconds` each. */
export function benchEmulator(seconds: number): ProgramResult[] {
  return EMULATOR_PROGRAMS.map((name) => benchProgram(name, seconds));
}

/** Runs bench/`name` repeatedly for about `seconds`; throws if it fails to load or finish. */
export function benchProgram(name: string, seconds: number): ProgramResult {
  const bytes = new Uint8Array(readFileSync(new URL(name, BENCH_DIR)));
  const times: number[] = [];
  let last: { session: BareSession; output: string } | undefined;
  const start = performance.now();
  do {
    const t0 = performance.now();
    last = runOnce(name, bytes);
    times.push((performance.now() - t0) / 1000);
  } while ((performance.now() - start) / 1000 < seconds);
  const machine = last.session.machine;
  const instructions = machine.retired;
  const counted = times.length > 1 ? times.slice(1) : times;
  const median = medianOf(counted);
  const refills = last.session.tlbRefills;
  return {
    program: name,
    instructions,
    cycles: machine.clock.cycles,
    seconds: median,
    mips: median > 0 ? instructions / median / 1e6 : 0,
    runs: counted.length,
    ...(refills === undefined ? {} : { tlbRefills: refills }),
    output: last.output.trim(),
  };
}

/** Loads and runs one program to its exit; returns the session and what it printed. */
function runOnce(name: string, bytes: Uint8Array): { session: BareSession; output: string } {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const loaded = loadBareProgram(
    { name, bytes },
    {
      output: {
        write: (b) => chunks.push(typeof b === 'string' ? b : decoder.decode(b, { stream: true })),
      },
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
  const header = ['program', 'instructions', 'cycles', 'seconds', 'MIPS', 'runs'];
  if (withRefills) header.splice(3, 0, 'TLB refills');
  const rows = results.map((r) => {
    const row = [
      r.program,
      r.instructions.toLocaleString('en-US'),
      r.cycles.toLocaleString('en-US'),
      r.seconds.toFixed(3),
      r.mips.toFixed(1),
      String(r.runs),
    ];
    if (withRefills) row.splice(3, 0, (r.tlbRefills ?? 0).toLocaleString('en-US'));
    return row;
  });
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  '),
    )
    .join('\n');
}
