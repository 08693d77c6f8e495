/**
 * The registers pane: a copy of the running environment's registers by ABI name, and the ones
 * changed since the previous snapshot marked; reading them leaves the machine as it was.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../../../kernel/exo/inspector.ts';
import {
  changedRegisters,
  type RegisterSnapshot,
  RegistersPane,
  readRegisters,
} from '../../../../source/tui/panes/index.tsx';
import { overlong, spinningKernel, waitForFrame } from './kernels.ts';

const pane = (registers: RegisterSnapshot | null, stamp: number, width = 80, height = 24) =>
  createElement(RegistersPane, { registers, stamp, width, height });

describe('RegistersPane', () => {
  it('shows the 32 general registers by name, hi, lo and pc', async () => {
    const kernel = spinningKernel();
    kernel.run(20_000);
    const view = inspect(kernel);
    const regs = readRegisters(kernel, view)!;
    expect(regs.name).toBe('test');
    const { lastFrame } = render(pane(regs, view.cycles));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('zero'));
    for (const name of ['zero', 'at', 'v0', 't0', 's0', 'gp', 'sp', 'fp', 'ra', 'pc', 'hi', 'lo']) {
      expect(frame).toMatch(new RegExp(`\\b${name} [0-9a-f]{8}`));
    }
    expect(frame).toContain('t0 20000000');
    expect(frame).toContain('env 1 test');
    expect(overlong(frame, 80)).toEqual([]);
  });

  it('marks the registers changed since the previous snapshot', async () => {
    const kernel = spinningKernel();
    kernel.run(20_000);
    const first = inspect(kernel);
    const before = readRegisters(kernel, first)!;
    const { lastFrame, rerender } = render(pane(before, first.cycles));
    expect(await waitForFrame(lastFrame, (f) => f.includes('zero'))).toContain('0 changed');
    kernel.run(500);
    const second = inspect(kernel);
    const after = readRegisters(kernel, second)!;
    const changed = changedRegisters(before, after);
    expect(changed.has(16)).toBe(true); // $s0 counts
    expect(changed.has(8)).toBe(false); // $t0 holds the page address
    rerender(pane(after, second.cycles));
    const frame = await waitForFrame(lastFrame, (f) => f.includes(`${changed.size} changed`));
    expect(frame).toMatch(/\*\s+s0 [0-9a-f]{8}/);
    expect(frame).toMatch(/ {3}t0 20000000/);
  });

  it('reads without changing the machine', () => {
    const kernel = spinningKernel();
    kernel.run(20_000);
    const regs = readRegisters(kernel, inspect(kernel))!;
    regs.regs[8] = 0;
    expect(kernel.machine.cpu.regs[8]).toBe(0x20000000);
  });

  it('says so when there is no environment', async () => {
    const { lastFrame } = render(pane(null, 0, 30, 5));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Registers'));
    expect(frame).toContain('no environment');
    expect(overlong(frame, 30)).toEqual([]);
  });

  it('fits narrow panes', async () => {
    const kernel = spinningKernel();
    kernel.run(20_000);
    const view = inspect(kernel);
    const { lastFrame } = render(pane(readRegisters(kernel, view), view.cycles, 33, 12));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('zero'));
    expect(overlong(frame, 33)).toEqual([]);
    expect(frame.split('\n')).toHaveLength(12);
  });
});
