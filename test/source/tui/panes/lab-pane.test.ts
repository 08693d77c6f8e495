/**
 * The lab pane: it reads the student's lab workspace (made by the grader's own startLab, graded
 * with recordGrade as `exolab grade` does), picks the step to work on, shows its instructions
 * from the README, its hint and the last grade per step, follows a new grade on its own, and
 * takes the log's place in the grid when chosen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { inspect } from '../../../../kernel/exo/inspector.ts';
import { findLab } from '../../../../source/grader/labs.ts';
import type { GradeReport } from '../../../../source/grader/results.ts';
import { readState, recordGrade, startLab } from '../../../../source/grader/workspace.ts';
import {
  LabPane,
  type LabPaneState,
  layoutPanes,
  Panes,
  readLabPane,
  readmeSteps,
} from '../../../../source/tui/panes/index.tsx';
import { useLabStatus } from '../../../../source/tui/panes/use-lab-status.ts';
import { overlong, twoEnvKernel, waitForFrame } from './kernels.ts';
import { renderWide } from './render-wide.ts';

const scratch = mkdtempSync(join(tmpdir(), 'exolab-lab-pane-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A workspace for lab 1 in a fresh folder, as `exolab lab start 1 --dir` makes it. */
function workspace(name: string): string {
  return startLab(findLab('1'), join(scratch, name), false).dir;
}

/** Records a grade of lab 1 with the given points per step, as `exolab grade` does. */
function graded(dir: string, points: number[]): void {
  const lab = findLab('1');
  const steps = lab.manifest.steps.map((s, i) => ({
    id: s.id,
    number: i + 1,
    title: s.title,
    hint: s.hint,
    points: points[i]!,
    maxPoints: s.tests.reduce((n, t) => n + t.points, 0),
    tests: [],
  }));
  const report: GradeReport = {
    lab: { number: 1, id: lab.id, title: lab.manifest.title },
    compileErrors: [],
    labErrors: [],
    steps,
    score: points.reduce((a, b) => a + b, 0),
    maxScore: steps.reduce((n, s) => n + s.maxPoints, 0),
  };
  recordGrade({ dir, state: readState(dir)! }, report);
}

/** The lab pane fed by the hook the shell uses, for the workspace in `dir`. */
function Live({ dir }: { dir: string }) {
  return createElement(LabPane, { lab: useLabStatus(dir), width: 80, height: 30 });
}

describe('lab pane state', () => {
  it("reads each numbered step's paragraph from a lab README", () => {
    const steps = readmeSteps(
      '# Lab\n\n## Steps\n\n1. **One** (2 points). Do\n   this.\n2. **Two** (3 points). Then\n   that.\n\n## Hints\n\n- x\n',
    );
    expect([...steps]).toEqual([
      [1, '**One** (2 points). Do this.'],
      [2, '**Two** (3 points). Then that.'],
    ]);
  });

  it('starts at step 1, then follows the first step without full marks', () => {
    const dir = workspace('follow');
    const fresh = readLabPane(dir);
    expect(fresh.kind === 'lab' && [fresh.current, fresh.lastGrade]).toEqual([0, null]);
    graded(dir, [6, 3, 0, 0]);
    const after = readLabPane(join(dir));
    if (after.kind !== 'lab') throw new Error('no lab');
    expect(after.current).toBe(1);
    expect(after.instructions).toMatch(/^\*\*Stale capabilities .* \(8 points\)\. A genuine/);
    expect(after.hint).toMatch(/epochOf/);
    expect(after.steps.map((s) => s.points)).toEqual([6, 3, 0, 0]);
    graded(dir, [6, 8, 7, 6]);
    const done = readLabPane(dir);
    expect(done.kind === 'lab' && done.current).toBe(null);
  });

  it('says how to start a lab where there is none', () => {
    const none = readLabPane(mkdtempSync(join(scratch, 'empty-')));
    expect(none.kind).toBe('none');
    expect(none.kind === 'none' && none.labs[0]).toBe('1 Secure bindings');
  });
});

describe('LabPane', () => {
  it('shows the step, its instructions and hint, and the last grade at 80×24', async () => {
    const dir = workspace('render');
    graded(dir, [6, 3, 0, 0]);
    const lab = readLabPane(dir);
    const { lastFrame, unmount } = render(
      createElement(LabPane, { lab, width: 80, height: 23, focused: false }),
    );
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Last grade'));
    expect(frame).toContain('Lab  1 Secure bindings · 9/27');
    expect(frame).toContain('Step 2/4: Stale capabilities and too-wide rights are refused');
    expect(frame).toContain('Hint: After the MAC');
    expect(frame).toContain('Last grade: 9/27');
    expect(frame).toMatch(/✓ 1 +6\/6 +Only genuine/);
    expect(frame).toMatch(/✗ 2 +3\/8 +Stale/);
    expect(overlong(frame, 80)).toEqual([]);
    unmount();
  });

  it('follows a new grade written while it is on screen', async () => {
    const dir = workspace('live');
    const { lastFrame, unmount } = render(createElement(Live, { dir }));
    await waitForFrame(lastFrame, (f) => f.includes('Not graded yet'));
    graded(dir, [6, 8, 2, 0]);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('Last grade: 16/27'), 5000);
    expect(frame).toContain('Step 3/4: The STLB answers TLB misses');
    unmount();
  });

  it("takes the log's place in the grid when chosen, and is the 7th tab", async () => {
    expect(layoutPanes(200, 60, { selected: 'lab' }).placements.map((p) => p.id)).toEqual([
      'memory',
      'tlb',
      'scheduler',
      'envs',
      'registers',
      'lab',
    ]);
    const kernel = twoEnvKernel();
    const lab: LabPaneState = { kind: 'none', labs: ['1 Secure bindings'] };
    const { lastFrame, unmount } = renderWide(
      createElement(
        Box,
        null,
        createElement(Panes, {
          view: inspect(kernel),
          kernel,
          width: 200,
          height: 60,
          focused: 'lab',
          lab,
        }),
      ),
      200,
      60,
    );
    const frame = await waitForFrame(lastFrame, (f) => f.includes('No lab workspace here'));
    expect(frame).toContain('║Lab');
    expect(frame).not.toContain('│Log');
    unmount();
    const small = render(
      createElement(Panes, {
        view: inspect(kernel),
        kernel,
        width: 80,
        height: 24,
        selected: 'lab',
        lab,
      }),
    );
    expect(await waitForFrame(small.lastFrame, (f) => f.includes('[7 Lab]'))).toContain(
      'exolab lab start N',
    );
    small.unmount();
  });
});
