/**
 * The CP0 Count/Compare timer (R4000-style, as DESIGN.md §3 adds to the R3000), on interrupt
 * line 7 (IRQ_TIMER, Cause bit 15).
 *
 *   Count   (CP0 9)   increments once per cycle: Count = (clock.cycles - base) mod 2^32.
 *                     Writing Count rebases the counter; it does not touch the interrupt.
 *   Compare (CP0 11)  writing it lowers line 7 and arms the timer: line 7 is raised at the
 *                     cycle where Count next becomes equal to Compare. Writing the value Count
 *                     holds right now arms it a full 2^32 cycles ahead.
 *
 * After reset Count = 0, Compare = 0 and the timer is not armed until Compare is first written.
 * Once raised, line 7 stays up until the next write to Compare; the match 2^32 cycles later is
 * not scheduled because it could not change anything.
 *
 * The timer has no register window (size 0: a bus skips it); the CPU calls readCount and
 * friends from mfc0/mtc0. It implements Device so the machine resets, saves and restores it
 * with the others. Stale clock events are dropped with a generation counter.
 */
import { IRQ_TIMER } from '../cp0.ts';
import type { AccessWidth, Device, DeviceContext, DeviceState } from '../device.ts';

const TWO_32 = 0x1_0000_0000;

export interface TimerState extends DeviceState {
  /** Count as it was when saved (so restore does not depend on the base's absolute value). */
  count: number;
  compare: number;
  /** Cycle at which line 7 will be raised, or null when not armed. */
  fireAt: number | null;
  asserted: boolean;
}

export class CountCompareTimer implements Device {
  readonly name = 'timer';
  readonly base = 0;
  readonly size = 0;
  private countBase = 0;
  private compare = 0;
  private fireAt: number | null = null;
  private generation = 0;

  constructor(private readonly ctx: DeviceContext) {}

  readCount(): number {
    return (this.ctx.clock.cycles - this.countBase) | 0;
  }

  /** Rebases Count to `value` now, and re-arms a pending match against the new Count. */
  writeCount(value: number): void {
    this.countBase = this.ctx.clock.cycles - (value >>> 0);
    if (this.fireAt !== null) this.arm();
  }

  readCompare(): number {
    return this.compare;
  }

  /** Sets Compare, lowers line 7 and arms the timer for the next match. */
  writeCompare(value: number): void {
    this.compare = value | 0;
    this.ctx.irq.lower(IRQ_TIMER);
    this.arm();
  }

  /** Cycle at which the timer will next raise line 7, or null when not armed. */
  nextFireAt(): number | null {
    return this.fireAt;
  }

  read(_offset: number, _width: AccessWidth): number {
    return 0;
  }

  write(_offset: number, _width: AccessWidth, _value: number): void {}

  reset(): void {
    this.countBase = this.ctx.clock.cycles;
    this.compare = 0;
    this.fireAt = null;
    this.generation++;
    this.ctx.irq.lower(IRQ_TIMER);
  }

  save(): TimerState {
    return {
      count: this.readCount(),
      compare: this.compare,
      fireAt: this.fireAt,
      asserted: this.ctx.irq.isRaised(IRQ_TIMER),
    };
  }

  /** Restores after the clock's cycle count has been restored; reschedules a pending match. */
  restore(state: DeviceState): void {
    const s = state as TimerState;
    this.countBase = this.ctx.clock.cycles - (s.count >>> 0);
    this.compare = s.compare | 0;
    if (s.asserted) this.ctx.irq.raise(IRQ_TIMER);
    else this.ctx.irq.lower(IRQ_TIMER);
    this.generation++;
    this.fireAt = s.fireAt;
    if (s.fireAt !== null) this.schedule(s.fireAt);
  }

  /** Schedules line 7 for the cycle where Count next becomes Compare (1..2^32 cycles ahead). */
  private arm(): void {
    const delta = (this.compare - this.readCount()) >>> 0;
    this.generation++;
    this.fireAt = this.ctx.clock.cycles + (delta === 0 ? TWO_32 : delta);
    this.schedule(this.fireAt);
  }

  private schedule(at: number): void {
    const generation = this.generation;
    this.ctx.clock.schedule(at, () => {
      if (generation !== this.generation) return;
      this.fireAt = null;
      this.ctx.irq.raise(IRQ_TIMER);
    });
  }
}
