/**
 * `bench paper`, the virtual-memory rows: the Appel–Li set (dirty, prot1, prot100, unprot100,
 * trap, appel1, appel2) and application-controlled paging against the kernel's LRU. Each is a
 * committed MIPS program under bench/paper/ that uses the portable calls of
 * kernel/abi/vm-abi.ts, run unchanged under the monolithic baseline (kernel/mono/vm.ts) and
 * under the exokernel with ExOS (kernel/libos/appel-li.ts, paging.ts), in emulated cycles.
 *
 * vm-appel.s runs N and 2N iterations of one mode and the difference over N is one iteration;
 * the empty loop (mode 0) measured the same way is subtracted, except for trap, from which
 * mode 6 (the same protect and unprotect calls without the fault) is subtracted, leaving the
 * fault's delivery to the handler and the return. appel2 is per page (100 faults an iteration).
 *
 * paging-scan.s is measured whole (load to exit) in a machine with PAGING_FRAMES frames for
 * programs beside the kernel's 256: the baseline pages with its LRU, ExOS with the MRU policy
 * the program asks for. The figure is the run time ExOS saves, beside the 45% the paper cites.
 */
import { readFileSync } from 'node:fs';
import { POLICY_FIFO, POLICY_MRU } from '../../kernel/abi/vm-abi.ts';
import { Exokernel } from '../../kernel/exo/kernel.ts';
import { loadProgram } from '../../kernel/libos/index.ts';
import { KERNEL_FRAMES, MonoKernel } from '../../kernel/mono/index.ts';
import { assemble } from '../../machine/asm/index.ts';
import type { PaperRow } from './paper.ts';

const BENCH_DIR = new URL('../../bench/paper/', import.meta.url);
const MICROSECONDS_PER_CYCLE = 0.04;
const MEMORY = 4 << 20;
/** Frames for programs in the paging experiment (the scan touches 40 pages). */
export const PAGING_FRAMES = 24;
const MAX_CYCLES = 200_000_000;

/** One run's result: cycles and console output. */
export interface VmRun {
  cycles: number;
  output: string;
}

export interface VmRunOptions {
  memoryBytes?: number;
  /** Registers at main (mode and N, or the policy). */
  regs?: Record<number, number>;
}

function source(name: string): string {
  return readFileSync(new URL(name, BENCH_DIR), 'utf8');
}

/** Runs `name` under ExOS from `main` with `regs`; throws unless it exits. */
export function runVmExo(name: string, options: VmRunOptions = {}): VmRun {
  let output = '';
  const decoder = new TextDecoder();
  const kernel = new Exokernel({
    memoryBytes: options.memoryBytes ?? MEMORY,
    consoleHost: { write: (b) => (output += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  const loaded = loadProgram(kernel, name, new TextEncoder().encode(source(name)));
  if (!loaded.ok) throw new Error(`bench paper ${name}: ${loaded.errors.join('; ')}`);
  loaded.env.context.pc = loaded.symbols.get('main')!;
  for (const [r, v] of Object.entries(options.regs ?? {})) loaded.env.context.regs[Number(r)] = v;
  kernel.switchTo(loaded.env);
  const result = kernel.run(MAX_CYCLES);
  if (result.reason !== 'halted' || loaded.env.state !== 'exited') {
    throw new Error(`bench paper ${name} (exo): ${result.reason} ${loaded.env.abortReason}`);
  }
  return { cycles: kernel.cycles, output };
}

/** Runs `name` under the baseline from `main` with `regs`; throws unless it exits. */
export function runVmMono(name: string, options: VmRunOptions = {}): VmRun {
  let output = '';
  const decoder = new TextDecoder();
  const kernel = new MonoKernel({
    memoryBytes: options.memoryBytes ?? MEMORY,
    consoleHost: { write: (b) => (output += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  const program = assemble({ name: `bench/paper/${name}`, text: source(name) });
  if (!program.ok) throw new Error(program.errors.map((e) => e.message).join('\n'));
  const proc = kernel.spawn(name, program.segments, program.symbols.get('main')!);
  if (proc === null) throw new Error(`bench paper ${name} (mono): does not fit in memory`);
  for (const [r, v] of Object.entries(options.regs ?? {})) proc.frame.regs[Number(r)] = v;
  kernel.switchTo(proc);
  const result = kernel.run(MAX_CYCLES);
  if (result.reason !== 'halted' || proc.state !== 'exited') {
    throw new Error(`bench paper ${name} (mono): ${result.reason} ${proc.state}`);
  }
  return { cycles: kernel.cycles, output };
}

type Kernel = 'exo' | 'mono';

function appel(kernel: Kernel, mode: number, n: number): number {
  const run = kernel === 'exo' ? runVmExo : runVmMono;
  return run('vm-appel.s', { regs: { 4: mode, 5: n } }).cycles;
}

/** Cycles of one iteration of `mode`, from runs of N and 2N (memoised per run of the bench). */
function perIteration(cache: Map<string, number>, kernel: Kernel, mode: number, n: number) {
  const key = `${kernel} ${mode} ${n}`;
  let cycles = cache.get(key);
  if (cycles === undefined) {
    cycles = (appel(kernel, mode, 2 * n) - appel(kernel, mode, n)) / n;
    cache.set(key, cycles);
  }
  return cycles;
}

function row(experiment: string, mono: number, exo: number, paper: string): PaperRow {
  const us = (cycles: number) => Math.round(cycles * MICROSECONDS_PER_CYCLE * 1000) / 1000;
  return {
    experiment,
    monoCycles: mono,
    monoMicroseconds: us(mono),
    exoCycles: exo,
    exoMicroseconds: us(exo),
    ratio: Math.round((mono / exo) * 100) / 100,
    paper,
  };
}

/** [row name, mode, base mode, N, divisor, the paper's figure]. */
const PER_ROW = 'no per-row figure in our notes; library-OS VM 5-40x faster overall';
const APPEL_LI: readonly [string, number, number, number, number, string][] = [
  ['dirty (query one page)', 1, 0, 10, 1, `${PER_ROW}; inverted page tables 2x more`],
  ['prot1 (protect one page)', 2, 0, 10, 1, PER_ROW],
  ['prot100 (protect 100 pages)', 3, 0, 2, 1, 'ExOS slower than Ultrix (no figure in our notes)'],
  [
    'unprot100 (unprotect 100 pages)',
    4,
    0,
    2,
    1,
    'ExOS slower than Ultrix (no figure in our notes)',
  ],
  ['trap (fault to user handler and back)', 5, 6, 10, 1, PER_ROW],
  [
    'appel1 (prot1 + trap + unprot, per fault)',
    8,
    0,
    10,
    1,
    `${PER_ROW}; inverted page tables 37% more`,
  ],
  [
    'appel2 (protN + trap + unprot, per page)',
    9,
    0,
    2,
    100,
    'up to about 10x; inverted page tables 17% more',
  ],
];

/** The paging experiment: whole-run cycles under each kernel and policy, and the output. */
export function pagingScan(): { mono: VmRun; mru: VmRun; fifo: VmRun } {
  const memoryBytes = (KERNEL_FRAMES + PAGING_FRAMES) * 4096;
  return {
    mono: runVmMono('paging-scan.s', { memoryBytes, regs: { 4: POLICY_MRU } }),
    mru: runVmExo('paging-scan.s', { memoryBytes, regs: { 4: POLICY_MRU } }),
    fifo: runVmExo('paging-scan.s', { memoryBytes, regs: { 4: POLICY_FIFO } }),
  };
}

/** The VM rows of `bench paper`; deterministic. */
export function benchPaperVm(): PaperRow[] {
  const cache = new Map<string, number>();
  const op = (kernel: Kernel, mode: number, base: number, n: number) =>
    perIteration(cache, kernel, mode, n) - perIteration(cache, kernel, base, n);
  const rows = APPEL_LI.map(([name, mode, base, n, per, paper]) =>
    row(name, op('mono', mode, base, n) / per, op('exo', mode, base, n) / per, paper),
  );
  const memoryBytes = (KERNEL_FRAMES + PAGING_FRAMES) * 4096;
  const mono = runVmMono('paging-scan.s', { memoryBytes, regs: { 4: POLICY_MRU } });
  const mru = runVmExo('paging-scan.s', { memoryBytes, regs: { 4: POLICY_MRU } });
  const saved = Math.round((1 - mru.cycles / mono.cycles) * 100);
  rows.push(
    row(
      'paging: cyclic scan larger than memory, kernel LRU vs ExOS MRU (whole run)',
      mono.cycles,
      mru.cycles,
      `45% less run time (application-controlled file caching, Cao et al.); ours ${saved}% less`,
    ),
  );
  return rows;
}
