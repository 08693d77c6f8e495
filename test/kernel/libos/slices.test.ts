/**
 * Two ExOS programs sharing the CPU through the slice vector: each owns slices, both run to
 * completion with their own results, and ExOS's end-of-slice handler never overruns.
 */
import { expect, it } from 'vitest';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { loadProgram } from '../../../kernel/libos/index.ts';

/** Sums 1..n in a loop long enough to span many slices, then prints the sum once. */
const sumTo = (n: number) => `
main:   li    $t0, ${n}
        li    $a0, 0
loop:   addu  $a0, $a0, $t0
        addiu $t0, $t0, -1
        bnez  $t0, loop
        li    $v0, 1
        syscall
        li    $a0, 32
        li    $v0, 11
        syscall
        li    $v0, 10
        syscall`;

it('interleaves two ExOS programs by slices; both finish correctly without overruns', () => {
  let out = '';
  const kernel = new Exokernel({
    memoryBytes: 16 << 20,
    consoleHost: { write: (b) => (out += typeof b === 'string' ? b : new TextDecoder().decode(b)) },
  });
  kernel.machine.console.endInput();
  const bytes = (n: number) => new TextEncoder().encode(sumTo(n));
  const a = loadProgram(kernel, 'a.s', bytes(30_000));
  const b = loadProgram(kernel, 'b.s', bytes(60_000));
  if (!a.ok || !b.ok) throw new Error('load failed');
  for (const loaded of [a, b]) {
    const api = kernel.calls.apiFor(loaded.env);
    expect(api.call('slice_alloc', -1).error).toBe(0);
    expect(api.call('slice_alloc', -1).error).toBe(0);
  }
  kernel.switchTo(a.env);
  expect(kernel.run(10_000_000).reason).toBe('halted');
  expect(a.env.exitCode).toBe(0);
  expect(b.env.exitCode).toBe(0);
  expect(out).toBe(`${(30_000 * 30_001) / 2} ${((60_000 * 60_001) / 2) | 0} `);
  const sliceEvents = kernel.log.recent(4096, { kind: 'slice' }).map((e) => e.text);
  expect(sliceEvents.length).toBeGreaterThan(10);
  expect(sliceEvents.some((t) => /overrun/i.test(t))).toBe(false);
});
