/**
 * Capability checks shared by the kernel calls (call-table.ts, revoke.ts, blocks.ts,
 * env-calls.ts, slice-calls.ts): the same mapping from capability results to error codes, and
 * the same charge.
 */

import type { Cpu } from '../../machine/cpu.ts';
import { type Capability, CapResult, type ResourceTable } from '../caps/index.ts';
import { COSTS } from './costs.ts';
import { type CallResult, E_BADCAP, E_RIGHTS, E_STALE, fail, ok } from './errors.ts';

/** A kernel call's implementation: the caller and its decoded arguments. */
export type CallImpl<Env> = (
  env: Env,
  args: (number | Capability)[],
) => CallResult & { cap?: Capability };

/** Maps a capability check to the kernel's error codes. */
export function capError(result: number): number {
  if (result === CapResult.STALE) return E_STALE;
  if (result === CapResult.RIGHTS) return E_RIGHTS;
  return E_BADCAP;
}

/** Checks `cap` against `table` for `needed` rights, charging one capability check. */
export function checkCap(
  cpu: Cpu,
  table: ResourceTable,
  cap: Capability,
  needed: number,
): CallResult {
  cpu.charge(COSTS.capabilityCheck);
  const result = table.check(cap, needed);
  return result === CapResult.OK ? ok() : fail(capError(result));
}
