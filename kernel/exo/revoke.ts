/**
 * Visible revocation and the abort protocol (DESIGN.md section 4; EXOKERNEL.md, "Visible
 * revocation" and "The abort protocol").
 *
 * kernel.revoke(env, { count: N } | { frame: F }, deadlineUs: D) asks env's library OS to give
 * back N frames of its choice, or frame F, within D µs of emulated time. The request is an
 * upcall to the library OS's `revoke(api, notice)` hook, which chooses victims, cleans them
 * (writes dirty pages to disk with block_write + api.waitBlock, unbinds) and frees them.
 *
 * Time. The revocation starts at the current cycle (charges so far settled into the clock);
 * its deadline is start + microsecondsToCycles(D). The handler's elapsed time is every cycle
 * charged while it runs — the upcall's base cost (COSTS.upcall + COSTS.libosHandler), its kernel
 * calls, the words of memory it touches through its api — plus the device time it waits for
 * (api.waitBlock idles the CPU until the disk completes a transfer, as `wait` would). The kernel
 * reads the clock after each thing the handler does through its api, and when it returns:
 *   - env has given back what was asked, by the deadline: complied ('revoke' event);
 *   - the deadline has come, or the handler returned without complying: abort.
 * A wait stops at the deadline with E_DEADLINE. After an abort the handler is preempted: every
 * further use of its api fails (E_DEADLINE, null, false) and changes nothing. An abort takes
 * effect at min(now, deadline), so every revocation ends by its deadline.
 *
 * MIPS library OSes. An environment with no revoke hook but a MIPS exception handler, on the
 * CPU, is asked with exception EXC_REVOKE (21) before its next instruction: $a1 (BadVAddr) holds
 * the frame asked for, or minus the count. Its handler frees frames (frame_free) and calls
 * revoke_done, which returns 1 once what was asked is given back (complied, at that cycle) and
 * 0 before. The revocation stays pending meanwhile (kernel.revoke returns it so); a clock event
 * at the deadline aborts it if it is still pending. Any other environment cannot answer and is
 * aborted at once.
 *
 * "Given back": for frame F, env no longer owns F at the epoch it had; for N frames, env owns
 * at least N fewer frames than at the start (a frame freed and another allocated is no gain).
 *
 * The abort protocol takes what is still owed: F, or the highest-numbered frames env owns that
 * are not guaranteed. For each it breaks every binding (env bindings, STLB, hardware TLB — in
 * every environment), cancels queued disk DMA to it, repossesses it (epoch bump: every
 * capability for it is STALE) and appends it to env.repossessed, the repossession vector. Then
 * the repossession exception: the library OS's `repossessed(api, frames)` hook; else, when env
 * has a MIPS exception handler and is on the CPU, exception EXC_REPOSSESS (20, a code the R3000
 * reserves) is taken before its next instruction and dispatched like any other (Cause in $a0),
 * and the handler reads the vector with repossessed_count / repossessed_get. Else the vector
 * alone records the loss.
 *
 * Guaranteed minimum (guarantee.ts): frames marked with frame_guarantee are never repossessed;
 * revoking one, or more frames than env holds unguaranteed, fails with E_BUSY.
 *
 * Precondition: kernel.revoke runs between runs (REPL, tests, host), not inside a trap (idle.ts).
 *
 * Lab seam: Revoker.protocol holds the abort protocol's three decisions — where a revocation
 * stands (judge), which frames an abort takes (victims), and taking one frame (repossess).
 * The default, KERNEL_PROTOCOL, is the behaviour described above; lab 4 puts the student's there.
 */
import { cyclesToMicroseconds, microsecondsToCycles } from '../../machine/clock.ts';
import type { Capability } from '../caps/index.ts';
import type { CallImpl } from './cap-check.ts';
import { COSTS } from './costs.ts';
import type { Environment } from './env.ts';
import { type CallResult, E_BUSY, E_DEADLINE, E_INVAL, E_NOENV, fail, ok } from './errors.ts';
import { guaranteedFrames, guaranteeFrame, revocableFrames } from './guarantee.ts';
import { settleCharges } from './idle.ts';
import type { Exokernel } from './kernel.ts';
import type { Revocation, RevokeApi, RevokeRequest } from './revoke-types.ts';

export { GUARANTEED_FRAMES } from './guarantee.ts';
export type { Revocation, RevokeApi, RevokeNotice, RevokeRequest } from './revoke-types.ts';

/** Exception code of the repossession exception (reserved on the R3000). */
export const EXC_REPOSSESS = 20;
/** Exception code of a revocation request to a MIPS handler (reserved on the R3000). */
export const EXC_REVOKE = 21;
/** Finished revocations kept for the inspector. */
const HISTORY = 256;

/** What judge sees: the clock, the deadline, and whether what was asked is given back. */
export interface RevocationState {
  /** env has given back what was asked (the frame, or count frames net). */
  readonly givenBack: boolean;
  /** The current cycle. */
  readonly now: number;
  readonly deadline: number;
  /** The handler has returned (or thrown): nothing more will come from it. */
  readonly handlerDone: boolean;
}

/** What victims sees when an abort must take what is still owed. */
export interface VictimQuery {
  /** The frame asked for, or null for "count frames". */
  readonly frame: number | null;
  readonly givenBack: boolean;
  /** Frames still owed for a count request: owned now minus (owned at the start - count). */
  readonly owed: number;
  /** Frames env owns now, ascending. */
  readonly owned: readonly number[];
  /** env's guaranteed frames (never repossessed), ascending. */
  readonly guaranteed: readonly number[];
}

/** The abort protocol's decisions (the lab seam Revoker.protocol). */
export interface AbortProtocol {
  /** Deadline enforcement: complied (given back by the deadline), abort now, or still pending. */
  judge(state: RevocationState): 'complied' | 'abort' | 'pending';
  /** Forced repossession: the frames to take. */
  victims(query: VictimQuery): number[];
  /**
   * Takes one frame from env: breaks every binding (env records, STLB, hardware TLB, in every
   * environment), cancels queued DMA to it, invalidates its capabilities (epoch bump) and
   * records it in env's repossession vector.
   */
  repossess(env: Environment, frame: number): void;
}

/** The kernel's own abort protocol (the behaviour the header describes). */
export function kernelProtocol(kernel: Exokernel): AbortProtocol {
  return {
    judge({ givenBack, now, deadline, handlerDone }) {
      if (givenBack && now <= deadline) return 'complied';
      return handlerDone || now >= deadline ? 'abort' : 'pending';
    },
    victims({ frame, givenBack, owed, owned, guaranteed }) {
      if (frame !== null) return givenBack || guaranteed.includes(frame) ? [] : [frame];
      if (owed <= 0) return [];
      return owned
        .filter((f) => !guaranteed.includes(f))
        .slice(-owed)
        .reverse();
    },
    repossess(env, frame) {
      kernel.breakBindingsOf(frame);
      kernel.machine.disk.cancelFrame(frame); // queued DMA is a binding too
      kernel.frames.repossess(frame);
      env.repossessed.push(frame);
    },
  };
}

interface Active {
  readonly rec: Revocation;
  readonly env: Environment;
  readonly ownedAtStart: number;
  readonly frameEpoch: number;
  /** Asked of MIPS code (EXC_REVOKE): answered by revoke_done or the deadline event. */
  readonly mips: boolean;
}

export class Revoker {
  /** Recent revocations, oldest first (at most HISTORY). */
  readonly history: Revocation[] = [];
  private readonly active = new Map<number, Active>();
  private nextId = 1;
  /** Lab seam: the abort protocol's decisions (lab 4). Default: kernelProtocol, this file's own. */
  protocol: AbortProtocol;

  constructor(private readonly kernel: Exokernel) {
    this.protocol = kernelProtocol(kernel);
  }

  /** Revocations asked for since boot (pending and ended). */
  get requested(): number {
    return this.nextId - 1;
  }

  /** The kernel calls of this module, for the call table. */
  calls(): Record<string, CallImpl<Environment>> {
    return {
      frame_guarantee: (env, [cap]) => {
        const asked = this.active.get(env.id)?.rec.frame ?? null;
        return guaranteeFrame(this.kernel, env, cap as Capability, asked);
      },
      repossessed_count: (env) => ok(env.repossessed.length),
      revoke_done: (env) => this.revokeDone(env),
      repossessed_get: (env, [i]) => {
        const n = i as number;
        return n >= 0 && n < env.repossessed.length ? ok(env.repossessed[n]) : fail(E_INVAL);
      },
    };
  }

  /** Revocations under way (one per environment at most), for the inspector. */
  pending(): Revocation[] {
    return [...this.active.values()].map((a) => ({ ...a.rec }));
  }

  /** env's guaranteed frames (still owned at the epoch they were guaranteed), ascending. */
  guaranteedFrames(env: Environment): number[] {
    return guaranteedFrames(this.kernel.frames, env);
  }

  /** Frames env owns that may be revoked (not guaranteed), ascending. */
  revocable(env: Environment): number[] {
    return revocableFrames(this.kernel.frames, env);
  }

  /**
   * Asks env to give back frames by a deadline, runs its revoke hook, and complies or aborts.
   * Returns the revocation's id and record; E_NOENV, E_INVAL or E_BUSY change nothing.
   */
  revoke(env: Environment, request: RevokeRequest): CallResult & { revocation?: Revocation } {
    // Settle first: a trap the CPU left pending runs now, as the next run would, and may end env.
    const start = settleCharges(this.kernel.machine);
    const checked = this.validate(env, request);
    if (checked.error) return checked;
    const kernel = this.kernel;
    const frame = 'frame' in request ? request.frame : null;
    const rec: Revocation = {
      id: this.nextId++,
      env: env.id,
      count: 'count' in request ? request.count : 1,
      frame,
      deadlineUs: request.deadlineUs,
      startedAt: start,
      deadline: start + microsecondsToCycles(request.deadlineUs),
      outcome: 'pending',
      endedAt: null,
      repossessed: [],
    };
    const act: Active = {
      rec,
      env,
      ownedAtStart: kernel.frames.ownedBy(env.id).length,
      frameEpoch: frame === null ? 0 : (kernel.frames.epochOf(frame) ?? 0),
      mips: !env.libos?.revoke && env.exceptionPc !== 0 && kernel.current === env,
    };
    this.active.set(env.id, act);
    this.remember(rec);
    const what = frame === null ? `${rec.count} frame(s)` : `frame ${frame}`;
    kernel.event('revoke', env.id, `#${rec.id} release ${what} within ${rec.deadlineUs} µs`);
    if (act.mips) {
      this.askMips(act);
      return { ...ok(rec.id), revocation: rec };
    }
    try {
      this.upcall(act);
    } finally {
      // A hook that throws (a library-OS bug) has not complied: the abort still runs.
      if (rec.outcome === 'pending') this.progress(act, true);
      this.end(act);
    }
    return { ...ok(rec.id), revocation: rec };
  }

  /** A finished revocation: no longer active; the repossession exception if frames were taken. */
  private end(act: Active): void {
    this.active.delete(act.env.id);
    if (act.rec.repossessed.length > 0) this.raise(act.env, act.rec.repossessed);
  }

  /**
   * Asks MIPS code: exception EXC_REVOKE before env's next instruction, with BadVAddr (so $a1
   * in the handler) the frame asked for, or minus the count. The handler frees frames and calls
   * revoke_done; a clock event at the deadline aborts the revocation if it is still pending.
   */
  private askMips(act: Active): void {
    const machine = this.kernel.machine;
    const cpu = machine.cpu;
    cpu.badVAddr = act.rec.frame ?? -act.rec.count;
    cpu.exception(EXC_REVOKE, cpu.pc, cpu.inDelaySlot, 0);
    machine.clock.schedule(act.rec.deadline, () => this.deadlinePassed(act));
  }

  /**
   * The deadline event of a MIPS revocation. It fires from the main loop, between instructions;
   * when Blocks.drain fires due events inside a trap (deferDeadlines), it fires again next cycle.
   */
  private deadlinePassed(act: Active): void {
    if (act.rec.outcome !== 'pending') return;
    const clock = this.kernel.machine.clock;
    if (this.deferDeadlines) {
      clock.schedule(clock.cycles + 1, () => this.deadlinePassed(act));
      return;
    }
    this.progress(act, true, clock.cycles);
    this.end(act);
  }

  /** Set while device events are fired from inside a trap (blocks.ts), when aborts must wait. */
  deferDeadlines = false;

  /** revoke_done from MIPS code: 1 if the revocation is now complied with, 0 if not yet. */
  private revokeDone(env: Environment): CallResult {
    const act = this.active.get(env.id);
    if (act === undefined || !act.mips) return fail(E_INVAL);
    // Inside the trap the clock is current (cpu.run sets it); charges settle when it returns.
    const now = this.kernel.machine.clock.cycles;
    if (!this.satisfied(act) || now > act.rec.deadline) return ok(0);
    this.progress(act, false, now);
    this.end(act);
    return ok(1);
  }

  private validate(env: Environment, request: RevokeRequest): CallResult {
    if (env.state !== 'runnable' || this.kernel.envs.get(env.id) !== env) return fail(E_NOENV);
    if (this.active.has(env.id)) return fail(E_BUSY);
    const us = request.deadlineUs;
    if (typeof us !== 'number' || !Number.isFinite(us) || microsecondsToCycles(us) < 1) {
      return fail(E_INVAL);
    }
    if ('frame' in request === 'count' in request) return fail(E_INVAL);
    if ('frame' in request) {
      const f = request.frame;
      const frames = this.kernel.frames;
      if (!Number.isInteger(f) || frames.epochOf(f) === undefined) return fail(E_INVAL);
      if (frames.ownerOf(f) !== env.id) return fail(E_INVAL);
      return this.guaranteedFrames(env).includes(f) ? fail(E_BUSY) : ok();
    }
    const n = request.count;
    if (!Number.isInteger(n) || n < 1) return fail(E_INVAL);
    return this.revocable(env).length < n ? fail(E_BUSY) : ok();
  }

  /** Runs env's revoke hook, charged as an upcall; without one there is nothing to wait for. */
  private upcall(act: Active): void {
    const libos = act.env.libos;
    if (!libos?.revoke) return;
    this.kernel.machine.cpu.charge(COSTS.upcall + COSTS.libosHandler);
    this.kernel.upcalls++;
    this.progress(act);
    if (act.rec.outcome !== 'pending') return;
    const { id, count, frame, deadlineUs, deadline } = act.rec;
    libos.revoke(this.apiFor(act), { id, count, frame, deadlineUs, deadline });
  }

  /** Looks at the clock: complied, aborted, or (unless final) still pending. */
  private progress(act: Active, final = false, at?: number): void {
    const rec = act.rec;
    const now = at ?? settleCharges(this.kernel.machine);
    const state = {
      givenBack: this.satisfied(act),
      now,
      deadline: rec.deadline,
      handlerDone: final,
    };
    const verdict = this.protocol.judge(state);
    if (verdict === 'complied') {
      rec.outcome = 'complied';
      rec.endedAt = now;
      const us = cyclesToMicroseconds(now - rec.startedAt);
      this.kernel.event('revoke', rec.env, `#${rec.id} complied in ${us} µs`);
    } else if (verdict === 'abort') {
      this.abort(act, Math.min(now, rec.deadline));
    }
  }

  private satisfied(act: Active): boolean {
    const { env, rec } = act;
    const frames = this.kernel.frames;
    if (rec.frame !== null) {
      return frames.ownerOf(rec.frame) !== env.id || frames.epochOf(rec.frame) !== act.frameEpoch;
    }
    return frames.ownedBy(env.id).length <= act.ownedAtStart - rec.count;
  }

  /** The abort protocol: takes what is still owed by force (never a guaranteed frame). */
  private abort(act: Active, at: number): void {
    const { env, rec } = act;
    const victims = this.victims(act);
    for (const f of victims) this.repossess(env, f);
    rec.outcome = 'aborted';
    rec.endedAt = at;
    rec.repossessed = victims;
    const taken = victims.length > 0 ? `frames ${victims.join(', ')}` : 'nothing';
    const us = cyclesToMicroseconds(at - rec.startedAt);
    this.kernel.event('abort', env.id, `#${rec.id} not complied in ${us} µs: repossessed ${taken}`);
  }

  private victims(act: Active): number[] {
    const { env, rec } = act;
    const owned = [...this.kernel.frames.ownedBy(env.id)].sort((a, b) => a - b);
    return this.protocol.victims({
      frame: rec.frame,
      givenBack: this.satisfied(act),
      owed: owned.length - (act.ownedAtStart - rec.count),
      owned,
      guaranteed: this.guaranteedFrames(env),
    });
  }

  /** Takes one frame (protocol.repossess), charged as the kernel's work per frame. */
  private repossess(env: Environment, frame: number): void {
    this.kernel.machine.cpu.charge(COSTS.repossessFrame);
    this.protocol.repossess(env, frame);
  }

  /** The repossession exception: the library OS's hook, or env's MIPS exception handler. */
  private raise(env: Environment, frames: number[]): void {
    if (env.state !== 'runnable') return;
    const kernel = this.kernel;
    const cpu = kernel.machine.cpu;
    const libos = env.libos;
    if (libos?.repossessed) {
      cpu.charge(COSTS.upcall + COSTS.libosHandler);
      kernel.upcalls++;
      kernel.event('upcall', env.id, `repossessed ${frames.join(', ')}`);
      libos.repossessed(kernel.calls.apiFor(env), [...frames]);
      return;
    }
    if (env.exceptionPc !== 0 && kernel.current === env) {
      cpu.exception(EXC_REPOSSESS, cpu.pc, cpu.inDelaySlot, 0);
    }
  }

  /** env's api wrapped so the kernel looks at the clock after each use, and preempts. */
  private apiFor(act: Active): RevokeApi {
    const base = this.kernel.calls.apiFor(act.env);
    const machine = this.kernel.machine;
    const open = () => act.rec.outcome !== 'aborted';
    const after = <T>(value: T): T => {
      if (act.rec.outcome === 'pending') this.progress(act);
      return value;
    };
    // A copy of the api's fields (regs as it is now: a revocation does not switch environments).
    return {
      ...base,
      call: (name, ...args) => (open() ? after(base.call(name, ...args)) : fail(E_DEADLINE)),
      readWord: (v) => (open() ? after(base.readWord(v)) : null),
      writeWord: (v, x) => open() && after(base.writeWord(v, x)),
      readBytes: (v, n) => (open() ? after(base.readBytes(v, n)) : null),
      writeBytes: (v, bytes) => open() && after(base.writeBytes(v, bytes)),
      waitBlock: (id) => {
        if (!open()) return fail(E_DEADLINE);
        const limit = act.rec.outcome === 'pending' ? act.rec.deadline : Number.POSITIVE_INFINITY;
        return after(this.kernel.blocks.waitFor(act.env, id, limit));
      },
      now: () => settleCharges(machine),
    };
  }

  private remember(rec: Revocation): void {
    this.history.push(rec);
    if (this.history.length > HISTORY) this.history.shift();
  }
}
