/**
 * The TLB pane over real snapshots: valid entries with the program's text page, the STLB line,
 * entries changed between two snapshots marked, and nothing wider than the pane.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { KernelView } from '../../../../kernel/exo/inspector.ts';
import { inspect } from '../../../../kernel/exo/inspector.ts';
import { TlbPane } from '../../../../source/tui/panes/index.tsx';
import { changedEntries, entryCell, orderEntries } from '../../../../source/tui/panes/tlb-rows.ts';
import { overlong, spinningKernel, waitForFrame } from './kernels.ts';

const tlb = (view: KernelView, width: number, height: number) =>
  createElement(TlbPane, { view, width, height });

describe('TlbPane', () => {
  it("shows the program's text page as a valid entry and the STLB's statistics", async () => {
    const kernel = spinningKernel();
    kernel.run(20_000);
    const view = inspect(kernel);
    const text = view.tlb.find((e) => e.v && e.vpn === 0x00400)!;
    expect(text).toBeDefined();
    const { lastFrame } = render(tlb(view, 80, 24));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('STLB'));
    expect(frame).toContain(entryCell(text, false).trim());
    expect(frame).toMatch(/00400 01 [0-9a-f]{5} -DV-/);
    expect(frame).toContain(`STLB ${view.stlb.valid}/${view.stlb.size} valid, hit rate`);
    expect(overlong(frame, 80)).toEqual([]);
  });

  it('lists valid entries before invalid ones', () => {
    const kernel = spinningKernel();
    kernel.run(20_000);
    const ordered = orderEntries(inspect(kernel).tlb);
    const firstInvalid = ordered.findIndex((e) => !e.v);
    expect(firstInvalid).toBeGreaterThan(0);
    expect(ordered.slice(firstInvalid).every((e) => !e.v)).toBe(true);
  });

  it('marks the entries that changed since the previous snapshot', async () => {
    const kernel = spinningKernel();
    kernel.run(100); // before the program binds and touches 0x20000000
    const before = inspect(kernel);
    const { lastFrame, rerender } = render(tlb(before, 80, 24));
    expect(await waitForFrame(lastFrame, (f) => f.includes('TLB'))).toContain('0 changed');
    kernel.run(20_000);
    const after = inspect(kernel);
    const changed = changedEntries(before.tlb, after.tlb);
    const data = after.tlb.find((e) => e.v && e.vpn === 0x20000)!;
    expect(changed.has(data.index)).toBe(true);
    rerender(tlb(after, 80, 24));
    const frame = await waitForFrame(lastFrame, (f) => f.includes(`${changed.size} changed`));
    expect(frame).toContain(entryCell(data, true));
    expect(entryCell(data, true).startsWith('*')).toBe(true);
  });

  it('keeps the highlights when redrawn with a fresh snapshot of the same cycle', async () => {
    const kernel = spinningKernel();
    kernel.run(100);
    const { lastFrame, rerender } = render(tlb(inspect(kernel), 80, 24));
    await waitForFrame(lastFrame, (f) => f.includes('TLB'));
    kernel.run(20_000);
    rerender(tlb(inspect(kernel), 80, 24));
    const first = await waitForFrame(lastFrame, (f) => !f.includes(' 0 changed'));
    rerender(tlb(inspect(kernel), 80, 24));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await waitForFrame(lastFrame, (f) => f.includes('TLB'))).toBe(first);
  });

  it('fits narrow and short panes', async () => {
    const kernel = spinningKernel();
    kernel.run(20_000);
    const { lastFrame } = render(tlb(inspect(kernel), 30, 8));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('TLB'));
    expect(overlong(frame, 30)).toEqual([]);
    expect(frame.split('\n')).toHaveLength(8);
  });
});
