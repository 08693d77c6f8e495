/**
 * Emulated time for TypeScript library-OS handlers that run outside the CPU's run loop (a
 * revocation upcall made from the REPL or a test, between runs). Their time is what the
 * kernel charges them (cpu.charge) plus device time they wait for: waiting idles the CPU, as
 * the `wait` instruction does (Machine.idleUntilEvent), advancing the one clock to the next
 * device event and firing it.
 *
 * Precondition for both functions: the CPU is not inside run() (not called from a trap). Inside
 * a trap, cpu.run recomputes the clock from its own count and would lose time moved here.
 */
import { STOP_NONE } from '../../machine/cpu-state.ts';
import type { Machine } from '../../machine/machine.ts';

/**
 * Adds the cycles charged so far to the clock (running a trap the CPU left pending, as the next
 * run would), keeping any stop a trap asked for. Returns the clock, which is then "now".
 */
export function settleCharges(machine: Machine): number {
  const cpu = machine.cpu;
  const stop = cpu.settleTrap();
  if (stop !== STOP_NONE) cpu.requestStop(stop);
  return machine.clock.cycles;
}

/**
 * Idles the CPU until `done()` holds or the clock reaches cycle `limit`, firing device events
 * on the way; the idle cycles are stalls, as in `wait`. Returns whether `done()` held.
 */
export function idleUntil(machine: Machine, done: () => boolean, limit: number): boolean {
  const clock = machine.clock;
  settleCharges(machine);
  clock.fireDue();
  while (!done()) {
    const target = Math.min(clock.nextEventAt(), limit);
    if (target === Number.POSITIVE_INFINITY || clock.cycles >= limit) return false;
    if (target > clock.cycles) {
      machine.cpu.stallCycles += target - clock.cycles;
      clock.cycles = target;
    }
    clock.fireDue();
  }
  return true;
}
