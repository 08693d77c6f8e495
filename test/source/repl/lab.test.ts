// The lab commands of the command language through the Session API: `lab list|start|status|
// submit` and `grade` (a job: progress per step, the report with Score, recorded like
// `exolab grade`, cancelled through the job), their one-line errors in the REPL's style, Tab
// completion of lab numbers and step ids, `help`, and the lab server's limits.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readState } from '../../../source/grader/workspace.ts';
import { complete, Session } from '../../../source/repl/index.ts';

const scratch = mkdtempSync(join(tmpdir(), 'exolab-repl-lab-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let folders = 0;
/** A session whose lab folder is a fresh, empty folder. */
function session(server = false): { s: Session; folder: string } {
  const folder = join(scratch, `f${folders++}`);
  mkdirSync(folder);
  return { s: new Session({ memoryBytes: 4 << 20, lab: { folder, server } }), folder };
}

/** The error of `line`, which must fail. */
function error(s: Session, line: string): string {
  const outcome = s.execute(line);
  expect(outcome.ok, line).toBe(false);
  return outcome.error ?? '';
}

describe('lab list, start, status, submit', () => {
  test('list names every lab with its steps and says how to start one', () => {
    const { s } = session();
    const out = s.execute('lab list');
    expect(out.ok).toBe(true);
    expect(out.lines[0]).toMatch(/^ 1 {2}Secure bindings — .* \(27 points\)$/);
    expect(out.lines).toContain('      1. Only genuine frame capabilities bind');
    expect(out.lines.at(-1)).toBe('Start one with `lab start N`.');
    expect((out.data as { number: number }[]).map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('start copies the starter into the lab folder, never over work; status shows it', () => {
    const { s, folder } = session();
    const out = s.execute('lab start 1');
    expect(out.lines).toEqual([
      'Lab 1: Secure bindings',
      '  01-secure-bindings/ now holds bindings.ts, lab-types.ts, README.md',
      '  edit bindings.ts; read README.md for the steps',
      '  then: grade 1 (the lab pane shows the step to work on)',
    ]);
    expect(existsSync(join(folder, '01-secure-bindings', 'bindings.ts'))).toBe(true);
    expect(error(s, 'lab start 1')).toMatch(
      /^lab: .*01-secure-bindings already holds your work for lab 1 \(bindings.ts\); grade it with `grade 1`, or start over with `lab start 1 --force`/,
    );
    expect(s.execute('lab start 1 --force').ok).toBe(true);
    expect(existsSync(join(folder, '01-secure-bindings', 'bindings.ts.bak'))).toBe(true);
    expect(s.execute('lab start 2 --dir "my lab two"').lines[1]).toBe(
      '  my lab two/ now holds fault.ts, lab-types.ts, README.md',
    );
    const status = s.execute('lab status').lines;
    expect(status[0]).toBe(' 1  Secure bindings: 01-secure-bindings/, not graded yet');
    expect(status[1]).toBe(' 2  The TLB-miss path: my lab two/, not graded yet');
    expect(status[2]).toBe(' 3  Visible revocation: not started (`lab start 3`)');
    // Files, not the machine: never journaled, so `back` and `restore` never copy or grade.
    expect(s.journal).toEqual([]);
  });

  test('submit writes one bundle with a content hash into the lab folder', () => {
    const { s, folder } = session();
    s.execute('lab start 1');
    const out = s.execute('lab submit 1');
    expect(out.lines[0]).toBe('lab01-submission.json: lab 1, bindings.ts, not graded yet');
    expect(out.lines[1]).toMatch(/^ {2}sha256 [0-9a-f]{64}$/);
    const bundle = JSON.parse(readFileSync(join(folder, 'lab01-submission.json'), 'utf8'));
    expect(bundle.files.map((f: { name: string }) => f.name)).toEqual(['bindings.ts']);
  });

  test('bad arguments get one line naming the mistake and the right form', () => {
    const { s } = session();
    const form =
      'form: lab list | lab start N [--dir DIR] [--force] | lab status | lab submit N [--dir DIR] [--out FILE]';
    expect(error(s, 'lab')).toBe(`lab: missing SUB (list, start, status, submit); ${form}`);
    expect(error(s, 'lab stat')).toBe(
      `lab: \`stat\` is not one of list, start, status, submit; ${form}`,
    );
    expect(error(s, 'lab start')).toBe(`lab: start needs a lab number N; ${form}`);
    expect(error(s, 'lab list 3')).toBe(
      `lab: \`lab list\` takes no lab number (got \`3\`); ${form}`,
    );
    expect(error(s, 'lab status --force')).toBe(`lab: \`lab status\` takes no --force; ${form}`);
    expect(error(s, 'lab start 1 --dir')).toBe(`lab: --dir needs DIR; ${form}`);
    expect(error(s, 'lab start 1 --quick')).toBe(`lab: unknown flag \`--quick\`; ${form}`);
    expect(error(s, 'lab start 9')).toMatch(
      /^lab: no lab `9` in .*; labs: 1, 2, 3, 4, 5, 6 \(see `lab list`\)$/,
    );
    expect(error(s, 'lab submit 1')).toBe(
      'lab: no workspace for lab 1 here; start one with `lab start 1`',
    );
  });

  test('a session without a lab folder refuses the lab commands in one line', () => {
    const s = new Session({ memoryBytes: 4 << 20 });
    expect(error(s, 'lab list')).toBe(
      'lab: this session has no lab folder (the shell and `exolab script` have one)',
    );
  });
});

describe('grade, a job', () => {
  test('grades the workspace: a line per step as it finishes, the report, Score, recorded', async () => {
    const { s, folder } = session();
    s.execute('lab start 1');
    const job = s.startJob('grade 1');
    expect(job).not.toBeNull();
    const progress: string[] = [];
    job!.onProgress((lines) => progress.push(...lines));
    const outcome = await job!.outcome;
    expect(outcome.ok).toBe(true);
    expect(progress[0]).toBe('grading lab 1: Secure bindings … (Ctrl-C cancels)');
    // The starter: a step line for each of the four steps, in order, with its points.
    expect(progress.slice(1).map((l) => l.replace(/\d+\/\d+.*/, ''))).toEqual([
      '  step 1 (genuine): ',
      '  step 2 (current): ',
      '  step 3 (stlb): ',
      '  step 4 (revoke): ',
    ]);
    const score = outcome.lines.find((l) => l.startsWith('Score: '));
    expect(score).toMatch(/^Score: \d+\/27$/);
    expect(score).not.toBe('Score: 27/27');
    expect(outcome.lines.at(-1)).toBe(
      'recorded in 01-secure-bindings/.exolab-lab.json: `lab status` and the lab pane show it',
    );
    const state = readState(join(folder, '01-secure-bindings'));
    expect(`Score: ${state?.lastGrade?.score}/${state?.lastGrade?.maxScore}`).toBe(score);
    expect(s.execute('lab status').lines[0]).toContain(`last grade ${score?.slice(7)}`);
    expect(s.journal).toEqual([]);
  });

  test('cancel() stops the grader mid-way (its worker ended); nothing is recorded', async () => {
    const { s, folder } = session();
    s.execute('lab start 1');
    const job = s.startJob('grade')!;
    const progress: string[] = [];
    job.onProgress((lines) => {
      progress.push(...lines);
      // Once the first step is in: the worker is running the second.
      if (progress.length === 2) job.cancel();
    });
    const outcome = await job.outcome;
    expect(progress).toHaveLength(2);
    expect(progress[1]).toMatch(/^ {2}step 1 \(genuine\): /);
    expect(outcome.lines).toEqual([
      'grade cancelled (Ctrl-C): the grader was stopped, nothing recorded',
    ]);
    expect(readState(join(folder, '01-secure-bindings'))?.lastGrade).toBeUndefined();
    expect(job.cancel()).toBe(false);
  });

  test('code with a type error: no step points said, the report names file:line:col', async () => {
    const { s, folder } = session();
    s.execute('lab start 1');
    const file = join(folder, '01-secure-bindings', 'bindings.ts');
    writeFileSync(file, `const wrong: number = 'text';\n${readFileSync(file, 'utf8')}`);
    const job = s.startJob('grade 1')!;
    const progress: string[] = [];
    job.onProgress((lines) => progress.push(...lines));
    const outcome = await job.outcome;
    // Tests ran beside the type check, but none counts: no step line was said.
    expect(progress).toEqual(['grading lab 1: Secure bindings … (Ctrl-C cancels)']);
    expect(outcome.lines).toContain('Your code does not compile, so no test ran:');
    expect(outcome.lines.some((l) => /^ {2}bindings\.ts:1:7: type error TS2322/.test(l))).toBe(
      true,
    );
    expect(outcome.lines).toContain('Score: 0/27');
  });

  test('mistakes are reported before any grading, in the REPL style', async () => {
    const { s } = session();
    const fail = async (line: string) => {
      const outcome = await s.executeToEnd(line);
      expect(outcome.ok, line).toBe(false);
      return outcome.error;
    };
    expect(await fail('grade')).toBe(
      'grade: no lab workspace here; start one with `lab start N` (see `lab list`)',
    );
    s.execute('lab start 1');
    expect(await fail('grade 1 --step zz')).toBe(
      'grade: lab 1 has no step `zz`; steps: 1 (genuine), 2 (current), 3 (stlb), 4 (revoke)',
    );
    expect(await fail('grade 1 --step')).toBe('grade: --step needs S; form: grade [N] [--step S]');
    expect(await fail('grade 1 2')).toBe(
      'grade: unexpected argument `2`; form: grade [N] [--step S]',
    );
    expect(await fail('grade 8')).toMatch(/^grade: no lab `8` in /);
    // A `!` line: the refusal is what was expected.
    const expected = await s.executeToEnd('! grade 8');
    expect(expected.ok).toBe(true);
    // execute() alone cannot wait for a grade, and says so.
    expect(s.execute('grade 1').error).toBe(
      'grade: takes a while: it runs in the shell or a script, not here',
    );
  });
});

describe('completion and help', () => {
  test('Tab completes subcommands, lab numbers, flags and the lab’s step ids', () => {
    const { s } = session();
    s.execute('lab start 3');
    expect(complete(s, 'lab s').candidates).toEqual(['start', 'status', 'submit']);
    expect(complete(s, 'lab start ').candidates).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(complete(s, 'grade ').candidates).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(complete(s, 'grade 1 --s').candidates).toEqual(['--step']);
    // Lab 1's steps when the line names lab 1 …
    expect(complete(s, 'grade 1 --step ').candidates).toEqual(
      ['1', '2', '3', '4', 'current', 'genuine', 'revoke', 'stlb'].sort(),
    );
    expect(complete(s, 'grade 1 --step st').candidates).toEqual(['stlb']);
    // … else the steps of the workspace in the lab folder (lab 3 here).
    const lab3 = complete(s, 'grade --step ').candidates;
    expect(lab3).toContain('1');
    expect(lab3).not.toContain('stlb');
  });

  test('help lists the lab commands under Labs; help grade tells it in full', () => {
    const { s } = session();
    const lines = s.execute('help').lines;
    const at = lines.findIndex((l) => l.startsWith('Labs'));
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at)).toContain(
      '  lab list | lab start N [--dir DIR] [--force] | lab status | lab submit N [--dir DIR] [--out FILE]',
    );
    expect(lines.slice(at)).toContain('  grade [N] [--step S]');
    expect(s.execute('help grade').lines).toContain(
      '  --step  grade one step only (its number or id); not recorded as your grade',
    );
  });
});

describe('on a lab server', () => {
  test('start stays inside the workspace; grade and submit are the server’s own', async () => {
    const { s, folder } = session(true);
    expect(s.execute('lab start 1').ok).toBe(true);
    expect(existsSync(join(folder, '01-secure-bindings'))).toBe(true);
    expect(error(s, 'lab start 2 --dir ../elsewhere')).toBe(
      'lab: folder `../elsewhere` is outside your workspace',
    );
    expect((await s.executeToEnd('grade 1')).error).toMatch(
      /^grade: runs in the lab server's sandbox, not in this shell: .*`ssh USER@HOST grade N`/,
    );
    expect(error(s, 'lab submit 1')).toMatch(/^lab: submit runs in the lab server's sandbox/);
  });
});
