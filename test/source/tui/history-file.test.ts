// The REPL history file (source/tui/history-file.ts): where it is, lines added and read back,
// and a file that cannot be read or written is no reason to fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import {
  appendHistory,
  HISTORY_LINES,
  historyPath,
  readHistory,
} from '../../../source/tui/history-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'exolab-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the file is ~/.exolab/history unless EXOLAB_HISTORY names another or none', () => {
  expect(historyPath({})).toMatch(/\.exolab[\\/]history$/);
  expect(historyPath({ EXOLAB_HISTORY: '/tmp/h' })).toBe('/tmp/h');
  expect(historyPath({ EXOLAB_HISTORY: '' })).toBeNull();
});

test('lines appended are read back, oldest first, blank lines skipped', () => {
  const file = join(dir, 'sub', 'history');
  expect(readHistory(file)).toEqual([]);
  appendHistory(file, 'envs');
  appendHistory(file, '   ');
  appendHistory(file, 'run 1000');
  expect(readHistory(file)).toEqual(['envs', 'run 1000']);
});

test('only the newest lines are read; no file and a bad path are quietly nothing', () => {
  const file = join(dir, 'long');
  for (let i = 0; i < HISTORY_LINES + 5; i++) appendHistory(file, `step ${i}`);
  const lines = readHistory(file);
  expect(lines).toHaveLength(HISTORY_LINES);
  expect(lines.at(-1)).toBe(`step ${HISTORY_LINES + 4}`);
  expect(readHistory(null)).toEqual([]);
  expect(() => appendHistory(join(dir, 'long', 'x'), 'envs')).not.toThrow();
});
