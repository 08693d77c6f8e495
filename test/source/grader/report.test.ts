/**
 * The grader's reporting: the text report (per step, per test, expected/got, events, hint,
 * `Score: T/P`), Gradescope's results.json shape, and the manifest validator's messages.
 */
import { describe, expect, it } from 'vitest';
import { toGradescope } from '../../../source/grader/gradescope.ts';
import { parseManifest } from '../../../source/grader/manifest.ts';
import { formatReport } from '../../../source/grader/report.ts';
import type { GradeReport } from '../../../source/grader/results.ts';

const REPORT: GradeReport = {
  lab: { number: 9, id: '09-demo', title: 'Demo' },
  compileErrors: [],
  labErrors: [],
  score: 3,
  maxScore: 5,
  steps: [
    {
      id: 'first',
      number: 1,
      title: 'The first step',
      hint: 'look at the epoch',
      points: 3,
      maxPoints: 5,
      tests: [
        {
          name: 'a-passes',
          title: 'it works',
          step: 'first',
          points: 3,
          maxPoints: 3,
          status: 'passed',
          message: '',
          events: [],
          printed: [],
          hidden: false,
        },
        {
          name: 'b-fails',
          title: 'it refuses',
          step: 'first',
          points: 0,
          maxPoints: 2,
          status: 'failed',
          message: 'bind with a stale capability',
          expected: '"E_STALE"',
          actual: '"E_OK"',
          events: ['cycle 5, env 1, bind: 0x10000000 -> frame 256 rw'],
          printed: ['debug: slot 3'],
          hidden: true,
        },
      ],
    },
  ],
};

describe('the text report', () => {
  it('shows each test, what was expected and got, the events, the hint and the score', () => {
    const text = formatReport(REPORT);
    expect(text).toContain('Step 1 (first): The first step  [3/5]');
    expect(text).toMatch(/PASS +a-passes — it works {2}\(3\/3\)/);
    expect(text).toMatch(/FAIL +b-fails \(hidden\) — it refuses {2}\(0\/2\)/);
    expect(text).toContain('expected: "E_STALE"');
    expect(text).toContain('got:      "E_OK"');
    expect(text).toContain('cycle 5, env 1, bind: 0x10000000 -> frame 256 rw');
    expect(text).toContain('hint: look at the epoch');
    expect(text).toContain('your code printed:\n            debug: slot 3');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Score: 3/5');
  });

  it('lists compile errors first and runs no test', () => {
    const text = formatReport({
      ...REPORT,
      compileErrors: ['bindings.ts:3:7: syntax error: Unexpected ";"'],
    });
    expect(text).toContain(
      'Your code does not compile, so no test ran:\n  bindings.ts:3:7: syntax error',
    );
    expect(text).not.toContain('hint:');
  });
});

describe('Gradescope results.json', () => {
  it('has score, max_score and one entry per test with its visibility', () => {
    const json = toGradescope(REPORT);
    expect(json.score).toBe(3);
    expect(json.max_score).toBe(5);
    expect(json.tests.map((t) => [t.name, t.score, t.max_score, t.status, t.visibility])).toEqual([
      ['Step 1 (first): a-passes', 3, 3, 'passed', 'visible'],
      ['Step 1 (first): b-fails', 0, 2, 'failed', 'hidden'],
    ]);
    expect(json.tests[1].output).toContain('expected: "E_STALE"');
    expect(json.tests[1].output).toContain('hint: look at the epoch');
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('the manifest validator', () => {
  const good = {
    format: 1,
    number: 4,
    title: 'T',
    summary: 'S',
    files: ['a.ts'],
    steps: [{ id: 'one', title: 'x', hint: 'h', tests: [{ name: 't1', points: 2 }] }],
  };

  it('accepts a minimal manifest and fills in the default limits', () => {
    const r = parseManifest(good);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.manifest.limits.wallSeconds).toBe(5);
  });

  it('names every problem with the field it is in', () => {
    const r = parseManifest({
      ...good,
      number: 0,
      files: ['../x.ts'],
      colour: 'red',
      steps: [
        { id: 'one', title: 'x', hint: 'h', tests: [{ name: 't1', points: 2 }] },
        { id: 'one', title: '', hint: 'h', tests: [{ name: 't1', points: -1 }] },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'unknown field `colour` (known: format, number, title, summary, files, support, tests, limits, steps)',
      '`number` must be an integer from 1 to 99 (the N of `exolab lab start N`)',
      '`files`: "../x.ts" is not a plain TypeScript file name like "bindings.ts"',
      '`steps[1].id`: "one" is used twice',
      '`steps[1].title` must be a non-empty string',
      '`steps[1].tests[0].points` must be a whole number of points (0 or more)',
      '`steps[1].tests[0]`: test "t1" belongs to more than one step',
    ]);
  });
});
