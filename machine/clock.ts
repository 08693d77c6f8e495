/**
 * The one virtual clock. Time is emulated cycles: every retired instruction is one cycle, plus
 * the stall costs listed in STALL_CYCLES. At 25 MHz (the DECstation 5000/125) one cycle is
 * 40 ns, so 50 µs is exactly 1250 cycles. Nothing here reads the host's clock.
 *
 * Devices schedule callbacks at absolute cycle numbers. There is no cancel: a device that
 * changes its mind bumps a generation counter and ignores the stale callback (System/161's
 * way). The main loop runs the CPU until `nextEventAt()`, advances the clock, then calls
 * `fireDue()`.
 */

export const CLOCK_HZ = 25_000_000;
export const NS_PER_CYCLE = 40;

/** Documented stall costs, in cycles, charged on top of one cycle per retired instruction. */
export const STALL_CYCLES = {
  /** Taking an exception flushes the pipeline; the faulting instruction does not retire. */
  exception: 2,
} as const;

export function cyclesToMicroseconds(cycles: number): number {
  return (cycles * NS_PER_CYCLE) / 1000;
}

export function microsecondsToCycles(us: number): number {
  return Math.round((us * 1000) / NS_PER_CYCLE);
}

interface ClockEvent {
  at: number;
  seq: number;
  fire: () => void;
}

export class Clock {
  /** Cycles elapsed since reset. A JS number: exact far beyond any run's length. */
  cycles = 0;
  private events: ClockEvent[] = [];
  private seq = 0;

  /** Calls `fire` once the clock reaches cycle `at` (at once, on the next fireDue, if past). */
  schedule(at: number, fire: () => void): void {
    const event = { at, seq: this.seq++, fire };
    // Kept sorted by (at, seq) so events due at the same cycle fire in the order scheduled.
    let i = this.events.length;
    while (i > 0 && this.events[i - 1].at > at) i--;
    this.events.splice(i, 0, event);
  }

  /** Cycle of the earliest pending event, or Infinity. */
  nextEventAt(): number {
    return this.events.length > 0 ? this.events[0].at : Number.POSITIVE_INFINITY;
  }

  /** Fires, in order, every event due at or before the current cycle. */
  fireDue(): void {
    while (this.events.length > 0 && this.events[0].at <= this.cycles) {
      const event = this.events.shift()!;
      event.fire();
    }
  }

  /** Drops every pending event (reset and restore: devices reschedule their own). */
  clear(): void {
    this.events = [];
  }

  pendingEvents(): number {
    return this.events.length;
  }
}
