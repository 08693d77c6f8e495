/**
 * fork and wait in the monolithic baseline (the portable calls 0xb4, 0xb5 of
 * kernel/abi/vm-abi.ts), the way a 1990s Unix kernel did them: fork copies every page of the
 * parent at once (vm.ts, copyAddressSpace) and the trap frame, with $v0 = 0 in the child; the
 * child is runnable and runs when the parent sleeps or ends (no preemption here). wait sleeps
 * in the kernel until the child ends, and the kernel finishes the call with its exit code
 * (-1 when it was killed). A child whose parent has gone just runs on.
 */
import { E_NOENV, E_NOMEM, E_OK } from '../exo/errors.ts';
import type { MonoKernel } from './kernel.ts';
import { Process } from './process.ts';

const MAX_ASID = 63;
const parents = new WeakMap<Process, Process>();
/** Parent -> the child it sleeps on in wait. */
const waiting = new WeakMap<Process, Process>();

/** fork(): [child pid, error] for the parent; the child resumes with $v0 = 0. */
export function fork(kernel: MonoKernel, parent: Process): [number, number] {
  const asid = kernel.procs.length + 1;
  if (asid > MAX_ASID) return [-1, E_NOMEM];
  const child = new Process(asid, asid, `${parent.name}.${asid}`);
  const error = kernel.vm.copyAddressSpace(parent, child);
  kernel.procs.push(child);
  if (error !== E_OK) {
    kernel.end(child, 'killed', 0);
    return [-1, error];
  }
  parents.set(child, parent);
  const from = parent.frame;
  const to = child.frame;
  to.regs.set(from.regs);
  to.regs[2] = 0;
  to.regs[3] = 0;
  to.hi = from.hi;
  to.lo = from.lo;
  to.pc = from.pc;
  to.status = from.status;
  for (const [signo, handler] of parent.handlers) child.handlers.set(signo, handler);
  return [child.pid, E_OK];
}

/** wait(pid): [exit code, error] at once, or null after putting the parent to sleep. */
export function wait(kernel: MonoKernel, parent: Process, pid: number): [number, number] | null {
  const child = kernel.procs.find((p) => p.pid === pid);
  if (child === undefined || parents.get(child) !== parent) return [-1, E_NOENV];
  if (child.state === 'exited' || child.state === 'killed') {
    parents.delete(child);
    return [exitCodeOf(child), E_OK];
  }
  parent.state = 'blocked';
  waiting.set(parent, child);
  kernel.scheduleNext();
  return null;
}

/** `proc` has ended: a parent asleep in wait for it gets its exit code and runs again. */
export function childEnded(proc: Process): void {
  const parent = parents.get(proc);
  if (parent === undefined || waiting.get(parent) !== proc) return;
  waiting.delete(parent);
  parents.delete(proc);
  parent.state = 'runnable';
  parent.frame.regs[2] = exitCodeOf(proc);
  parent.frame.regs[3] = E_OK;
}

function exitCodeOf(proc: Process): number {
  return proc.state === 'exited' ? (proc.exitCode ?? 0) : -1;
}
