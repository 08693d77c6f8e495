/**
 * What every device test builds on: a real clock, real interrupt lines and real RAM, and a
 * way to advance time as the machine's main loop does.
 */
import { Clock } from '../../../machine/clock.ts';
import { type DeviceContext, InterruptLines } from '../../../machine/device.ts';
import { PhysicalMemory } from '../../../machine/memory.ts';

export function context(memoryBytes = 0x10000): DeviceContext {
  return {
    clock: new Clock(),
    irq: new InterruptLines(),
    memory: new PhysicalMemory(memoryBytes),
  };
}

/** Advances the clock to `cycle`, firing each event at its own cycle on the way. */
export function runTo(ctx: DeviceContext, cycle: number): void {
  while (ctx.clock.nextEventAt() <= cycle) {
    ctx.clock.cycles = Math.max(ctx.clock.cycles, ctx.clock.nextEventAt());
    ctx.clock.fireDue();
  }
  ctx.clock.cycles = cycle;
}
