// `exolab script` runs the lab commands too, each line to its end: a `grade` finishes (its
// report and Score printed) before the next line runs, and a failed grade line stops the script.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { exolabWorkspace } from '../run-exolab.ts';

const ws = exolabWorkspace('exolab-lab-script-');

test('lab start, grade (to completion) and lab status in a script', () => {
  const r = ws.exolab(['script', '-'], 'lab start 1\ngrade 1\nlab status\n! grade 1 --step nine\n');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const out = r.stdout;
  expect(out).toContain('exo> lab start 1\nLab 1: Secure bindings\n');
  const score = /\nScore: (\d+)\/27\n/.exec(out)?.[1];
  expect(score).toBeDefined();
  // The grade ended and was recorded before `lab status` ran.
  expect(out.indexOf('exo> lab status')).toBeGreaterThan(out.indexOf('Score: '));
  expect(out).toContain(` 1  Secure bindings: 01-secure-bindings/, last grade ${score}/27 (`);
  expect(out).toContain('grade: lab 1 has no step `nine`');
  expect(existsSync(join(ws.dir, '01-secure-bindings', '.exolab-lab.json'))).toBe(true);
});
