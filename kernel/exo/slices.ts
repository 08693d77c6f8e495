/**
 * CPU time (DESIGN.md §4 "CPU time", EXOKERNEL.md "CPU"): the slice scheduler. The slice vector
 * (slice-vector.ts) is run round robin by position; the kernel programs the Count/Compare timer
 * (IRQ 7) for the end of every slice instance.
 *
 * Parameters (ExokernelOptions.slices), defaults in DEFAULT_SLICE_PARAMS:
 *   count         16 positions
 *   length        10,000 cycles (400 µs) per slice
 *   deadline      200 cycles (8 µs) for an end-of-slice handler to save its context
 *   penalty       5,000 cycles (half a slice) lost per overrun, on top of the cycles overrun
 *   overrunLimit  3 consecutive overruns and the environment is aborted
 *
 * The timer is off until the first slice is allocated and goes off again when none is owned;
 * an environment without slices then keeps the CPU as before. Unowned positions are skipped:
 * owners share the CPU in proportion to the positions they run.
 *
 * At the end of an instance, when the next one goes to a different environment, the kernel
 * upcalls the running environment's end-of-slice handler, then switches and upcalls the next
 * one's start-of-slice handler. When the next instance is the same environment's (contiguous
 * slices) there is no upcall and no switch. Handlers, by preference:
 *   TypeScript  libos.endOfSlice(api, deadline) / libos.startOfSlice(api, length). The deadline
 *               is measured in the cycles charged from the upcall to its return (COSTS.upcall +
 *               COSTS.libosHandler + whatever the handler does through the API).
 *   MIPS        endSlicePc, entered with $k0 = the interrupted PC and $k1 = the deadline in
 *               cycles; it must call `yield` within the deadline (the kernel arms the timer for
 *               it). When it next runs it continues after its `yield` (so it can restore its
 *               registers and `jr` to the PC it saved), or at startSlicePc when one is set,
 *               entered with $k0 = the PC it would have continued at and $k1 = the slice length.
 *   none        the kernel keeps the registers itself (its ordinary context switch).
 *
 * Penalty rule (the paper gives none): an overrun adds `penalty + cycles past the deadline`
 * (a MIPS handler is cut at the deadline: 0 past it) to the environment's debt, capped at one
 * round of the vector. The debt is taken from the front of its next instances: an instance is
 * shortened by the debt, or lost entirely (the next position runs at once) while the debt is at
 * least a slice. A handler that meets its deadline resets the consecutive-overrun count; at
 * `overrunLimit` consecutive overruns the environment is aborted.
 *
 * Context switches happen between traps: kernel calls that move the CPU (yield, pct, the first
 * slice_alloc) only queue a request, and the kernel settles requests and the timer when its
 * trap handler returns, once the caller's registers and PC are where it will resume. Calls from
 * TypeScript outside a trap settle at once.
 */
import { microsecondsToCycles } from '../../machine/clock.ts';
import { IRQ_TIMER } from '../../machine/cp0.ts';
import type { CallArg, CallOutcome } from './call-table.ts';
import { COSTS } from './costs.ts';
import type { Environment } from './env.ts';
import type { Exokernel } from './kernel.ts';
import { canEnter, PCT_SYNC, transfer } from './pct.ts';
import { sliceCalls } from './slice-calls.ts';
import { type Pick, SliceVector } from './slice-vector.ts';
import { type SliceView, viewSlices } from './slice-view.ts';

export interface SliceParams {
  count: number;
  length: number;
  deadline: number;
  penalty: number;
  overrunLimit: number;
}

export const DEFAULT_SLICE_PARAMS: Readonly<SliceParams> = Object.freeze({
  count: 16,
  length: microsecondsToCycles(400),
  deadline: microsecondsToCycles(8),
  penalty: microsecondsToCycles(200),
  overrunLimit: 3,
});

/** A move of the CPU queued by a kernel call, done when the trap handler returns. */
export type SliceRequest =
  | { kind: 'start'; position: number }
  | { kind: 'yield'; env: number }
  | { kind: 'pct'; from: number; to: number; mode: number };

export type SlicePhase = 'off' | 'run' | 'save';

export class SliceScheduler {
  readonly params: Readonly<SliceParams>;
  readonly vector: SliceVector;
  /** 'off': no timer; 'run': an instance runs; 'save': an end-of-slice handler has the CPU. */
  phase: SlicePhase = 'off';
  /** Position of the current instance (-1 when off). */
  position = -1;
  startedAt = 0;
  endsAt = 0;
  /** The environment in its end-of-slice protocol and its deadline (a cycle), if any. */
  saving: { env: number; deadline: number } | null = null;
  readonly debts = new Map<number, number>();
  readonly overruns = new Map<number, number>();
  readonly totalOverruns = new Map<number, number>();
  /** Environments that saved their context at an end of slice and await a start upcall. */
  private readonly saved = new Set<number>();
  private pending: SliceRequest[] = [];
  private trapDepth = 0;
  private settling = false;

  constructor(
    private readonly kernel: Exokernel,
    params: Partial<SliceParams> = {},
  ) {
    this.params = checkParams({ ...DEFAULT_SLICE_PARAMS, ...params });
    this.vector = new SliceVector(this.params.count, kernel.secret);
  }

  /** The CPU-time and PCT calls (slice-calls.ts), for the kernel-call table. */
  calls(): Record<string, (env: Environment, args: CallArg[]) => CallOutcome> {
    return sliceCalls(this.kernel);
  }

  /** Starts the timer at position `p` if it is off (the first slice_alloc). */
  activate(p: number): void {
    if (this.phase !== 'off') return;
    this.phase = 'run';
    this.request({ kind: 'start', position: p });
  }

  // ---- settling requests and the timer ----

  /** The kernel's trap handler starts. */
  enterTrap(): void {
    this.trapDepth++;
  }

  /** The kernel's trap handler returns: the CPU is at the current environment's resume point. */
  leaveTrap(): void {
    this.trapDepth--;
    if (this.trapDepth === 0) this.settle();
  }

  /** Queues a move of the CPU; done at once outside a trap. */
  request(r: SliceRequest): void {
    this.pending.push(r);
    if (this.trapDepth === 0 && !this.settling) this.settle();
  }

  private settle(): void {
    if (this.settling) return;
    this.settling = true;
    for (let guard = 0; guard < 64; guard++) {
      const r = this.pending.shift();
      if (r !== undefined) this.perform(r);
      else if (this.kernel.machine.irq.isRaised(IRQ_TIMER)) this.onTimer();
      else break;
    }
    this.settling = false;
  }

  private perform(r: SliceRequest): void {
    const current = this.kernel.current;
    if (r.kind === 'start') {
      this.next(r.position - 1);
    } else if (r.kind === 'yield') {
      if (current?.id === r.env && this.phase !== 'off') this.yielded(current);
    } else {
      const to = this.kernel.liveEnv(r.to);
      if (current?.id !== r.from || to === undefined || !canEnter(to, r.mode)) return;
      transfer(this.kernel, current, to, r.mode);
      if (r.mode === PCT_SYNC) this.donate(current, to);
    }
  }

  private yielded(env: Environment): void {
    if (this.saving?.env === env.id) {
      const late = this.kernel.cycles - this.saving.deadline;
      this.saving = null;
      if (late <= 0) this.onTime(env);
      else if (this.overrun(env, late)) return;
    } else {
      this.kernel.event('slice', env.id, `yields the rest of slice ${this.position}`);
    }
    this.next(this.position);
  }

  private donate(from: Environment, to: Environment): void {
    const d = this.vector.donate(from.id, to.id, this.position);
    if (d.how === 'none') return;
    const what =
      d.how === 'returned'
        ? `returns slices ${d.positions} to`
        : `donates slices ${d.positions} to`;
    this.kernel.event('slice', from.id, `${what} env ${to.id}`);
  }

  private onTimer(): void {
    const timer = this.kernel.machine.timer;
    if (this.phase === 'off') {
      timer.writeCompare(timer.readCount()); // acknowledged; next match 2^32 cycles away
      return;
    }
    const env = this.kernel.current?.state === 'runnable' ? this.kernel.current : null;
    if (this.saving !== null) {
      this.saving = null;
      if (env !== null && this.overrun(env, 0)) return;
      this.next(this.position);
      return;
    }
    const peek = this.vector.pick(this.position, this.params.length, this.debts);
    if (env !== null && peek?.env === env.id && peek.skipped.length === 0) {
      this.commit(peek);
      return;
    }
    if (env !== null && this.endOfSlice(env) !== 'done') return;
    this.next(this.position);
  }

  /** The end-of-slice upcall; 'waiting' while a MIPS handler runs, 'ended' if env died. */
  private endOfSlice(env: Environment): 'done' | 'waiting' | 'ended' {
    const cpu = this.kernel.machine.cpu;
    const deadline = this.params.deadline;
    this.saved.add(env.id);
    const libos = env.libos;
    if (libos?.endOfSlice) {
      this.kernel.event('slice', env.id, `end-of-slice upcall, deadline ${deadline} cycles`);
      const before = cpu.stallCycles;
      this.saving = { env: env.id, deadline: this.kernel.cycles + deadline };
      cpu.charge(COSTS.upcall + COSTS.libosHandler);
      this.kernel.upcalls++;
      libos.endOfSlice(this.kernel.calls.apiFor(env), deadline);
      this.saving = null;
      if (env.state !== 'runnable') return 'ended';
      const used = cpu.stallCycles - before;
      if (used <= deadline) this.onTime(env);
      else if (this.overrun(env, used - deadline)) return 'ended';
      return 'done';
    }
    if (env.endSlicePc === 0) return 'done';
    this.kernel.event('slice', env.id, `end-of-slice upcall to 0x${hex(env.endSlicePc)}`);
    this.saving = { env: env.id, deadline: this.kernel.cycles + deadline };
    this.upcall(env.endSlicePc, deadline);
    this.arm(deadline);
    return 'waiting';
  }

  /** Enters the environment on the CPU at `pc` with $k0 = where it was, $k1 = `k1`. */
  private upcall(pc: number, k1: number): void {
    const cpu = this.kernel.machine.cpu;
    cpu.regs[26] = cpu.pc;
    cpu.regs[27] = k1;
    cpu.pc = pc;
    cpu.npc = (pc + 4) | 0;
    cpu.inDelaySlot = false;
    cpu.charge(COSTS.upcall);
    this.kernel.upcalls++;
  }

  private onTime(env: Environment): void {
    this.overruns.set(env.id, 0);
  }

  /** Records an overrun and its penalty; aborts at the limit (then returns true). */
  private overrun(env: Environment, late: number): boolean {
    const n = (this.overruns.get(env.id) ?? 0) + 1;
    this.overruns.set(env.id, n);
    this.totalOverruns.set(env.id, (this.totalOverruns.get(env.id) ?? 0) + 1);
    const loss = this.params.penalty + late;
    const cap = this.params.count * this.params.length;
    this.debts.set(env.id, Math.min(cap, (this.debts.get(env.id) ?? 0) + loss));
    const limit = this.params.overrunLimit;
    this.kernel.event(
      'slice',
      env.id,
      `overran its end-of-slice deadline by ${late} cycles (${n} of ${limit}): loses ${loss} cycles`,
    );
    if (n < limit) return false;
    this.kernel.endEnv(env, 'aborted', `overran its end-of-slice deadline ${n} times`);
    return true;
  }

  /** Starts the next instance after position `from`, or turns the timer off. */
  private next(from: number): void {
    const pick = this.vector.pick(from, this.params.length, this.debts);
    if (pick === null) {
      this.phase = 'off';
      this.position = -1;
      this.saving = null;
      this.kernel.event('slice', -1, 'no slice is owned: slice timer off');
      return;
    }
    this.commit(pick);
  }

  private commit(pick: Pick): void {
    for (const s of pick.skipped) {
      this.kernel.event('slice', s.env, `slice ${s.position} lost to the overrun penalty`);
    }
    this.debts.clear();
    for (const [env, debt] of pick.debts) this.debts.set(env, debt);
    const env = this.kernel.envs.get(pick.env)!;
    this.phase = 'run';
    this.position = pick.position;
    this.startedAt = this.kernel.cycles;
    this.endsAt = this.startedAt + pick.length;
    this.arm(pick.length);
    this.kernel.event('slice', env.id, `slice ${pick.position} starts, ${pick.length} cycles`);
    const switching = this.kernel.current !== env;
    if (switching) this.kernel.switchTo(env);
    if (switching || this.saved.has(env.id)) this.startOfSlice(env, pick.length);
  }

  private startOfSlice(env: Environment, length: number): void {
    this.saved.delete(env.id);
    const libos = env.libos;
    if (libos?.startOfSlice) {
      this.kernel.machine.cpu.charge(COSTS.upcall + COSTS.libosHandler);
      this.kernel.upcalls++;
      libos.startOfSlice(this.kernel.calls.apiFor(env), length);
    } else if (env.startSlicePc !== 0) {
      this.upcall(env.startSlicePc, length);
    }
  }

  private arm(cycles: number): void {
    const timer = this.kernel.machine.timer;
    timer.writeCompare((timer.readCount() + cycles) | 0);
    this.charge(COSTS.timerWrite);
  }

  private charge(cycles: number): void {
    this.kernel.machine.cpu.charge(cycles);
  }

  // ---- environments ending, inspection ----

  /** `env` ended (exit or abort): its slices are freed; if it had the CPU the next one runs. */
  envEnded(env: Environment): void {
    const hadCpu = this.phase !== 'off' && this.kernel.current === env;
    this.vector.removeEnv(env.id);
    this.debts.delete(env.id);
    this.overruns.delete(env.id);
    this.saved.delete(env.id);
    if (this.saving?.env === env.id) this.saving = null;
    if (hadCpu) this.next(this.position);
  }

  /** A plain-data view for the inspector and the panes. */
  snapshot(): SliceView {
    return viewSlices(this);
  }
}

function checkParams(p: SliceParams): SliceParams {
  const bad = (n: number, min: number) => !Number.isInteger(n) || n < min;
  if (bad(p.count, 1) || p.count > 256 || bad(p.length, 100) || bad(p.deadline, 1)) {
    throw new Error('SliceScheduler: slice count, length or deadline out of range');
  }
  if (bad(p.penalty, 0) || bad(p.overrunLimit, 1) || p.deadline >= p.length) {
    throw new Error('SliceScheduler: penalty, overrun limit or deadline out of range');
  }
  return Object.freeze({ ...p });
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
