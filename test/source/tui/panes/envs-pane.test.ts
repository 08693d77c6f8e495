/**
 * The environments pane over real snapshots: names, states, ASIDs and counts while running,
 * the exit code once a program exits, and pending revocations and repossessions from the view.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { inspect, type KernelView } from '../../../../kernel/exo/inspector.ts';
import { EnvsPane, envStatus } from '../../../../source/tui/panes/index.tsx';
import { overlong, spinningKernel, twoEnvKernel, waitForFrame } from './kernels.ts';

const envs = (view: KernelView, width = 80, height = 24) =>
  createElement(EnvsPane, { view, width, height });

describe('EnvsPane', () => {
  it('shows each environment with its state, ASID, frames, bindings and pc', async () => {
    const kernel = twoEnvKernel();
    kernel.run(20_000);
    const view = inspect(kernel);
    const { lastFrame } = render(envs(view));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('second'));
    expect(frame).toMatch(/>1 test\s+runnable\s+1\s+3\s+0\s+3 00400/);
    expect(frame).toMatch(/2 second\s+runnable\s+2\s+2/);
    expect(frame).toContain('running 1 test');
    expect(overlong(frame, 80)).toEqual([]);
  });

  it("shows 'exited' and the exit code once the program has ended", async () => {
    const kernel = spinningKernel(10);
    kernel.run(100_000);
    const { lastFrame } = render(envs(inspect(kernel)));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('exited'));
    expect(frame).toMatch(/1 test\s+exited.*exit 7/);
  });

  it('says what was repossessed and which revocations are pending', async () => {
    const kernel = spinningKernel();
    kernel.run(20_000);
    const real = inspect(kernel);
    const view: KernelView = {
      ...real,
      envs: real.envs.map((e) => ({ ...e, repossessed: [300, 301] })),
      revocations: {
        pending: [
          {
            id: 1,
            env: 1,
            count: 2,
            frame: null,
            deadlineUs: 50,
            startedAt: real.cycles,
            deadline: real.cycles + 2500,
            outcome: 'pending',
            endedAt: null,
            repossessed: [],
          },
        ],
        recent: [],
      },
    };
    expect(envStatus(view.envs[0], true)).toBe('repossessed [300,301]; revocation pending');
    const { lastFrame } = render(envs(view, 120, 10));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('repossessed'));
    expect(frame).toContain('repossessed [300,301]; revocation pending');
  });

  it('fits a narrow pane', async () => {
    const kernel = twoEnvKernel();
    kernel.run(20_000);
    const { lastFrame } = render(envs(inspect(kernel), 40, 6));
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Environments'));
    expect(overlong(frame, 40)).toEqual([]);
    expect(frame.split('\n')).toHaveLength(6);
  });
});
