/**
 * Protected control transfer (DESIGN.md §4, EXOKERNEL.md "PCT"): `pct(target, mode)` moves the
 * CPU from the running environment to an agreed entry point of another, which does its own
 * access control. As in Aegis the kernel neither saves nor restores the register file for the
 * callee: registers carry the arguments.
 *
 * On entry to the callee (at syncEntryPc for mode 0, asyncEntryPc for mode 1):
 *   $a0        the caller's environment id (the kernel sets it)
 *   $a1        the mode, 0 sync or 1 async (the kernel sets it)
 *   $v0, $v1   0, the call's own result (E_OK), when the caller used `syscall`
 *   all others the caller's, untouched: $a2, $a3, $t0-$t9, $s0-$s7 carry arguments by agreement;
 *              $gp, $sp, $fp, $ra are the caller's too, so the callee sets up its own stack
 *   HI, LO     the caller's, and so are the floating-point registers and FCSR
 * The callee's previous registers are not kept (a library OS saves what it needs at the end of
 * its slices). The caller's registers and the PC after its `syscall` are kept as its context:
 * it resumes there (pct returned E_OK) if the scheduler runs it before anyone transfers to it.
 *
 * Time: the callee runs for the rest of the current slice instance either way. A synchronous
 * transfer also donates the current slice's future instances (every position the caller runs
 * by the same donation chain as the current one), so the caller does not run again until
 * someone transfers to it; transferring synchronously back to the environment that donated
 * returns those slices (slice-vector.ts, donate). An asynchronous transfer donates nothing more.
 *
 * A target with no MIPS entry point for the mode whose TypeScript library OS resumes on a
 * transfer (LibOsHooks.resumeOnTransfer) goes on where it was, with its own registers: the
 * cost is COSTS.pct plus the CONTEXT_WORDS its entry stub reloads (one word access each).
 *
 * Errors: E_INVAL for a bad mode, a transfer to oneself, a caller that is not on the CPU or a
 * target with no entry point for the mode; E_NOENV for an unknown or ended target; E_BUSY
 * during one's own end-of-slice protocol. Cost: COSTS.pct (ASID, PC and two registers).
 */
import { STATUS_CU1, STATUS_IEC, STATUS_KUC } from '../../machine/cp0.ts';
import { COSTS } from './costs.ts';
import type { Environment } from './env.ts';
import { type CallResult, E_BUSY, E_INVAL, E_NOENV, fail, ok } from './errors.ts';
import type { Exokernel } from './kernel.ts';

export const PCT_SYNC = 0;
export const PCT_ASYNC = 1;

/** The protected entry point of `env` for `mode` (0 when none). */
export function entryPoint(env: Environment, mode: number): number {
  return mode === PCT_SYNC ? env.syncEntryPc : env.asyncEntryPc;
}

/** True when a transfer in `mode` can enter `env`: a MIPS entry point or its library OS's. */
export function canEnter(env: Environment, mode: number): boolean {
  return entryPoint(env, mode) !== 0 || env.libos?.resumeOnTransfer === true;
}

/** Registers a TypeScript library OS's entry reloads: 31 GPRs, HI, LO and the PC. */
const CONTEXT_WORDS = 34;

/** The pct kernel call: checks, then queues the transfer (done when the trap returns). */
export function pctCall(kernel: Exokernel, env: Environment, target: number, mode: number) {
  if (mode !== PCT_SYNC && mode !== PCT_ASYNC) return fail(E_INVAL);
  const callee = kernel.liveEnv(target);
  if (callee === undefined) return fail(E_NOENV);
  if (callee === env || kernel.current !== env) return fail(E_INVAL);
  if (!canEnter(callee, mode)) return fail(E_INVAL);
  if (kernel.slices.saving?.env === env.id) return fail(E_BUSY);
  kernel.slices.request({ kind: 'pct', from: env.id, to: callee.id, mode });
  return ok();
}

/** set_entry_points: the protected-entry context (0 = none). */
export function setEntryPoints(env: Environment, sync: number, async: number): CallResult {
  const good = (pc: number) => Number.isInteger(pc) && pc >= 0 && (pc & 3) === 0;
  if (!good(sync) || !good(async)) return fail(E_INVAL);
  env.syncEntryPc = sync;
  env.asyncEntryPc = async;
  return ok();
}

/**
 * Moves the CPU from `from` (running, at its resume point) into `to` at its entry point for
 * `mode`, with the register convention above. Slice donation is the scheduler's part.
 */
export function transfer(kernel: Exokernel, from: Environment, to: Environment, mode: number) {
  const cpu = kernel.machine.cpu;
  const ctx = from.context;
  ctx.regs.set(cpu.regs);
  ctx.hi = cpu.hi;
  ctx.lo = cpu.lo;
  ctx.pc = cpu.pc;
  ctx.fpr.set(cpu.fpu.fpr);
  ctx.fcsr = cpu.fpu.fcsr;
  const pc = entryPoint(to, mode);
  if (pc === 0) {
    enterLibOs(kernel, from, to, mode);
    return;
  }
  cpu.regs[4] = from.id;
  cpu.regs[5] = mode;
  cpu.pc = pc;
  cpu.npc = (pc + 4) | 0;
  cpu.inDelaySlot = false;
  cpu.llBit = false;
  cpu.entryHi = to.asid << 6;
  cpu.mmu.setAsid(cpu.entryHi);
  // User mode, interrupts on, as Exokernel.switchTo leaves the CPU.
  cpu.status = STATUS_CU1 | (0xff << 8) | STATUS_KUC | STATUS_IEC;
  kernel.current = to;
  cpu.charge(COSTS.pct);
  const how = mode === PCT_SYNC ? 'sync' : 'async';
  kernel.event('pct', from.id, `${how} pct to env ${to.id} at 0x${(pc >>> 0).toString(16)}`);
}

/** The transfer into a TypeScript library OS's entry stub: `to` resumes where it was. */
function enterLibOs(kernel: Exokernel, from: Environment, to: Environment, mode: number) {
  const cpu = kernel.machine.cpu;
  const ctx = to.context;
  cpu.regs.set(ctx.regs);
  cpu.regs[0] = 0;
  cpu.hi = ctx.hi;
  cpu.lo = ctx.lo;
  cpu.fpu.fpr.set(ctx.fpr);
  cpu.fpu.fcsr = ctx.fcsr;
  cpu.pc = ctx.pc;
  cpu.npc = (ctx.pc + 4) | 0;
  cpu.inDelaySlot = false;
  cpu.llBit = false;
  cpu.entryHi = to.asid << 6;
  cpu.mmu.setAsid(cpu.entryHi);
  cpu.status = STATUS_CU1 | (0xff << 8) | STATUS_KUC | STATUS_IEC;
  kernel.current = to;
  cpu.charge(COSTS.pct + CONTEXT_WORDS * COSTS.wordAccess);
  const how = mode === PCT_SYNC ? 'sync' : 'async';
  kernel.event('pct', from.id, `${how} pct to env ${to.id}, which resumes where it was`);
}
