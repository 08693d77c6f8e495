/**
 * The dashboard's numbers: what a kernel looks like at one moment (a Reading, from the
 * inspector) and what changed between two moments (a Sample). Everything is in emulated time:
 * a rate is per million emulated cycles, the x axis is the cycle count. Nothing here draws or
 * reads the host's clock, so the same run gives the same samples (test/dashboard/sampler.test.ts).
 */

import { type CountersView, inspectCounters, inspectEnvs } from '../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../kernel/exo/kernel.ts';
import { KERNEL_FRAMES } from '../../kernel/exo/kernel.ts';
import { CLOCK_HZ } from '../../machine/clock.ts';

/** One environment's share of a resource. */
export interface Share {
  /** The environment's name (with its id when two share a name). */
  name: string;
  count: number;
}

/** The kernel at one moment: running totals and what each environment holds. */
export interface Reading {
  counters: CountersView;
  /** Positions of the slice vector, and those each live environment owns. */
  slices: { total: number; byEnv: Share[] };
  /** Frames of RAM that environments may get, and those each live environment holds. */
  frames: { total: number; byEnv: Share[] };
}

/** What the dashboard plots for one point of emulated time. */
export interface Sample {
  cycle: number;
  /** Emulated microseconds since boot (the x axis). */
  us: number;
  /**
   * Percent of instructions fetched without a hardware TLB miss since the last sample (a lower
   * bound of the TLB's hit rate: loads and stores translate too); null when none ran.
   */
  tlbHitRate: number | null;
  /** Percent of TLB misses the STLB answered since the last sample; null when there were none. */
  stlbHitRate: number | null;
  /** Page faults (STLB misses passed to the environment) per million cycles; null if no time passed. */
  faultsPerMcycle: number | null;
  upcallsPerMcycle: number | null;
  /** Running totals since boot. */
  revocations: number;
  revocationAborts: number;
  envsAborted: number;
  slices: { total: number; byEnv: Share[] };
  frames: { total: number; inUse: number; byEnv: Share[] };
  /** The machine went back to an earlier state (`back`, `restore`): earlier samples no longer apply. */
  restart: boolean;
}

/** Reads the kernel through the inspector; changes nothing. */
export function readKernel(kernel: Exokernel): Reading {
  const envs = inspectEnvs(kernel).filter((e) => e.state === 'runnable');
  const names = new Map<number, string>();
  const seen = new Map<string, number>();
  for (const env of envs) seen.set(env.name, (seen.get(env.name) ?? 0) + 1);
  for (const env of envs) {
    const name = env.name || `env ${env.id}`;
    names.set(env.id, (seen.get(env.name) ?? 0) > 1 ? `${name}#${env.id}` : name);
  }
  const vector = kernel.slices.vector;
  const slices = envs
    .map((env) => ({ name: names.get(env.id)!, count: vector.table.ownedBy(env.id).length }))
    .filter((s) => s.count > 0);
  const frames = envs
    .map((env) => ({ name: names.get(env.id)!, count: env.frames.length }))
    .filter((s) => s.count > 0);
  return {
    counters: inspectCounters(kernel),
    slices: { total: vector.count, byEnv: slices },
    frames: { total: kernel.frames.size - KERNEL_FRAMES, byEnv: frames },
  };
}

const percent = (part: number, whole: number): number | null =>
  whole <= 0 ? null : Math.max(0, Math.min(100, (100 * part) / whole));

const perMillion = (count: number, cycles: number): number | null =>
  cycles <= 0 ? null : (count * 1_000_000) / cycles;

/** The sample for `now`, with rates over the time since `before` (null: since boot). */
export function sampleBetween(before: Reading | null, now: Reading): Sample {
  const c = now.counters;
  const restart = before !== null && c.cycles < before.counters.cycles;
  const b = before === null || restart ? null : before.counters;
  const d = (key: keyof CountersView) => c[key] - (b?.[key] ?? 0);
  const instructions = d('instructions');
  const tlbMisses = d('tlbMisses');
  const probes = d('stlbHits') + d('stlbMisses');
  return {
    cycle: c.cycles,
    us: (c.cycles * 1_000_000) / CLOCK_HZ,
    tlbHitRate: percent(instructions - tlbMisses, instructions),
    stlbHitRate: percent(d('stlbHits'), probes),
    faultsPerMcycle: perMillion(d('stlbMisses'), d('cycles')),
    upcallsPerMcycle: perMillion(d('upcalls'), d('cycles')),
    revocations: c.revocations,
    revocationAborts: c.revocationAborts,
    envsAborted: c.envsAborted,
    slices: { total: now.slices.total, byEnv: now.slices.byEnv },
    frames: {
      total: now.frames.total,
      inUse: now.frames.byEnv.reduce((sum, s) => sum + s.count, 0),
      byEnv: now.frames.byEnv,
    },
    restart,
  };
}

/**
 * Samples one kernel (or the kernel a session holds now: `back` swaps it) as it goes. A sample
 * is taken only when something changed since the last one, so polling an idle machine adds
 * no points.
 */
export class Sampler {
  private last: Reading | null = null;
  private lastKernel: Exokernel | null = null;

  constructor(private readonly kernelNow: () => Exokernel) {}

  /** The sample for now, or null when nothing changed since the last one. */
  sample(): Sample | null {
    const kernel = this.kernelNow();
    const reading = readKernel(kernel);
    const swapped = this.lastKernel !== null && kernel !== this.lastKernel;
    if (!swapped && this.last !== null && sameReading(this.last, reading)) return null;
    const sample = sampleBetween(swapped ? null : this.last, reading);
    if (swapped) sample.restart = true;
    this.last = reading;
    this.lastKernel = kernel;
    return sample;
  }
}

function sameReading(a: Reading, b: Reading): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Emulated time for an axis label: `850µs`, `12.5ms`, `3.20s`. */
export function formatUs(us: number): string {
  if (us < 1000) return `${Math.round(us)}µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)}ms`;
  return `${(us / 1_000_000).toFixed(2)}s`;
}
