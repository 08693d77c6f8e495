/**
 * The read-only inspector: plain-data snapshots of the kernel's state for the panes, the
 * dashboard, `exolab script` and the grader. Nothing here changes the kernel or the machine,
 * and nothing returned shares structure with them (callers may keep or mutate the results).
 */
import { describeClaim } from '../filter/index.ts';
import type { KernelEvent } from './events.ts';
import type { Exokernel } from './kernel.ts';
import { KERNEL_OWNER } from './kernel.ts';
import type { Revocation } from './revoke-types.ts';
import { type SliceView, viewSlices } from './slice-view.ts';

export interface TlbEntryView {
  index: number;
  vpn: number;
  asid: number;
  pfn: number;
  n: boolean;
  d: boolean;
  v: boolean;
  g: boolean;
}

export interface EnvView {
  id: number;
  name: string;
  state: string;
  asid: number;
  frames: number[];
  bindings: { vaddr: number; frame: number; writable: boolean }[];
  exceptionPc: number;
  repossessed: number[];
  exitCode: number | null;
  abortReason: string;
  pc: number;
}

export interface FramesView {
  total: number;
  free: number;
  kernel: number;
  /** Frames held per environment id. */
  byOwner: Record<number, number>;
}

export interface StlbView {
  size: number;
  valid: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 before any probe. */
  hitRate: number;
}

export interface FilterView {
  id: number;
  owner: number;
  instructions: number;
  /** The packets it claims, e.g. `P[12]=0x08 P[13]=0x00`. */
  claim: string;
}

export interface NetworkView {
  filters: FilterView[];
  delivered: number;
  unclaimed: number;
  dropped: number;
  /** Packets waiting per environment id. */
  queued: Record<number, number>;
}

/**
 * Running totals since boot, for rates over an interval (the dashboard subtracts two). Every
 * field only grows, except after the machine is put back to an earlier state.
 */
export interface CountersView {
  cycles: number;
  /** Instructions retired: cycles not spent on exceptions, kernel work or idling. */
  instructions: number;
  /** Hardware TLB misses of user addresses (exceptions through the UTLB vector). */
  tlbMisses: number;
  stlbHits: number;
  /** STLB misses: page faults passed on to the environment. */
  stlbMisses: number;
  upcalls: number;
  /** Revocations asked for, and those that ended in the abort protocol. */
  revocations: number;
  revocationAborts: number;
  /** Environments aborted (by the abort protocol, an overrun or an unhandled exception). */
  envsAborted: number;
}

export interface KernelView {
  cycles: number;
  current: number | null;
  envs: EnvView[];
  frames: FramesView;
  tlb: TlbEntryView[];
  stlb: StlbView;
  slices: SliceView;
  revocations: { pending: Revocation[]; recent: Revocation[] };
  network: NetworkView;
  events: KernelEvent[];
}

/** The 64 hardware TLB entries as they are now. */
export function inspectTlb(kernel: Exokernel): TlbEntryView[] {
  const tlb = kernel.machine.mmu.tlb;
  const out: TlbEntryView[] = [];
  for (let i = 0; i < tlb.hi.length; i++) {
    const hi = tlb.hi[i];
    const lo = tlb.lo[i];
    out.push({
      index: i,
      vpn: hi >>> 12,
      asid: (hi >>> 6) & 63,
      pfn: lo >>> 12,
      n: (lo & (1 << 11)) !== 0,
      d: (lo & (1 << 10)) !== 0,
      v: (lo & (1 << 9)) !== 0,
      g: (lo & (1 << 8)) !== 0,
    });
  }
  return out;
}

export function inspectEnvs(kernel: Exokernel): EnvView[] {
  const running = kernel.current;
  return [...kernel.envs.values()].map((env) => ({
    id: env.id,
    name: env.name,
    state: env.state,
    asid: env.asid,
    frames: kernel.frames.ownedBy(env.id),
    bindings: [...env.bindings].map(([vpn, lo]) => ({
      vaddr: vpn * 4096,
      frame: lo >>> 12,
      writable: (lo & (1 << 10)) !== 0,
    })),
    exceptionPc: env.exceptionPc,
    repossessed: [...env.repossessed],
    exitCode: env.exitCode,
    abortReason: env.abortReason,
    pc: env === running ? kernel.machine.cpu.pc : env.context.pc,
  }));
}

export function inspectFrames(kernel: Exokernel): FramesView {
  const byOwner: Record<number, number> = {};
  let free = 0;
  let reserved = 0;
  for (const entry of kernel.frames.snapshot().entries) {
    if (entry.owner === 'free') free++;
    else if (entry.owner === KERNEL_OWNER || entry.owner === 'retired') reserved++;
    else byOwner[entry.owner] = (byOwner[entry.owner] ?? 0) + 1;
  }
  return { total: kernel.frames.size, free, kernel: reserved, byOwner };
}

export function inspectStlb(kernel: Exokernel): StlbView {
  const s = kernel.stlb.stats();
  const probes = s.hits + s.misses;
  return { ...s, hitRate: probes === 0 ? 0 : s.hits / probes };
}

/** Revocations still pending and the most recent ones that ended (copies). */
export function inspectRevocations(kernel: Exokernel): KernelView['revocations'] {
  const copy = (r: Revocation): Revocation => ({ ...r, repossessed: [...r.repossessed] });
  return {
    pending: kernel.revoker.pending().map(copy),
    recent: kernel.revoker.history.slice(-10).map(copy),
  };
}

export function inspectNetwork(kernel: Exokernel): NetworkView {
  const net = kernel.net;
  const queued: Record<number, number> = {};
  for (const env of kernel.envs.values()) {
    const n = net.pending(env);
    if (n > 0) queued[env.id] = n;
  }
  return {
    filters: net.filters.list().map((f) => ({
      id: f.id,
      owner: f.owner,
      instructions: f.filter.program.length,
      claim: describeClaim(f.claim),
    })),
    delivered: net.delivered,
    unclaimed: net.unclaimed,
    dropped: net.dropped,
    queued,
  };
}

export function inspectCounters(kernel: Exokernel): CountersView {
  const cpu = kernel.machine.cpu;
  const stlb = kernel.stlb.stats();
  let envsAborted = 0;
  for (const env of kernel.envs.values()) if (env.state === 'aborted') envsAborted++;
  return {
    cycles: kernel.cycles,
    instructions: kernel.cycles - cpu.stallCycles,
    tlbMisses: cpu.utlbRefills,
    stlbHits: stlb.hits,
    stlbMisses: stlb.misses,
    upcalls: kernel.upcalls,
    revocations: kernel.revoker.requested,
    revocationAborts: kernel.log.totals.abort ?? 0,
    envsAborted,
  };
}

/** Everything at once, with the newest `events` log entries. */
export function inspect(kernel: Exokernel, events = 50): KernelView {
  return {
    cycles: kernel.cycles,
    current: kernel.current?.id ?? null,
    envs: inspectEnvs(kernel),
    frames: inspectFrames(kernel),
    tlb: inspectTlb(kernel),
    stlb: inspectStlb(kernel),
    slices: viewSlices(kernel.slices),
    revocations: inspectRevocations(kernel),
    network: inspectNetwork(kernel),
    events: kernel.log.recent(events).map((e) => ({ ...e })),
  };
}
