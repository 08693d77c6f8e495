/**
 * What a device is to the machine (STYLE.md, "Put together" point 3): a small record that
 * answers register reads and writes in its window, raises or lowers interrupt lines and
 * schedules clock events. A device never holds the CPU.
 *
 * Register offsets are relative to the device's physical base. Widths are 1, 2 or 4 bytes;
 * values are int32 (a byte read returns 0..255). save() returns plain JSON-able data that
 * restore() accepts on a freshly reset device of the same kind, and restore() reschedules
 * any clock events the device had pending.
 */
import type { Clock } from './clock.ts';
import type { PhysicalMemory } from './memory.ts';

export type AccessWidth = 1 | 2 | 4;

export type DeviceState = Record<string, unknown>;

export interface Device {
  readonly name: string;
  /** Physical base address of the register window. */
  readonly base: number;
  /** Window size in bytes. */
  readonly size: number;
  read(offset: number, width: AccessWidth): number;
  write(offset: number, width: AccessWidth, value: number): void;
  reset(): void;
  save(): DeviceState;
  restore(state: DeviceState): void;
}

/**
 * The interrupt lines IP0..IP7 that reach Cause. Devices raise and lower hardware lines 2..7;
 * the CPU samples `pending` between instructions.
 */
export class InterruptLines {
  /** Bit n set means line n is asserted (bits 0..7, matching Cause.IP). */
  pending = 0;

  raise(line: number): void {
    this.pending |= 1 << line;
  }

  lower(line: number): void {
    this.pending &= ~(1 << line);
  }

  isRaised(line: number): boolean {
    return (this.pending & (1 << line)) !== 0;
  }
}

/** What every device is built with. */
export interface DeviceContext {
  clock: Clock;
  irq: InterruptLines;
  memory: PhysicalMemory;
}
