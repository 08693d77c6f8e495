/**
 * The pane layout: one pane under a tab bar at 80×24, all six side by side from 160 columns, a
 * zoomed pane over the whole area, never a line wider than the area.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../../../kernel/exo/inspector.ts';
import {
  defaultAddress,
  layoutPanes,
  PANE_IDS,
  Panes,
  type PanesProps,
  paneForKey,
} from '../../../../source/tui/panes/index.tsx';
import { overlong, twoEnvKernel, waitForFrame } from './kernels.ts';
import { renderWide } from './render-wide.ts';

function booted() {
  const kernel = twoEnvKernel();
  kernel.run(20_000); // past frame_alloc (which charges zeroing its 1024 words) and the bind
  return { kernel, view: inspect(kernel) };
}

const panes = (props: PanesProps) => createElement(Panes, props);

const TITLES = ['Memory', 'TLB', 'Scheduler', 'Environments', 'Registers', 'Log', 'Lab'];

describe('layoutPanes', () => {
  it('collapses to tabs at 80×24 and opens a grid in wide terminals', () => {
    expect(layoutPanes(80, 24).kind).toBe('tabs');
    expect(layoutPanes(80, 24, { selected: 'log' })).toMatchObject({ shown: 'log' });
    const wide = layoutPanes(200, 60);
    expect(wide).toMatchObject({ kind: 'grid', columns: 3 });
    expect(layoutPanes(120, 40)).toMatchObject({ kind: 'grid', columns: 2 });
    expect(layoutPanes(200, 60, { zoomed: 'tlb' }).placements).toEqual([
      { id: 'tlb', x: 0, y: 0, width: 200, height: 60 },
    ]);
  });

  it('tiles the whole area without overlap', () => {
    for (const [w, h] of [
      [160, 24],
      [200, 60],
      [161, 37],
      [100, 36],
    ]) {
      const layout = layoutPanes(w, h);
      expect(layout.kind).toBe('grid');
      const area = layout.placements.reduce((n, p) => n + p.width * p.height, 0);
      expect(area).toBe(w * h);
      for (const p of layout.placements) {
        expect(p.x + p.width).toBeLessThanOrEqual(w);
        expect(p.y + p.height).toBeLessThanOrEqual(h);
      }
    }
  });

  it('maps the digits 1–7 to the panes', () => {
    expect(PANE_IDS.map((_, i) => paneForKey(String(i + 1)))).toEqual([...PANE_IDS]);
    expect(paneForKey('8')).toBeUndefined();
  });
});

describe('Panes', () => {
  it('shows one pane and a tab bar at 80×24, every line within 80 columns', async () => {
    const { kernel, view } = booted();
    for (const [i, id] of PANE_IDS.entries()) {
      const { lastFrame, unmount } = render(
        panes({ view, kernel, width: 80, height: 24, focused: null, selected: id }),
      );
      const frame = await waitForFrame(lastFrame, (f) => f.includes(`[${i + 1} `));
      expect(frame).toContain(`│${TITLES[i]}`);
      expect(frame.split('\n')).toHaveLength(24);
      expect(overlong(frame, 80)).toEqual([]);
      unmount();
    }
  });

  it('follows the focused pane in tabs and draws its border double', async () => {
    const { kernel, view } = booted();
    const { lastFrame } = render(panes({ view, kernel, width: 80, height: 24, focused: 'envs' }));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('[4 Envs]'));
    expect(frame).toContain('║Environments');
  });

  it('treats an unknown focus as none', async () => {
    const { kernel, view } = booted();
    const { lastFrame } = render(panes({ view, kernel, width: 80, height: 24, focused: 'repl' }));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('[2 TLB]'));
    expect(frame).not.toContain('║');
  });

  it('shows all six panes side by side at 200×60', async () => {
    const { kernel, view } = booted();
    const { lastFrame, unmount } = renderWide(
      panes({ view, kernel, width: 200, height: 60, focused: 'log' }),
      200,
      60,
    );
    const frame = await waitForFrame(lastFrame, (f) =>
      TITLES.slice(0, 6).every((t) => f.includes(t)),
    );
    expect(frame.split('\n')).toHaveLength(60);
    expect(overlong(frame, 200)).toEqual([]);
    expect(frame).toContain('║Log');
    expect(frame).toMatch(/00400 01 [0-9a-f]{5} -DV-/);
    expect(frame).toContain('t0 20000000');
    unmount();
  });

  it('zooms the focused pane over the whole area', async () => {
    const { kernel, view } = booted();
    const { lastFrame, unmount } = renderWide(
      panes({ view, kernel, width: 160, height: 30, focused: 'tlb', zoomed: true }),
      160,
      30,
    );
    const frame = await waitForFrame(lastFrame, (f) => f.includes('TLB'));
    expect(frame).not.toContain('Registers');
    expect(frame).not.toContain('1 Memory');
    expect(frame.split('\n')[0]).toHaveLength(160);
    unmount();
  });
});

describe('defaultAddress', () => {
  it("points the memory pane at the running environment's first frame", async () => {
    const { kernel, view } = booted();
    const first = view.envs.find((e) => e.id === view.current)!.frames[0];
    expect(defaultAddress(view)).toBe(first * 4096);
    const { lastFrame } = render(
      panes({ view, kernel, width: 80, height: 24, focused: null, selected: 'memory' }),
    );
    const frame = await waitForFrame(lastFrame, (f) => f.includes('|'));
    expect(frame).toContain(`${(first * 4096).toString(16).padStart(8, '0')}  02 01 02 24`);
  });
});
