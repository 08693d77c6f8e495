/**
 * The CPU-time and protected-control-transfer kernel calls (numbers in calls.ts): argument
 * checks, then the slice scheduler (slices.ts) or pct.ts. Every refused call changes nothing.
 *
 *   slice_alloc(position, &cap)   position -1 takes the lowest free one; E_INVAL out of range,
 *                                 E_BUSY taken, E_NOMEM none free, E_NOENV caller ended
 *   slice_free(cap)               WRITE needed; E_BADCAP / E_RIGHTS / E_STALE
 *   yield()                       E_INVAL when the caller is not on the CPU
 *   set_slice_handlers(start, end), set_entry_points(sync, async)
 *                                 word-aligned user PCs, 0 = none; E_INVAL otherwise
 *   pct(target, mode)             see pct.ts
 */
import { type Capability, RIGHT_WRITE } from '../caps/index.ts';
import type { CallOutcome } from './call-table.ts';
import { type CallImpl, checkCap } from './cap-check.ts';
import { COSTS } from './costs.ts';
import type { Environment } from './env.ts';
import { type CallResult, E_BUSY, E_INVAL, E_NOENV, E_NOMEM, E_OK, fail, ok } from './errors.ts';
import type { Exokernel } from './kernel.ts';
import { pctCall, setEntryPoints } from './pct.ts';

/** The implementations, by name, for the kernel-call table. */
export function sliceCalls(kernel: Exokernel): Record<string, CallImpl<Environment>> {
  return {
    slice_alloc: (env, [p]) => sliceAlloc(kernel, env, p as number),
    slice_free: (env, [cap]) => sliceFree(kernel, env, cap as Capability),
    yield: (env) => sliceYield(kernel, env),
    set_slice_handlers: (env, [start, end]) => setHandlers(env, start as number, end as number),
    pct: (env, [target, mode]) => pctCall(kernel, env, target as number, mode as number),
    set_entry_points: (env, [sync, async]) => setEntryPoints(env, sync as number, async as number),
  };
}

function sliceAlloc(kernel: Exokernel, env: Environment, p: number): CallOutcome {
  const slices = kernel.slices;
  if (env.state !== 'runnable') return fail(E_NOENV);
  if (!Number.isInteger(p) || p < -1 || p >= slices.params.count) return fail(E_INVAL);
  if (p >= 0 && slices.vector.table.ownerOf(p) !== 'free') return fail(E_BUSY);
  kernel.machine.cpu.charge(COSTS.capabilityMint);
  const got = slices.vector.allocate(env.id, p);
  if (got === null) return fail(E_NOMEM);
  kernel.event('slice', env.id, `allocated slice ${got.index}`);
  slices.activate(got.index);
  return { ...ok(got.index), cap: got.cap };
}

function sliceFree(kernel: Exokernel, env: Environment, cap: Capability): CallResult {
  const checked = checkCap(kernel.machine.cpu, kernel.slices.vector.table, cap, RIGHT_WRITE);
  if (checked.error !== E_OK) return checked;
  kernel.slices.vector.free(cap.index);
  kernel.event('slice', env.id, `freed slice ${cap.index}`);
  return ok();
}

/** Gives up the rest of the current instance (and ends an end-of-slice protocol in time). */
function sliceYield(kernel: Exokernel, env: Environment): CallResult {
  if (kernel.current !== env) return fail(E_INVAL);
  if (kernel.slices.phase !== 'off') kernel.slices.request({ kind: 'yield', env: env.id });
  return ok();
}

function setHandlers(env: Environment, start: number, end: number): CallResult {
  if (!isUserPc(start) || !isUserPc(end)) return fail(E_INVAL);
  env.startSlicePc = start;
  env.endSlicePc = end;
  return ok();
}

function isUserPc(pc: number): boolean {
  return Number.isInteger(pc) && pc >= 0 && (pc & 3) === 0;
}
