/**
 * The scheduler pane over a kernel whose slices are owned: the slice vector with the current
 * position bracketed, overruns and debt per environment, an end-of-slice deadline while one is
 * pending, and pending revocations.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { inspect, type KernelView } from '../../../../kernel/exo/inspector.ts';
import { SchedulerPane } from '../../../../source/tui/panes/index.tsx';
import { overlong, slicedKernel, waitForFrame } from './kernels.ts';

const scheduler = (view: KernelView, width = 80, height = 24) =>
  createElement(SchedulerPane, { view, width, height });

describe('SchedulerPane', () => {
  it('shows the owner of every position with the current one in brackets', async () => {
    const kernel = slicedKernel();
    kernel.run(5000);
    const view = inspect(kernel);
    expect(view.slices.position).toBe(0);
    const { lastFrame } = render(scheduler(view));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Scheduler'));
    expect(frame).toContain('[1] 2  1  . ');
    expect(frame).toContain('3 of 4 slices owned');
    expect(frame).toMatch(/phase run · position 0 of 4 run by env 1 · ends at \d+ \(in \d+\)/);
    expect(frame).toContain('no end-of-slice deadline pending');
    expect(overlong(frame, 80)).toEqual([]);
  });

  it("shows an environment's overruns and debt", async () => {
    const kernel = slicedKernel();
    kernel.run(25_000);
    const view = inspect(kernel);
    const hog = view.slices.envs.find((e) => e.env === 2)!;
    expect(hog.totalOverruns).toBeGreaterThan(0);
    const { lastFrame } = render(scheduler(view));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('overruns'));
    expect(frame).toMatch(
      new RegExp(`\\s+2\\s+1\\s+${hog.overruns}\\s+${hog.totalOverruns} ${hog.debt}`),
    );
  });

  it('shows the deadline of a pending end-of-slice upcall', async () => {
    const kernel = slicedKernel();
    let view = inspect(kernel);
    for (let i = 0; i < 1000 && view.slices.saving === null; i++) {
      kernel.run(50);
      view = inspect(kernel);
    }
    const saving = view.slices.saving!;
    expect(saving).not.toBeNull();
    const { lastFrame } = render(scheduler(view));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('end-of-slice'));
    expect(frame).toContain(`end-of-slice: env ${saving.env} saving, deadline ${saving.deadline}`);
  });

  it('lists pending revocations', async () => {
    const kernel = slicedKernel();
    kernel.run(5000);
    const real = inspect(kernel);
    const view: KernelView = {
      ...real,
      revocations: {
        recent: [],
        pending: [
          {
            id: 4,
            env: 2,
            count: 1,
            frame: 300,
            deadlineUs: 10,
            startedAt: real.cycles,
            deadline: real.cycles + 250,
            outcome: 'pending',
            endedAt: null,
            repossessed: [],
          },
        ],
      },
    };
    const { lastFrame } = render(scheduler(view));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('revocation 4'));
    expect(frame).toContain(
      `revocation 4: env 2 must give frame 300 by cycle ${real.cycles + 250} (in 250)`,
    );
    expect(frame).toContain('1 revocations pending');
  });

  it('fits a small pane', async () => {
    const kernel = slicedKernel();
    kernel.run(25_000);
    const { lastFrame } = render(scheduler(inspect(kernel), 24, 6));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Sched'));
    expect(overlong(frame, 24)).toEqual([]);
    expect(frame.split('\n')).toHaveLength(6);
  });
});
