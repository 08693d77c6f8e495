/**
 * Kernel calls for library OSes that make processes (ExOS's fork, kernel/libos/fork.ts): the
 * kernel creates an empty environment and hands out time, and nothing more. Copying the
 * address space, copy-on-write and waiting are the library OS's business, done with the
 * ordinary page calls (bind with a narrowed capability) — as JOS's exofork and Xok/ExOS's fork.
 *
 *   env_create()              a child environment: a copy of the caller's registers, $v0 = $v1
 *                             = 0, starting after the caller's `syscall`, no bindings, no
 *                             slices; returns its id. E_NOMEM when all ASIDs are in use,
 *                             E_INVAL when the caller is not the environment on the CPU.
 *   env_status(id)            a child's exit code once it has ended (-1 when it was aborted),
 *                             E_BUSY while it runs, E_NOENV if id is not the caller's child
 *   slice_grant(cap, id)      hands the slice named by cap (GRANT needed) to live environment
 *                             id; the old capabilities die. Returns the position.
 *
 * Costs: env_create copies the register file (34 words, wordAccess each) and mints the new
 * environment (capabilityMint); the others a capability check or nothing.
 */
import { type Capability, RIGHT_GRANT } from '../caps/index.ts';
import type { CallOutcome } from './call-table.ts';
import { type CallImpl, checkCap } from './cap-check.ts';
import { COSTS } from './costs.ts';
import type { Environment } from './env.ts';
import { E_BUSY, E_INVAL, E_NOENV, E_NOMEM, E_OK, fail, ok } from './errors.ts';
import type { Exokernel } from './kernel.ts';

/** Parent of each environment created with env_create. */
const parents = new WeakMap<Environment, number>();

/** The id of the environment that created `env` with env_create, or 0. */
export function parentOf(env: Environment): number {
  return parents.get(env) ?? 0;
}

export function envCalls(kernel: Exokernel): Record<string, CallImpl<Environment>> {
  return {
    env_create: (env) => create(kernel, env),
    env_status: (env, [id]) => status(kernel, env, id as number),
    slice_grant: (env, [cap, id]) => grant(kernel, env, cap as Capability, id as number),
  };
}

function create(kernel: Exokernel, env: Environment): CallOutcome {
  if (kernel.current !== env) return fail(E_INVAL);
  const child = kernel.createEnv(`${env.name}.${kernel.envs.size}`);
  if (child === null) return fail(E_NOMEM);
  parents.set(child, env.id);
  const cpu = kernel.machine.cpu;
  const ctx = child.context;
  ctx.regs.set(cpu.regs);
  ctx.regs[2] = 0;
  ctx.regs[3] = 0;
  ctx.hi = cpu.hi;
  ctx.lo = cpu.lo;
  ctx.fpr.set(cpu.fpu.fpr);
  ctx.fcsr = cpu.fpu.fcsr;
  // The caller is inside its `syscall` trap: EPC is that instruction (never in a delay slot
  // in any program that forks sensibly), so the child starts at the next one.
  ctx.pc = (cpu.epc + 4) | 0;
  cpu.charge(34 * COSTS.wordAccess + COSTS.capabilityMint);
  return ok(child.id);
}

function status(kernel: Exokernel, env: Environment, id: number): CallOutcome {
  const child = kernel.envs.get(id);
  if (child === undefined || parentOf(child) !== env.id) return fail(E_NOENV);
  if (child.state === 'runnable') return fail(E_BUSY);
  return ok(child.state === 'exited' ? (child.exitCode ?? 0) : -1);
}

function grant(kernel: Exokernel, env: Environment, cap: Capability, id: number): CallOutcome {
  const target = kernel.liveEnv(id);
  if (target === undefined) return fail(E_NOENV);
  const vector = kernel.slices.vector;
  const checked = checkCap(kernel.machine.cpu, vector.table, cap, RIGHT_GRANT);
  if (checked.error !== E_OK) return checked;
  vector.free(cap.index);
  vector.allocate(target.id, cap.index);
  kernel.event('slice', env.id, `granted slice ${cap.index} to env ${target.id}`);
  return ok(cap.index);
}
