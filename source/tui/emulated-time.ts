/**
 * Cycles as emulated time on the 25 MHz machine (one cycle is 40 ns), for the status bar.
 */

export const CLOCK_HZ = 25_000_000;

/** `cycles` as µs below a millisecond, ms below a second, else s. */
export function emulatedTime(cycles: number): string {
  const us = cycles / (CLOCK_HZ / 1_000_000);
  if (us < 1000) return `${us.toFixed(us < 10 ? 2 : 1)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(3)} ms`;
  return `${(us / 1_000_000).toFixed(3)} s`;
}

/** Millions of instructions (cycles) per wall-clock second; '' when too short to tell. */
export function mips(cycles: number, ms: number): string {
  return ms < 50 ? '' : `${(cycles / ms / 1000).toFixed(1)} MIPS`;
}
