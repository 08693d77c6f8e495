/**
 * The memory pane: the frame map lettered by owner (kernel, free, environments), the addressed
 * frame, and a hex/ASCII view of physical memory that matches RAM byte for byte.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../../../kernel/exo/kernel.ts';
import { frameOwners, hexLine, MemoryPane } from '../../../../source/tui/panes/index.tsx';
import { overlong, twoEnvKernel, waitForFrame } from './kernels.ts';

function booted() {
  const kernel = twoEnvKernel();
  kernel.run(20_000);
  return { kernel, view: inspect(kernel) };
}

const memory = (view: ReturnType<typeof inspect>, kernel: Exokernel | undefined, address = 0) =>
  createElement(MemoryPane, { view, kernel, address, width: 80, height: 24 });

describe('MemoryPane', () => {
  it('letters each frame by its owner', async () => {
    const { kernel, view } = booted();
    const text = view.envs[0].frames[0];
    const { lastFrame } = render(memory(view, kernel, text * 4096));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('K kernel'));
    expect(frame).toContain('1 test  2 second');
    expect(frame).toMatch(/ {2}0 K{64}/);
    // Frames 256.. belong to the environments, in allocation order: test, test, second, second, test.
    expect(frame).toMatch(/ 256 11221\.+/);
    expect(frame).toContain(`${view.frames.total} frames: ${view.frames.free} free`);
    expect(overlong(frame, 80)).toEqual([]);
  });

  it('shows physical memory in hex and ASCII at the address', async () => {
    const { kernel, view } = booted();
    const address = view.envs[0].frames[0] * 4096; // the program's first text page
    const { lastFrame } = render(memory(view, kernel, address));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('|'));
    const bytes = [...kernel.machine.memory.readBytes(address, 16)];
    expect(frame).toContain(hexLine(address, bytes));
    // li $v0, 0x102 is 0x24020102, little-endian.
    expect(frame).toContain(`${address.toString(16).padStart(8, '0')}  02 01 02 24`);
  });

  it('marks bytes beyond RAM', () => {
    expect(hexLine(0x3ffffe, [0x41, 0x42, undefined])).toBe('003ffffe  41 42 ..  |AB.|');
  });

  it('rebuilds the map from the snapshot alone when there is no kernel', async () => {
    const { kernel, view } = booted();
    expect(frameOwners(view)).toEqual(frameOwners(view, kernel));
    const { lastFrame } = render(memory(view, undefined));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('K kernel'));
    expect(frame).not.toContain('|');
    expect(overlong(frame, 80)).toEqual([]);
  });

  it('moves the hex view with the keys when focused, and back with Home', async () => {
    const { kernel, view } = booted();
    const address = view.envs[0].frames[0] * 4096;
    const hex = (a: number) => a.toString(16).padStart(8, '0');
    const { lastFrame, stdin } = render(
      createElement(MemoryPane, { view, kernel, address, width: 80, height: 24, focused: true }),
    );
    await waitForFrame(lastFrame, (f) => f.includes(`║${hex(address)}  `));
    stdin.write('\u001b[B'); // Down: one line of 16 bytes
    await waitForFrame(
      lastFrame,
      (f) => f.includes(`║${hex(address + 16)}  `) && !f.includes(`║${hex(address)}  `),
    );
    stdin.write('\u001b[6~'); // PageDown
    const paged = await waitForFrame(lastFrame, (f) => !f.includes(`║${hex(address + 16)}  `));
    expect(paged).toMatch(new RegExp(`║${hex(address + 16 * 11)}  `));
    stdin.write('\u001b[H'); // Home
    await waitForFrame(lastFrame, (f) => f.includes(`║${hex(address)}  `));
  });

  it('never writes to memory', async () => {
    const { kernel, view } = booted();
    const before = kernel.machine.memory.readBytes(0, kernel.machine.memory.size);
    const { lastFrame } = render(memory(view, kernel, 0x100000));
    await waitForFrame(lastFrame, (f) => f.includes('|'));
    const after = kernel.machine.memory.readBytes(0, kernel.machine.memory.size);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
  });
});
