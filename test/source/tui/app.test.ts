// The TUI (source/tui/App.tsx) through ink-testing-library: keys are written to stdin and the
// test waits for the frame it expects (frames update asynchronously).
import { Text } from 'ink';
import { createElement } from 'react';
import { afterEach, expect, test } from 'vitest';
import { WELCOME } from '../../../source/tui/boot.ts';
import type { PanesProps } from '../../../source/tui/panes-slot.ts';
import { keys, startApp, stopApp } from './app-harness.ts';
import { waitForFrame } from './wait-for-frame.ts';

const ENTER = '\r';
const UP = '\u001b[A';
const ESCAPE = '\u001b';
const F1 = '\u001bOP';

afterEach(stopApp);

test('opens on the demo: welcome, the loaded program, prompt, status bar, panes slot', async () => {
  const { lastFrame } = startApp();
  const frame = await waitForFrame(lastFrame, WELCOME);
  expect(frame).toContain('loaded examples/touch-twice.s into env 1 (demo');
  expect(frame).toMatch(/^demo>$/m);
  expect(frame).toMatch(/0 cycles │ 0\.00 µs │ stopped │ env 1 demo/);
  expect(frame).toContain('panes');
  // rows - 1 high, so Ink does not clear the screen at every frame.
  expect(frame.split('\n')).toHaveLength(29);
});

test('typing `help` and Enter shows the command list', async () => {
  const { lastFrame, stdin } = startApp();
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'h', 'e', 'l', 'p');
  await waitForFrame(lastFrame, 'demo> help');
  await keys(stdin, ENTER);
  const frame = await waitForFrame(lastFrame, 'Session');
  expect(frame).toMatch(/help \[CMD\]/);
  expect(frame).toMatch(/restore FILE/);
});

test('a chunk of keys ending in Enter runs the line (paste, tmux send-keys)', async () => {
  const { lastFrame, stdin } = startApp();
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'envs\r');
  await waitForFrame(lastFrame, /\*\s+1\s+demo\s+runnable/);
});

test('Up recalls the previous line; history given at start is there too', async () => {
  const { lastFrame, stdin } = startApp({ history: ['tlb'] });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'envs', ENTER);
  await waitForFrame(lastFrame, /demo>\s*\n/);
  await keys(stdin, UP);
  await waitForFrame(lastFrame, 'demo> envs');
  await keys(stdin, UP);
  await waitForFrame(lastFrame, 'demo> tlb');
});

test('Tab completes a command; a second Tab lists the candidates', async () => {
  const { lastFrame, stdin } = startApp();
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'he', '\t', 'run');
  await waitForFrame(lastFrame, 'demo> help run');
  await keys(stdin, '\u0015', 'env_', '\t', '\t');
  await waitForFrame(lastFrame, 'env_exit  env_self');
});

test('? and F1 open the help overlay; Escape closes it', async () => {
  const { lastFrame, stdin } = startApp();
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, '?');
  let frame = await waitForFrame(lastFrame, 'Keys (Escape closes)');
  expect(frame).toContain('Ctrl-W');
  expect(frame).toContain('PageUp PageDown');
  await keys(stdin, ESCAPE);
  frame = await waitForFrame(lastFrame, (f) => !f.includes('Keys (Escape closes)'));
  expect(frame).toContain(WELCOME);
  await keys(stdin, F1);
  await waitForFrame(lastFrame, 'Keys (Escape closes)');
});

test('`run 1000` runs and the status bar shows the cycles and the time', async () => {
  const { lastFrame, stdin, session } = startApp();
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'run 1000', ENTER);
  const frame = await waitForFrame(lastFrame, /stopped after \d+ cycles/);
  const cycles = session.kernel.cycles;
  expect(cycles).toBeGreaterThanOrEqual(1000);
  expect(frame).toContain(`${cycles} cycles │ ${(cycles / 25).toFixed(1)} µs │ stopped`);
});

test('Ctrl-C stops a long run without leaving; then it clears the line', async () => {
  const { lastFrame, stdin } = startApp();
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'run 100000000', ENTER);
  await waitForFrame(lastFrame, /running/);
  await keys(stdin, 'ab');
  await waitForFrame(lastFrame, 'demo> ab');
  await keys(stdin, '\u0003');
  await waitForFrame(lastFrame, /interrupted \(Ctrl-C\)/);
  await keys(stdin, '\u0003');
  await waitForFrame(lastFrame, /demo>\s*\n/);
});

test('PageUp scrolls the output back and PageDown returns', async () => {
  const { lastFrame, stdin } = startApp();
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'help', ENTER);
  await waitForFrame(lastFrame, 'Session');
  await keys(stdin, '\u001b[5~');
  await waitForFrame(lastFrame, /more rows below/);
  await keys(stdin, '\u001b[6~', '\u001b[6~', '\u001b[6~', '\u001b[6~', '\u001b[6~', '\u001b[6~');
  await waitForFrame(lastFrame, (f) => !f.includes('more rows below'));
});

/** What the stand-in panes were given, newest last. */
const panesSeen: { width: number; height: number; cycles: number }[] = [];

/** Stands in for source/tui/panes/ to check the contract. */
function StandInPanes({ view, width, height, selected }: PanesProps) {
  panesSeen.push({ width, height, cycles: view.cycles });
  return createElement(Text, null, `PANES ${view.envs.length} envs, showing ${selected ?? '-'}`);
}

test('the panes get a snapshot and their box', async () => {
  const { lastFrame } = startApp({ Panes: StandInPanes });
  await waitForFrame(lastFrame, 'PANES 1 envs');
  expect(panesSeen.at(-1)).toMatchObject({ width: 100, height: 13, cycles: 0 });
});

test('Alt-1…6 choose the pane shown; keys without Alt still type', async () => {
  const { lastFrame, stdin } = startApp({ Panes: StandInPanes, paneIds: ['memory', 'tlb'] });
  await waitForFrame(lastFrame, 'showing -');
  await keys(stdin, '\u001b2');
  await waitForFrame(lastFrame, 'showing tlb');
  await keys(stdin, '\u001b1', '2');
  await waitForFrame(lastFrame, 'showing memory');
  await waitForFrame(lastFrame, /^demo> 2$/m);
  await keys(stdin, '\u001b9');
  await waitForFrame(lastFrame, 'showing memory');
});
