// The TUI's pure helpers: Tab completion's effect on the line, the layout of the screen, the
// status bar's emulated time, the app reducer's scrolling, and the lines shown for an outcome.
import { describe, expect, test } from 'vitest';
import { appReducer, initialApp } from '../../../source/tui/app-state.ts';
import { commonPrefix, tab } from '../../../source/tui/completion.ts';
import { emulatedTime } from '../../../source/tui/emulated-time.ts';
import { layout } from '../../../source/tui/layout.ts';
import { outcomeLines } from '../../../source/tui/outcome-lines.ts';
import { lastRows, wrapLine } from '../../../source/tui/wrap.ts';

describe('tab', () => {
  const completion = (candidates: string[], start = 0) => ({
    start,
    candidates,
    kind: 'command' as const,
  });

  test('one candidate completes the word and adds a space', () => {
    expect(tab('he', 2, completion(['help']), false)).toEqual({
      replace: { start: 0, text: 'help ' },
    });
  });

  test('several extend to their common prefix, then a second Tab lists them', () => {
    expect(tab('en', 2, completion(['env_exit', 'env_self']), false)).toEqual({
      replace: { start: 0, text: 'env_' },
    });
    expect(tab('env_', 4, completion(['env_exit', 'env_self']), false)).toEqual({});
    expect(tab('env_', 4, completion(['env_exit', 'env_self']), true)).toEqual({
      list: ['env_exit', 'env_self'],
    });
    expect(tab('zz', 2, completion([]), true)).toEqual({});
    expect(commonPrefix(['abc', 'abd', 'ab'])).toBe('ab');
  });
});

describe('layout', () => {
  test('uses rows - 1 and leaves a row each for the REPL line and the status bar', () => {
    const l = layout(100, 30);
    expect(l.screen).toEqual({ width: 100, height: 29 });
    expect(l.body.height).toBe(27);
    expect(l.direction).toBe('column');
    expect((l.panes?.height ?? 0) + (l.output?.height ?? 0)).toBe(27);
  });

  test('puts the panes beside the output when wide, and leaves them out when short', () => {
    const wide = layout(200, 60);
    expect(wide.direction).toBe('row');
    expect((wide.output?.width ?? 0) + (wide.panes?.width ?? 0)).toBe(200);
    expect(layout(80, 10).panes).toBeNull();
  });
});

test('emulated time at 25 MHz in µs, ms and s', () => {
  expect(emulatedTime(0)).toBe('0.00 µs');
  expect(emulatedTime(1000)).toBe('40.0 µs');
  expect(emulatedTime(25_000)).toBe('1.000 ms');
  expect(emulatedTime(50_000_000)).toBe('2.000 s');
});

test('scrolling stays between the newest line and the oldest page', () => {
  let s = initialApp(Array.from({ length: 30 }, (_, i) => `line ${i}`));
  s = appReducer(s, { type: 'scroll', by: 100, max: 20 });
  expect(s.scroll).toBe(20);
  s = appReducer(s, { type: 'scroll', by: -5, max: 20 });
  expect(s.scroll).toBe(15);
  s = appReducer(s, { type: 'scroll', by: -50, max: 20 });
  expect(s.scroll).toBe(0);
  s = appReducer(s, { type: 'scroll', by: 15, max: 20 });
  s = appReducer(s, { type: 'output', lines: ['new'] });
  expect(s.scroll).toBe(0);
});

test('an outcome shows its lines, then its error', () => {
  const base = { command: 'x', expectFail: false, lines: ['a'] };
  expect(outcomeLines({ ...base, ok: true })).toEqual(['a']);
  expect(outcomeLines({ ...base, ok: false, error: 'x: bad' })).toEqual(['a', 'x: bad']);
  expect(outcomeLines({ ...base, ok: true, expectFail: true, error: 'x: no' })).toEqual([
    'a',
    'x: no   (refused, as expected)',
  ]);
});

describe('wrap', () => {
  test('a long line breaks at the last space that fits, else at the width', () => {
    expect(wrapLine('load NAME FILE loads a program', 12)).toEqual([
      'load NAME',
      'FILE loads a',
      'program',
    ]);
    expect(wrapLine('0123456789abc', 5)).toEqual(['01234', '56789', 'abc']);
    expect(wrapLine('', 5)).toEqual(['']);
    expect(wrapLine('    runs COMMAND, which must fail', 16)).toEqual([
      '    runs',
      '    COMMAND,',
      '    which must',
      '    fail',
    ]);
  });

  test('the last rows, skipping some from the bottom', () => {
    const lines = ['aaaa bbbb', 'c', 'dddd eeee'];
    expect(lastRows(lines, 4, 2, 0).rows).toEqual(['dddd', 'eeee']);
    expect(lastRows(lines, 4, 2, 1)).toMatchObject({ rows: ['c', 'dddd'], below: 1 });
    expect(lastRows(lines, 4, 10, 0).rows).toHaveLength(5);
  });
});
