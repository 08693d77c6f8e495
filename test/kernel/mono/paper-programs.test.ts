/**
 * The exception programs of `bench paper` (bench/paper/) do what the table claims: under each
 * kernel every kind of exception reaches the program's handler N times, which skips the
 * faulting instruction, and the program then exits normally.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootWith } from '../exo/helpers.ts';
import { bootMono } from './helpers.ts';

const read = (name: string) =>
  readFileSync(new URL(`../../../bench/paper/${name}`, import.meta.url), 'utf8');
const N = 10;
const KINDS = ['unaligned access', 'overflow', 'coprocessor unusable', 'protection fault'];

describe('bench/paper exception programs', () => {
  KINDS.forEach((kind, i) => {
    it(`${kind}: the exokernel dispatches to the handler N times`, () => {
      const { kernel, env } = bootWith(read('exception-exo.s'));
      kernel.machine.cpu.regs[4] = i;
      kernel.machine.cpu.regs[5] = N;
      expect(kernel.run(1_000_000).reason).toBe('halted');
      expect(env.state).toBe('exited');
      const events = kernel.log.recent(1000, { kind: 'exception' });
      expect(events.length).toBe(N);
    });

    it(`${kind}: the baseline delivers N signals`, () => {
      const { kernel, proc } = bootMono(read('exception-mono.s'));
      kernel.machine.cpu.regs[4] = i;
      kernel.machine.cpu.regs[5] = N;
      expect(kernel.run(1_000_000).reason).toBe('halted');
      expect(proc.state).toBe('exited');
      expect(kernel.counts.signals).toBe(N);
    });
  });

  it('the empty loop takes no exception under either kernel', () => {
    const exo = bootWith(read('exception-exo.s'));
    exo.kernel.machine.cpu.regs[4] = 4;
    exo.kernel.machine.cpu.regs[5] = N;
    expect(exo.kernel.run(1_000_000).reason).toBe('halted');
    expect(exo.kernel.log.recent(1000, { kind: 'exception' }).length).toBe(0);
    const mono = bootMono(read('exception-mono.s'));
    mono.kernel.machine.cpu.regs[4] = 4;
    mono.kernel.machine.cpu.regs[5] = N;
    expect(mono.kernel.run(1_000_000).reason).toBe('halted');
    expect(mono.kernel.counts.signals).toBe(0);
  });
});
