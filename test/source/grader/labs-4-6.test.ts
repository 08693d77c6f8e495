/**
 * What labs 4–6 rely on beyond the checks every lab gets (labs.test.ts): labs 5's and 6's
 * hidden instructor tests grade and stay hidden (and out of student packs), lab 5's student-facing
 * opcode table matches the kernel's, lab 6's LRU cycle thresholds are what the baseline kernel
 * really takes, and the private ExOS pager method lab 6's harness replaces still exists.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OPS } from '../../../kernel/filter/index.ts';
import { ExosPager } from '../../../kernel/libos/paging.ts';
import { OPCODES } from '../../../labs/05-filter-verifier/lab-types.ts';
import { runWithLru } from '../../../labs/06-paging-policy/tests/plug.ts';
import { LRU_CYCLES } from '../../../labs/06-paging-policy/tests/policy.lab.ts';
import { PHASES, SCAN } from '../../../labs/06-paging-policy/tests/workloads.ts';
import { toGradescope } from '../../../source/grader/gradescope.ts';
import { findLab } from '../../../source/grader/labs.ts';
import { packStudent } from '../../../source/grader/pack.ts';
import { grade } from '../../../source/grader/runner.ts';

const scratch = mkdtempSync(join(tmpdir(), 'exolab-labs46-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('lab 5 hidden tests', () => {
  const lab = findLab('5');

  it('grade with --tests: the solution passes them too, and they are hidden', async () => {
    const report = await grade(lab, {
      studentDir: join(lab.dir, 'solution'),
      hiddenTests: join(lab.dir, 'hidden'),
      typeCheck: false,
    });
    expect(report.labErrors).toEqual([]);
    const hidden = report.steps.flatMap((s) => s.tests).filter((t) => t.hidden);
    expect(hidden.map((t) => [t.name, t.status])).toEqual([
      ['hidden-edge-cases', 'passed'],
      ['hidden-corpus', 'passed'],
    ]);
    expect(report.score).toBe(report.maxScore);
    const json = toGradescope(report);
    expect(json.tests.filter((t) => t.visibility === 'hidden')).toHaveLength(2);
  });

  it('never go into a student pack (nor do solutions)', () => {
    const out = join(scratch, 'pack');
    packStudent(out);
    const packed = join(out, 'labs', '05-filter-verifier');
    expect(existsSync(join(packed, 'tests', 'corpus.ts'))).toBe(true);
    expect(existsSync(join(packed, 'hidden'))).toBe(false);
    expect(existsSync(join(packed, 'solution'))).toBe(false);
  });
});

describe('lab 5 bytecode table', () => {
  it("lists exactly the kernel's opcodes, with their operand kinds and widths", () => {
    const kind = (operand: string) =>
      ({ target: 'jump', 'cond-k': 'cond', 'cond-x': 'cond' })[operand] ?? operand;
    const kernel = Object.fromEntries(
      OPS.map((o) => [o.op, { name: o.mnemonic, operand: kind(o.operand), width: o.width }]),
    );
    const lab = Object.fromEntries(
      Object.entries(OPCODES).map(([op, s]) => [
        op,
        { name: s.name, operand: s.operand, width: s.width },
      ]),
    );
    expect(lab).toEqual(kernel);
  });
});

describe('lab 6 hidden tests', () => {
  it('grade with --tests: the solution passes the other sizes too', async () => {
    const lab = findLab('6');
    const report = await grade(lab, {
      studentDir: join(lab.dir, 'solution'),
      hiddenTests: join(lab.dir, 'hidden'),
      typeCheck: false,
    });
    const hidden = report.steps.flatMap((s) => s.tests).filter((t) => t.hidden);
    expect(hidden.map((t) => [t.name, t.status])).toEqual([
      ['hidden-other-scan', 'passed'],
      ['hidden-three-phases', 'passed'],
    ]);
    expect(report.score).toBe(report.maxScore);
  });
});

describe('lab 6 harness', () => {
  it('uses LRU thresholds the baseline kernel really takes (re-measured)', () => {
    expect(runWithLru('scan.s', SCAN).cycles).toBe(LRU_CYCLES.scan);
    expect(runWithLru('phases.s', PHASES).cycles).toBe(LRU_CYCLES.phases);
  });

  it('replaces a victim-choice method ExOS still has', () => {
    expect(typeof (ExosPager.prototype as unknown as { choose: unknown }).choose).toBe('function');
  });
});
