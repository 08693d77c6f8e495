/**
 * A plain-data view of the slice scheduler for the inspector, the panes and the grader: the
 * owner and runner of every position, the current instance, a pending end-of-slice deadline and
 * each environment's overruns and penalty debt. Shares nothing with the scheduler.
 */
import type { SliceParams, SlicePhase, SliceScheduler } from './slices.ts';

export interface SlicePositionView {
  position: number;
  /** Owner environment id, or null when unowned. */
  owner: number | null;
  /** The environment that runs it (the owner unless it was donated by a synchronous PCT). */
  runner: number | null;
  /** The donation chain: owner first, runner last. */
  chain: number[];
  /** Capability epoch of the position. */
  epoch: number;
}

export interface SliceEnvView {
  env: number;
  /** Positions it owns. */
  owned: number[];
  /** Consecutive overruns (aborted at params.overrunLimit). */
  overruns: number;
  totalOverruns: number;
  /** Cycles still to be taken from its next instances. */
  debt: number;
}

export interface SliceView {
  params: SliceParams;
  phase: SlicePhase;
  /** Position of the current instance, -1 when the timer is off. */
  position: number;
  startedAt: number;
  endsAt: number;
  /** The environment in its end-of-slice protocol and the cycle of its deadline, if any. */
  saving: { env: number; deadline: number } | null;
  positions: SlicePositionView[];
  envs: SliceEnvView[];
}

export function viewSlices(s: SliceScheduler): SliceView {
  const v = s.vector;
  const positions = Array.from({ length: v.count }, (_, p) => ({
    position: p,
    owner: v.owner(p),
    runner: v.runner(p),
    chain: v.chain(p),
    epoch: v.table.epochOf(p) ?? 0,
  }));
  const ids = new Set<number>([...s.debts.keys(), ...s.totalOverruns.keys()]);
  for (const p of positions) if (p.owner !== null) ids.add(p.owner);
  const envs = [...ids]
    .sort((a, b) => a - b)
    .map((env) => ({
      env,
      owned: v.table.ownedBy(env),
      overruns: s.overruns.get(env) ?? 0,
      totalOverruns: s.totalOverruns.get(env) ?? 0,
      debt: s.debts.get(env) ?? 0,
    }));
  const saving = s.saving === null ? null : { ...s.saving };
  return {
    params: { ...s.params },
    phase: s.phase,
    position: s.position,
    startedAt: s.startedAt,
    endsAt: s.endsAt,
    saving,
    positions,
    envs,
  };
}
