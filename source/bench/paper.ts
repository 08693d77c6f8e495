/**
 * `bench paper`: the exokernel paper's experiments on exolab (DESIGN.md §8), each a committed
 * MIPS program under bench/paper/ run under the monolithic baseline (kernel/mono/) and under
 * the exokernel (kernel/exo/), in emulated cycles (1 cycle = 40 ns, 25 MHz). No wall clock:
 * the table is the same on every machine.
 *
 * A figure is the cost of one operation: a program runs its measuring loop N and 2N times and
 * the difference in cycles is divided by N, so loading and setup cancel out. For exceptions and
 * the null call the same loop without the operation (the program's "empty" mode) is measured
 * the same way and subtracted, leaving the operation alone. An IPC round trip is reported per
 * iteration of the client's loop.
 *
 * Where the cycles go (COSTS in kernel/exo/costs.ts; the rest are the programs' instructions):
 *   exception, exo   trapEntryExit 12 + upcall 18 + 7 save-area words = 37, then the 7-instruction
 *                    handler resumes the program itself
 *   exception, mono  delivery: trapEntryExit 12 + 2 x 37 trapFrameWord + callDispatch 6 + 38
 *                    signal-context words + upcall 18 = 148; the handler (6 instructions); then
 *                    sigreturn: 12 + 74 + 6 + 38 words copied back = 130
 *   null call        exo trapEntryExit + callDispatch = 18; mono adds the 74 frame words
 *   IPC round trip   exo: two pct calls (trap, dispatch, COSTS.pct each); mono: four pipe calls
 *                    with full frames, a word copied in and out each way, two context switches
 */
import { readFileSync } from 'node:fs';
import type { Environment } from '../../kernel/exo/env.ts';
import { Exokernel } from '../../kernel/exo/kernel.ts';
import { MonoKernel, Pipe } from '../../kernel/mono/index.ts';
import { assemble } from '../../machine/asm/index.ts';
import { benchPaperNet } from './paper-net.ts';
import { benchPaperVm } from './paper-vm.ts';

export interface PaperRow {
  experiment: string;
  /** Cycles per operation under the baseline; null when not measured. */
  monoCycles: number | null;
  monoMicroseconds: number | null;
  exoCycles: number;
  exoMicroseconds: number;
  /** Baseline cycles over exokernel cycles; null when the baseline is not measured. */
  ratio: number | null;
  /** What EXOKERNEL.md reports for this experiment ("not reported" when nothing). */
  paper: string;
}

const BENCH_DIR = new URL('../../bench/paper/', import.meta.url);
const MICROSECONDS_PER_CYCLE = 0.04;
const N = 500;
export const MEMORY = 4 << 20;
/** Far more than any experiment needs; a program that runs this long has gone wrong. */
const MAX_CYCLES = 50_000_000;

export type Program = ReturnType<typeof program>;

export function program(name: string) {
  const text = readFileSync(new URL(name, BENCH_DIR), 'utf8');
  const result = assemble({ name: `bench/paper/${name}`, text });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return { name, segments: result.segments, symbols: result.symbols };
}

export const entry = (p: Program) => p.symbols.get('main')!;

/** Loads `p` into a new environment (frames bound page by page, as a library OS would). */
export function loadExo(kernel: Exokernel, p: Program, regs: Record<number, number>): Environment {
  const env = kernel.createEnv(p.name)!;
  const api = kernel.calls.apiFor(env);
  for (const seg of p.segments) {
    for (let page = seg.address & ~0xfff; page < seg.address + seg.bytes.length; page += 4096) {
      api.call('bind', page, api.call('frame_alloc').cap!, 1);
    }
    api.writeBytes(seg.address, seg.bytes);
  }
  env.context.pc = entry(p);
  for (const [r, v] of Object.entries(regs)) env.context.regs[Number(r)] = v;
  return env;
}

/** Runs an exokernel to the end; every environment must have exited. Returns its cycles. */
export function finishExo(kernel: Exokernel, what: string): number {
  const result = kernel.run(MAX_CYCLES);
  for (const env of kernel.envs.values()) {
    if (env.state !== 'exited') {
      throw new Error(`bench paper ${what} (exo): ${env.name} ${env.state} ${env.abortReason}`);
    }
  }
  if (result.reason !== 'halted') throw new Error(`bench paper ${what} (exo): ${result.reason}`);
  return kernel.cycles;
}

export function finishMono(kernel: MonoKernel, what: string): number {
  const result = kernel.run(MAX_CYCLES);
  for (const proc of kernel.procs) {
    if (proc.state !== 'exited') {
      throw new Error(`bench paper ${what} (mono): ${proc.name} ${proc.state} ${proc.killedBy}`);
    }
  }
  if (result.reason !== 'halted') throw new Error(`bench paper ${what} (mono): ${result.reason}`);
  return kernel.cycles;
}

/** Cycles of one program run with $a0 = mode and $a1 = n (one process, either kernel). */
function runOne(kernel: 'exo' | 'mono', p: Program, mode: number, n: number): number {
  const regs = { 4: mode, 5: n };
  if (kernel === 'exo') {
    const k = new Exokernel({ memoryBytes: MEMORY });
    k.switchTo(loadExo(k, p, regs));
    return finishExo(k, p.name);
  }
  const k = new MonoKernel({ memoryBytes: MEMORY });
  const proc = k.spawn(p.name, p.segments, entry(p))!;
  for (const [r, v] of Object.entries(regs)) proc.frame.regs[Number(r)] = v;
  k.switchTo(proc);
  return finishMono(k, p.name);
}

/** Cycles per iteration of a loop: (cycles for 2N - cycles for N) / N. */
function perIteration(run: (n: number) => number): number {
  return (run(2 * N) - run(N)) / N;
}

/** One operation: the loop in `mode` less the same loop in `empty` mode. */
function operation(kernel: 'exo' | 'mono', p: Program, mode: number, empty: number): number {
  return (
    perIteration((n) => runOne(kernel, p, mode, n)) -
    perIteration((n) => runOne(kernel, p, empty, n))
  );
}

function pctRoundTrip(n: number): number {
  const k = new Exokernel({ memoryBytes: MEMORY });
  const server = loadExo(k, program('pct-server.s'), {});
  const sync = program('pct-server.s').symbols.get('sync')!;
  k.calls.apiFor(server).call('set_entry_points', sync, 0);
  const client = loadExo(k, program('pct-client.s'), { 4: server.id, 5: n });
  k.switchTo(client);
  return finishExo(k, 'pct');
}

function pipeRoundTrip(n: number): number {
  const k = new MonoKernel({ memoryBytes: MEMORY });
  const c = program('pipe-client.s');
  const s = program('pipe-server.s');
  const client = k.spawn('pipe-client', c.segments, entry(c))!;
  const server = k.spawn('pipe-server', s.segments, entry(s))!;
  // The two pipes are set up as a shell would before starting the pair.
  const request = new Pipe();
  const reply = new Pipe();
  client.frame.regs[4] = client.open(request, 'write');
  client.frame.regs[6] = client.open(reply, 'read');
  client.frame.regs[5] = n;
  server.frame.regs[4] = server.open(request, 'read');
  server.frame.regs[6] = server.open(reply, 'write');
  k.switchTo(client);
  return finishMono(k, 'pipe');
}

const EXCEPTION_PAPER = 'about 100x vs Ultrix (Aegis 1.5 us; Ultrix gave 2 of the 4 kinds)';
const EXCEPTIONS: readonly [string, number, string][] = [
  ['exception: unaligned access', 0, EXCEPTION_PAPER],
  ['exception: overflow', 1, EXCEPTION_PAPER],
  ['exception: coprocessor unusable', 2, EXCEPTION_PAPER],
  ['exception: protection fault', 3, EXCEPTION_PAPER],
];
const EMPTY_LOOP = 4;

export function row(experiment: string, mono: number | null, exo: number, paper: string): PaperRow {
  const us = (cycles: number) => Math.round(cycles * MICROSECONDS_PER_CYCLE * 1000) / 1000;
  return {
    experiment,
    monoCycles: mono,
    monoMicroseconds: mono === null ? null : us(mono),
    exoCycles: exo,
    exoMicroseconds: us(exo),
    ratio: mono === null ? null : Math.round((mono / exo) * 100) / 100,
    paper,
  };
}

/** Runs every experiment under both kernels; deterministic. */
export function benchPaper(): PaperRow[] {
  const exoHandler = program('exception-exo.s');
  const monoHandler = program('exception-mono.s');
  const nullCall = program('null-call.s');
  const rows = EXCEPTIONS.map(([name, kind, paper]) =>
    row(
      name,
      operation('mono', monoHandler, kind, EMPTY_LOOP),
      operation('exo', exoHandler, kind, EMPTY_LOOP),
      paper,
    ),
  );
  rows.push(
    row(
      'null kernel call (getpid / env_self)',
      operation('mono', nullCall, 1, 0),
      operation('exo', nullCall, 1, 0),
      'not reported',
    ),
  );
  rows.push(
    row(
      'IPC round trip (pipe / pct)',
      perIteration(pipeRoundTrip),
      perIteration(pctRoundTrip),
      'about 7x (Aegis pct vs the best reported, not Ultrix)',
    ),
  );
  rows.push(...benchPaperNet());
  rows.push(...benchPaperVm());
  return rows;
}

export function formatPaperTable(rows: PaperRow[]): string {
  const num = (n: number | null, digits: number) =>
    n === null ? 'not measured' : n.toFixed(digits);
  const header = ['experiment', 'mono cycles', 'mono us', 'exo cycles', 'exo us', 'ratio', 'paper'];
  const body = rows.map((r) => [
    r.experiment,
    num(r.monoCycles, 1),
    num(r.monoMicroseconds, 2),
    r.exoCycles.toFixed(1),
    r.exoMicroseconds.toFixed(2),
    r.ratio === null ? 'not measured' : `${r.ratio.toFixed(1)}x`,
    r.paper,
  ]);
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((line) => line[i].length)));
  const align = (cell: string, i: number) =>
    i === 0 || i === header.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]);
  return all.map((line) => line.map(align).join('  ').trimEnd()).join('\n');
}
