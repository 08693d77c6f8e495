/**
 * The event log pane over a real kernel's log: newest at the bottom, filtered by kind and by
 * environment, scrolled back by an offset, within its width.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { inspect } from '../../../../kernel/exo/inspector.ts';
import { filterEvents, LogPane, type LogPaneProps } from '../../../../source/tui/panes/index.tsx';
import { overlong, twoEnvKernel, waitForFrame } from './kernels.ts';

function booted() {
  const kernel = twoEnvKernel();
  kernel.run(20_000);
  return inspect(kernel);
}

const log = (props: LogPaneProps) => createElement(LogPane, props);

describe('LogPane', () => {
  it('shows the bind events, newest at the bottom', async () => {
    const view = booted();
    const { lastFrame } = render(log({ view, width: 80, height: 24 }));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('bind'));
    const lines = frame.split('\n').filter((l) => /^\S\s+\d+ /.test(l));
    const newest = view.events.at(-1)!;
    expect(lines.at(-1)).toContain(newest.text);
    expect(frame).toMatch(/bind\s+1\s+0x00400000 -> frame \d+ rw/);
    expect(overlong(frame, 80)).toEqual([]);
  });

  it('filters by kind and by environment', async () => {
    const view = booted();
    const { lastFrame, rerender } = render(log({ view, width: 80, height: 24, kind: 'frame' }));
    const frames = await waitForFrame(lastFrame, (f) => f.includes('kind frame'));
    expect(frames).toContain('allocated frame');
    expect(frames).not.toMatch(/ bind /);
    rerender(log({ view, width: 80, height: 24, env: 2 }));
    const second = await waitForFrame(lastFrame, (f) => f.includes('env 2'));
    expect(second).toContain('created second');
    expect(second).not.toContain('created test');
    expect(
      filterEvents(view.events, 'bind', 2).every((e) => e.kind === 'bind' && e.env === 2),
    ).toBe(true);
  });

  it('scrolls back from the newest by an offset', async () => {
    const view = booted();
    const total = view.events.length;
    // Two body rows: the newest two, then with offset 2 the two before them.
    const { lastFrame, rerender } = render(log({ view, width: 80, height: 5 }));
    const newest = await waitForFrame(lastFrame, (f) => f.includes(`2 of ${total}`));
    expect(newest).toContain(view.events[total - 1].text);
    rerender(log({ view, width: 80, height: 5, offset: 2 }));
    const back = await waitForFrame(lastFrame, (f) => f.includes(view.events[total - 3].text));
    expect(back).toContain(view.events[total - 4].text);
    expect(back).not.toContain(view.events[total - 1].text);
  });

  it('scrolls with the arrow keys when focused', async () => {
    const view = booted();
    const total = view.events.length;
    const { lastFrame, stdin } = render(log({ view, width: 80, height: 5, focused: true }));
    await waitForFrame(lastFrame, (f) => f.includes(view.events[total - 1].text));
    stdin.write('\u001b[A'); // Up: one row further back
    const back = await waitForFrame(lastFrame, (f) => !f.includes(view.events[total - 1].text));
    expect(back).toContain(view.events[total - 3].text);
  });

  it('says when nothing matches', async () => {
    const view = booted();
    const { lastFrame } = render(log({ view, width: 80, height: 8, kind: 'pct' }));
    expect(await waitForFrame(lastFrame, (f) => f.includes('Log'))).toContain('no events');
  });
});
