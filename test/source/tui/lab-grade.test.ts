// `grade` in the shell (ink-testing-library, the real panes and the real grader): it runs as a
// job while keys still echo, shows each step as it finishes and the report with Score, the lab
// pane follows the grade it records, Ctrl-C cancels it without leaving, and a bad argument is
// one line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterAll, afterEach, expect, test } from 'vitest';
import { Session } from '../../../source/repl/index.ts';
import { App } from '../../../source/tui/App.tsx';
import { PANE_IDS, Panes } from '../../../source/tui/panes/index.tsx';
import { waitForFrame } from './wait-for-frame.ts';

const ALT_7 = '\u001b7';
const CTRL_C = '\u0003';
const scratch = mkdtempSync(join(tmpdir(), 'exolab-tui-grade-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let instance: ReturnType<typeof render> | null = null;
afterEach(() => {
  instance?.unmount();
  instance = null;
});

let folders = 0;
/** The shell on a session whose lab folder holds a fresh lab 1 workspace; lab pane shown. */
async function start() {
  const folder = join(scratch, `f${folders++}`);
  const session = new Session({ memoryBytes: 4 << 20, lab: { folder } });
  requireOk(session.execute('lab start 1').ok);
  instance = render(
    createElement(App, {
      session,
      initialLines: ['welcome'],
      Panes,
      paneIds: [...PANE_IDS],
      columns: 120,
      rows: 40,
    }),
  );
  const { lastFrame, stdin, frames } = instance;
  await waitForFrame(lastFrame, 'welcome');
  stdin.write(ALT_7);
  await waitForFrame(lastFrame, 'Not graded yet');
  /** Whether any frame drawn so far showed `text`. */
  const shown = (text: string) => frames.some((f) => stripVTControlCharacters(f).includes(text));
  return { lastFrame, stdin, session, shown };
}

function requireOk(ok: boolean) {
  if (!ok) throw new Error('lab start 1 failed');
}

test('grade 1: keys echo while it grades, steps as they finish, Score, the lab pane follows', async () => {
  const { lastFrame, stdin, shown } = await start();
  stdin.write('grade 1\r');
  const grading = await waitForFrame(lastFrame, 'grading lab 1: Secure bindings');
  expect(grading).toContain('grade… Ctrl-C cancels');
  // The screen is alive while the grader works: a key typed now is echoed on the line.
  stdin.write('tl');
  await waitForFrame(lastFrame, (f) => f.includes('exo> tl') && !f.includes('Score:'));
  const done = await waitForFrame(lastFrame, /Score: \d+\/27/, 20_000);
  // Steps were said as they finished, before the report (which has scrolled them off since;
  // the last may come in the report's own frame).
  expect(shown('step 1 (genuine): ')).toBe(true);
  const score = /Score: (\d+)\/27/.exec(done)![1];
  // The lab pane polls the workspace marker the grade rewrote.
  const pane = await waitForFrame(lastFrame, `Last grade: ${score}/27`, 5000);
  expect(pane).toContain(`Secure bindings · ${score}/27`);
  // The line typed during the grade is still there, and runs now.
  stdin.write('b\r');
  await waitForFrame(lastFrame, 'exo> tlb');
});

test('Ctrl-C cancels a grade and the shell goes on; a line typed meanwhile is refused as busy', async () => {
  const { lastFrame, stdin } = await start();
  stdin.write('grade\r');
  await waitForFrame(lastFrame, 'grading lab 1');
  stdin.write('envs\r');
  await waitForFrame(lastFrame, 'busy: `envs` not run; Ctrl-C cancels `grade`');
  stdin.write(CTRL_C);
  const frame = await waitForFrame(lastFrame, 'grade cancelled (Ctrl-C)');
  expect(frame).not.toContain('Score:');
  expect(frame).toContain('Not graded yet');
  stdin.write('lab status\r');
  await waitForFrame(lastFrame, 'Secure bindings: 01-secure-bindings/, not graded');
});

test('a bad argument is one line in the output, nothing graded', async () => {
  const { lastFrame, stdin } = await start();
  stdin.write('grade 1 --step nine\r');
  // (The output area is narrow beside the panes: the line wraps after these words.)
  await waitForFrame(lastFrame, 'grade: lab 1 has no step `nine`; steps:');
  stdin.write('grade 1 --step\r');
  await waitForFrame(lastFrame, 'grade: --step needs S; form: grade [N]');
  expect(lastFrame()).not.toContain('grading lab');
});
