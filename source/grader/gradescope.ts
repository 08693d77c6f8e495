/**
 * The grade in Gradescope's results.json shape (the autograder specification): a total score,
 * its maximum, and one entry per test with its own score, maximum, status, output and
 * visibility. Hidden tests (`--tests DIR`) are "hidden": the student sees them after grades are
 * published, not before.
 */
import type { GradeReport, TestResult } from './results.ts';

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: 'visible' | 'hidden';
}

export interface GradescopeResults {
  score: number;
  max_score: number;
  output: string;
  tests: GradescopeTest[];
}

export function toGradescope(report: GradeReport): GradescopeResults {
  const tests: GradescopeTest[] = [];
  for (const step of report.steps) {
    for (const t of step.tests) {
      tests.push({
        name: `Step ${step.number} (${step.id}): ${t.name}`,
        score: t.points,
        max_score: t.maxPoints,
        status: t.status === 'passed' ? 'passed' : 'failed',
        output: testOutput(t, step.hint),
        visibility: t.hidden ? 'hidden' : 'visible',
      });
    }
  }
  const problems = [...report.compileErrors, ...report.labErrors];
  return {
    score: report.score,
    max_score: report.maxScore,
    output:
      problems.length > 0 ? problems.join('\n') : `Lab ${report.lab.number}: ${report.lab.title}`,
    tests,
  };
}

function testOutput(t: TestResult, hint: string): string {
  if (t.status === 'passed') return t.title;
  const lines = [t.title, t.message].filter((l) => l !== '');
  if (t.expected !== undefined) lines.push(`expected: ${t.expected}`);
  if (t.actual !== undefined) lines.push(`got: ${t.actual}`);
  if (t.events.length > 0) lines.push('last kernel events:', ...t.events.map((e) => `  ${e}`));
  if (t.printed.length > 0) lines.push('your code printed:', ...t.printed.map((p) => `  ${p}`));
  lines.push(`hint: ${hint}`);
  return lines.join('\n');
}
