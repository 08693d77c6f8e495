/**
 * Every lab in labs/: the manifest validates, the starter scores less than full marks, the
 * reference solution full marks, grading twice gives the same report, and a solution that
 * loops forever or throws is reported as such (not a hang, not a grader crash).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLab } from '../../../source/grader/lab-check.ts';
import { findLab } from '../../../source/grader/labs.ts';
import { maxPoints } from '../../../source/grader/manifest.ts';
import { grade } from '../../../source/grader/runner.ts';

/** Each lab, and where to break its solution: a line of the student file to put a bug before. */
const LABS = [
  { n: '1', file: 'bindings.ts', at: "  if (cap.kind !== 'frame'", step: 'genuine' },
  { n: '2', file: 'fault.ts', at: '  const page = vaddr & ~(PAGE_SIZE - 1);', step: 'lookup' },
  { n: '3', file: 'revoke.ts', at: '  for (const page of victims', step: 'comply' },
  { n: '4', file: 'abort.ts', at: '  if (s.givenBack && s.now <= s.deadline)', step: 'deadline' },
  { n: '5', file: 'verifier.ts', at: '  if (program.length === 0)', step: 'wellformed' },
  { n: '6', file: 'policy.ts', at: "    if (advice === 'cyclic')", step: 'cyclic' },
];

const scratch = mkdtempSync(join(tmpdir(), 'exolab-labs-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the solution with `bug` inserted before the line starting `at`. */
function broken(labDir: string, file: string, at: string, bug: string, name: string): string {
  const dir = join(scratch, name);
  cpSync(join(labDir, 'solution'), dir, { recursive: true });
  const text = readFileSync(join(dir, file), 'utf8');
  expect(text).toContain(at);
  writeFileSync(join(dir, file), text.replace(at, `${bug}\n${at}`));
  return dir;
}

describe.each(LABS)('lab $n', ({ n, file, at, step }) => {
  const lab = findLab(n);
  const total = maxPoints(lab.manifest);

  it('has a manifest that validates and at least three graded steps', async () => {
    const result = await checkLab(lab.dir, 'static');
    expect(result.errors).toEqual([]);
    expect(lab.manifest.steps.length).toBeGreaterThanOrEqual(3);
  });

  it('gives the starter less than full marks and the solution full marks, the same each time', async () => {
    const starter = await grade(lab, { studentDir: join(lab.dir, 'starter') });
    expect(starter.compileErrors).toEqual([]);
    expect(starter.score).toBeLessThan(total);
    const first = await grade(lab, { studentDir: join(lab.dir, 'solution') });
    expect(first.compileErrors).toEqual([]);
    expect(first.labErrors).toEqual([]);
    expect(first.score).toBe(total);
    const second = await grade(lab, { studentDir: join(lab.dir, 'solution'), typeCheck: false });
    expect(second).toEqual(first);
  });

  it('reports an infinite loop in the student code and goes on with the other tests', async () => {
    const dir = broken(lab.dir, file, at, 'for (;;) {}', `loop-${n}`);
    const report = await grade(lab, {
      studentDir: dir,
      step,
      typeCheck: false,
      limits: { wallSeconds: 0.5 },
    });
    const tests = report.steps.flatMap((s) => s.tests);
    expect(tests.length).toBeGreaterThan(0);
    const timedOut = tests.filter((t) => t.status === 'timeout');
    expect(timedOut.length).toBeGreaterThan(0);
    expect(timedOut[0].message).toMatch(/^your .+ did not return within 0\.5 s/);
    expect(report.score).toBeLessThan(report.maxScore);
  });

  it('reports a throw in the student code with its own line', async () => {
    const dir = broken(lab.dir, file, at, "  throw new RangeError('student bug');", `throw-${n}`);
    const report = await grade(lab, { studentDir: dir, step, typeCheck: false });
    const failed = report.steps.flatMap((s) => s.tests).filter((t) => t.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].message).toMatch(/^your .+ threw RangeError: student bug/);
    expect(failed[0].message).toMatch(new RegExp(`${file.replace('.', '\\.')}:\\d+:\\d+`));
  });
});
