/**
 * The grader's sandbox mode (process-runner.ts, the lab server's way of grading): the tests run
 * in a child process under Node's permission model, and the report is the same as from a worker
 * thread — full marks for every lab's solution, the same messages, an infinite loop stopped
 * naming the student's function, a throw with its own line (source maps still work), a
 * process.exit reported, and a spawn refused.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLab } from '../../../source/grader/labs.ts';
import { grade } from '../../../source/grader/runner.ts';

const scratch = mkdtempSync(join(tmpdir(), 'exolab-sandbox-grade-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(['1', '2', '3', '4', '5', '6'])('lab %s', (n) => {
  it('gives the solution the same report in a sandboxed process as in a worker', async () => {
    const lab = findLab(n);
    const studentDir = join(lab.dir, 'solution');
    const inWorker = await grade(lab, { studentDir, typeCheck: false });
    const inProcess = await grade(lab, { studentDir, typeCheck: false, sandbox: true });
    expect(inProcess).toEqual(inWorker);
    expect(inProcess.score).toBe(inProcess.maxScore);
  });
});

describe('lab 1 in a sandboxed process', () => {
  const lab = findLab('1');
  const at = "  if (cap.kind !== 'frame'";

  /** The solution with `bug` put before the capability check. */
  function broken(bug: string, name: string): string {
    const dir = join(scratch, name);
    cpSync(join(lab.dir, 'solution'), dir, { recursive: true });
    const text = readFileSync(join(dir, 'bindings.ts'), 'utf8');
    expect(text).toContain(at);
    writeFileSync(join(dir, 'bindings.ts'), text.replace(at, `${bug}\n${at}`));
    return dir;
  }

  const run = (studentDir: string) =>
    grade(lab, {
      studentDir,
      step: 'genuine',
      typeCheck: false,
      sandbox: true,
      limits: { wallSeconds: 0.5 },
    });
  const tests = (r: Awaited<ReturnType<typeof run>>) => r.steps.flatMap((s) => s.tests);

  it('stops an infinite loop, names the student function, and goes on', async () => {
    const r = await run(broken('  for (;;) {}', 'loop'));
    const all = tests(r);
    expect(all.map((t) => t.status)).toEqual(['timeout', 'timeout']);
    expect(all[0].message).toMatch(
      /^your capability check \(checkCapability\) did not return within 0\.5 s/,
    );
  });

  it('reports a throw with the student line', async () => {
    const r = await run(broken("  throw new RangeError('student bug');", 'throw'));
    const [first] = tests(r);
    expect(first.status).toBe('failed');
    expect(first.message).toMatch(/^your .+ threw RangeError: student bug/);
    expect(first.message).toMatch(/bindings\.ts:\d+:\d+/);
  });

  it('reports process.exit and a refused spawn', async () => {
    const exit = tests(await run(broken('  (globalThis as any).process.exit(3);', 'exit')));
    expect(exit[0].status).toBe('crashed');
    expect(exit[0].message).toMatch(/exit status 3\): do not call process\.exit/);
    const spawn = tests(
      await run(
        broken(
          "  (globalThis as any).process.getBuiltinModule('node:child_process').spawnSync('true');",
          'spawn',
        ),
      ),
    );
    expect(spawn[0].status).toBe('failed');
    expect(spawn[0].message).toMatch(/ERR_ACCESS_DENIED|Access to this API has been restricted/);
  });
});
