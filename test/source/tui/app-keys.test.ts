// The TUI's newer keys through ink-testing-library (source/tui/App.tsx): Ctrl-R history search,
// quit confirmation, back (F7) and step (F8), pane focus and zoom. Each test writes keys and
// waits for the frame it expects.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Text } from 'ink';
import { createElement, useEffect } from 'react';
import { afterEach, expect, test } from 'vitest';
import { bootDemo, WELCOME } from '../../../source/tui/boot.ts';
import { PANE_IDS, Panes } from '../../../source/tui/panes/index.tsx';
import type { PanesProps } from '../../../source/tui/panes-slot.ts';
import { keys, startApp, stopApp } from './app-harness.ts';
import { waitForFrame } from './wait-for-frame.ts';

const ENTER = '\r';
const ESCAPE = '\u001b';
const CTRL_R = '\u0012';
const CTRL_G = '\u0007';
const F6 = '\u001b[17~';
const F7 = '\u001b[18~';
const F8 = '\u001b[19~';
const SHIFT_TAB = '\u001b[Z';

afterEach(stopApp);

test('Ctrl-R finds an earlier line as it is typed; Ctrl-R again goes further; Enter runs it', async () => {
  const { lastFrame, stdin } = startApp({
    history: ['mem 0x1000 16', 'envs', 'mem 0x2000 16', 'tlb'],
  });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, CTRL_R);
  await waitForFrame(lastFrame, "(reverse-i-search)`':");
  await keys(stdin, 'm', 'e');
  await waitForFrame(lastFrame, "(reverse-i-search)`me': mem 0x2000 16");
  await keys(stdin, CTRL_R);
  await waitForFrame(lastFrame, "(reverse-i-search)`me': mem 0x1000 16");
  await keys(stdin, CTRL_R);
  await waitForFrame(lastFrame, "(failed reverse-i-search)`me': mem 0x1000 16");
  await keys(stdin, ENTER);
  await waitForFrame(lastFrame, /demo> mem 0x1000 16\n/);
});

test('Escape and Ctrl-G cancel a search and give back the line being typed', async () => {
  const { lastFrame, stdin } = startApp({ history: ['tlb'] });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'en', CTRL_R, 't');
  await waitForFrame(lastFrame, "`t': tlb");
  await keys(stdin, ESCAPE);
  await waitForFrame(lastFrame, /^demo> en$/m);
  await keys(stdin, CTRL_R, 'tl', CTRL_G);
  await waitForFrame(lastFrame, /^demo> en$/m);
});

/** Stand-in panes that note when the app is torn down (it left). */
const left = { value: false };
function LeaveWatcher(props: PanesProps) {
  useEffect(
    () => () => {
      left.value = true;
    },
    [],
  );
  return createElement(Text, null, `PANES ${props.view.cycles} cycles focus ${props.focused}`);
}

/** A fresh folder for state files. */
function folder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'exolab-tui-'));
}

test('quit with nothing changed since boot leaves at once', async () => {
  left.value = false;
  const { lastFrame, stdin } = startApp({ Panes: LeaveWatcher });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'quit', ENTER);
  await expect.poll(() => left.value).toBe(true);
});

test('after a change, Ctrl-D asks; n stays, s saves the state to a new file and leaves', async () => {
  left.value = false;
  const dir = folder();
  const file = path.join(dir, 'exolab-session.state');
  const { lastFrame, stdin, session } = startApp({ Panes: LeaveWatcher, stateFile: () => file });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'step 5', ENTER);
  await waitForFrame(lastFrame, /stopped after \d+ cycles/);
  await keys(stdin, '\u0004');
  await waitForFrame(lastFrame, `leave? s: save to ${file}`);
  await waitForFrame(lastFrame, /leave exolab\? 1 command changed the machine/);
  await keys(stdin, 'n');
  await waitForFrame(lastFrame, /staying\n/);
  expect(left.value).toBe(false);
  await keys(stdin, 'exit', ENTER);
  await waitForFrame(lastFrame, 'leave? s: save');
  await keys(stdin, 's');
  await expect.poll(() => left.value).toBe(true);
  // The file restores to the same machine.
  const again = bootDemo().session;
  const restored = again.execute(`restore ${JSON.stringify(file)}`);
  expect(restored.lines).toContain('the machine is identical to the one saved');
  expect(again.steps).toBe(session.steps);
});

test('y leaves without saving; Escape stays', async () => {
  left.value = false;
  const file = path.join(folder(), 'x.state');
  const { lastFrame, stdin } = startApp({ Panes: LeaveWatcher, stateFile: () => file });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'step', ENTER, 'quit', ENTER);
  await waitForFrame(lastFrame, 'leave? s: save');
  await keys(stdin, ESCAPE);
  await waitForFrame(lastFrame, /staying\n/);
  await keys(stdin, 'quit', ENTER);
  await waitForFrame(lastFrame, 'leave? s: save');
  await keys(stdin, 'y');
  await expect.poll(() => left.value).toBe(true);
  expect(fs.existsSync(file)).toBe(false);
});

test('F8 steps and F7 goes back a step, exactly', async () => {
  const { lastFrame, stdin, session } = startApp();
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, F8, F8, F8);
  await expect.poll(() => session.steps).toBe(3);
  const at2 = bootDemo().session;
  at2.execute('step 2');
  await keys(stdin, F7);
  await waitForFrame(lastFrame, /back 1 step: now at step 2 \(replayed \d+ lines/);
  await waitForFrame(lastFrame, /│ env 1 demo │ step 2 │ \? help/);
  expect(session.kernel.machine.cpu.pc).toBe(at2.kernel.machine.cpu.pc);
  expect(session.kernel.cycles).toBe(at2.kernel.cycles);
});

test('F6 and Shift-Tab move the keyboard through the panes; Escape gives it back', async () => {
  const { lastFrame, stdin } = startApp({ Panes: LeaveWatcher, paneIds: ['memory', 'tlb'] });
  await waitForFrame(lastFrame, 'focus null');
  await keys(stdin, F6);
  await waitForFrame(lastFrame, 'focus memory');
  await waitForFrame(lastFrame, /\[memory\] .* z zoom .* Esc back/);
  await keys(stdin, F6);
  await waitForFrame(lastFrame, 'focus tlb');
  // Letters do not reach the line while a pane has the keyboard.
  await keys(stdin, 'x');
  await keys(stdin, SHIFT_TAB);
  await waitForFrame(lastFrame, 'focus memory');
  await keys(stdin, ESCAPE);
  await waitForFrame(lastFrame, 'focus null');
  await waitForFrame(lastFrame, /^demo>\s*$/m);
  await keys(stdin, F6, SHIFT_TAB, SHIFT_TAB);
  await waitForFrame(lastFrame, 'focus tlb');
});

test('z zooms the focused pane over the whole screen and back; the log filters by k and e', async () => {
  const { lastFrame, stdin } = startApp({ Panes, paneIds: [...PANE_IDS], columns: 100, rows: 40 });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'run 200000', ENTER);
  await waitForFrame(lastFrame, /stopped after \d+ cycles/);
  for (let i = 0; i < 6; i++) await keys(stdin, F6);
  let frame = await waitForFrame(lastFrame, /\[log\]/);
  expect(frame).toContain(WELCOME);
  await keys(stdin, 'z');
  frame = await waitForFrame(lastFrame, /z unzoom/);
  // The output area is gone; the log fills the body (39 rows less the line and the status).
  expect(frame).not.toContain(WELCOME);
  expect(
    frame.split('\n').filter((l) => /^\s*║?\s*\d+ \w+\s+(\d+| k) /.test(l)).length,
  ).toBeGreaterThan(20);
  await keys(stdin, 'k');
  frame = await waitForFrame(lastFrame, /\(kind \w+\)/);
  const kind = /\(kind (\w+)\)/.exec(frame)?.[1];
  await keys(stdin, 'e');
  await waitForFrame(lastFrame, new RegExp(`\\(kind ${kind}, env -?\\d+\\)`));
  await keys(stdin, 'a');
  await waitForFrame(lastFrame, (f) => !/\(kind /.test(f));
  await keys(stdin, ESCAPE);
  frame = await waitForFrame(lastFrame, /z zoom/);
  expect(frame).toContain(WELCOME);
  await keys(stdin, ESCAPE);
  await waitForFrame(lastFrame, /^demo>\s*$/m);
});

test('at 80×24 the help overlay scrolls with the arrows and PageDown to its last rows', async () => {
  const { lastFrame, stdin } = startApp({ columns: 80, rows: 24 });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, '?');
  let frame = await waitForFrame(lastFrame, /more rows below/);
  expect(frame).not.toContain('Commands: type `help`');
  await keys(stdin, '\u001b[6~', '\u001b[6~');
  frame = await waitForFrame(lastFrame, 'Commands: type `help`');
  expect(frame).toContain('k / e / a (log pane)');
  await keys(stdin, '\u001b[A');
  await waitForFrame(lastFrame, (f) => !f.includes('Commands: type `help`'));
});

test('a focused memory pane moves its hex view with the arrows; the output does not scroll', async () => {
  const { lastFrame, stdin } = startApp({ Panes, paneIds: [...PANE_IDS], columns: 100, rows: 40 });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, F6);
  const first = await waitForFrame(lastFrame, /Memory .* at ([0-9a-f]+)/);
  const at = Number.parseInt(/Memory .* at ([0-9a-f]+)/.exec(first)?.[1] ?? '', 16);
  await keys(stdin, '\u001b[B', '\u001b[B');
  const moved = await waitForFrame(lastFrame, (f) => {
    const now = /Memory .* at ([0-9a-f]+)/.exec(f)?.[1];
    return now !== undefined && Number.parseInt(now, 16) > at;
  });
  expect(moved).not.toContain('more rows below');
  await keys(stdin, '\u001b[5~');
  const paged = await waitForFrame(lastFrame, /\[memory\]/);
  expect(paged).not.toContain('more rows below');
});
