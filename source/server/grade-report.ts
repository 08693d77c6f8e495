/**
 * Reading the grader's answer (Gradescope's results.json shape: score, max_score, tests) and
 * saying it to the student: one line per test, then the total. Anything else the grader prints
 * is a failure of grading, not a grade.
 */
export interface GraderResults {
  score: number;
  max_score: number;
  tests: { name: string; score?: number; max_score?: number; status?: string; output?: string }[];
}

/** The results in `stdout` (the last JSON object in it), or null. */
export function parseResults(stdout: string): GraderResults | null {
  const start = stdout.indexOf('{');
  if (start < 0) return null;
  try {
    const r = JSON.parse(stdout.slice(start)) as Partial<GraderResults>;
    if (!Array.isArray(r.tests)) return null;
    const tests = r.tests;
    const score = r.score ?? tests.reduce((n, t) => n + (t.score ?? 0), 0);
    const max = r.max_score ?? tests.reduce((n, t) => n + (t.max_score ?? 0), 0);
    if (typeof score !== 'number' || typeof max !== 'number') return null;
    return { score, max_score: max, tests };
  } catch {
    return null;
  }
}

/** The lines a student sees for a grade. */
export function reportLines(r: GraderResults, official: boolean): string[] {
  const lines = r.tests.map((t) => {
    const mark =
      t.status === 'passed' || (t.max_score !== undefined && t.score === t.max_score)
        ? 'ok  '
        : 'FAIL';
    const points = t.max_score !== undefined ? `  ${t.score ?? 0}/${t.max_score}` : '';
    const first = t.status !== 'passed' && t.output ? `\n        ${t.output.split('\n')[0]}` : '';
    return `  ${mark} ${t.name}${points}${first}`;
  });
  const what = official ? 'official grade' : 'practice grade (visible tests only)';
  return [...lines, `${what}: ${r.score}/${r.max_score}`];
}
