/**
 * The grade as text for a terminal: per step its points, per test ✓ or ✗, and for a failure
 * what was expected, what happened, the last kernel events and the step's hint; then
 * `Score: T/P`, the line scripts look for (as `make grade` ends with).
 */
import type { GradeReport, TestResult } from './results.ts';

const MARK: Record<TestResult['status'], string> = {
  passed: 'PASS',
  failed: 'FAIL',
  error: 'ERROR',
  timeout: 'TIMEOUT',
  crashed: 'CRASH',
};

export function formatReport(report: GradeReport): string {
  const out: string[] = [`Lab ${report.lab.number}: ${report.lab.title}`];
  if (report.labErrors.length > 0) {
    out.push('', 'Problems with the lab itself (tell your instructor):');
    for (const e of report.labErrors) out.push(`  ${e}`);
  }
  if (report.compileErrors.length > 0) {
    out.push('', 'Your code does not compile, so no test ran:');
    for (const e of report.compileErrors) out.push(`  ${e}`);
  }
  for (const step of report.steps) {
    out.push(
      '',
      `Step ${step.number} (${step.id}): ${step.title}  [${step.points}/${step.maxPoints}]`,
    );
    let failed = false;
    for (const t of step.tests) {
      const title = t.title ? ` — ${t.title}` : '';
      out.push(
        `  ${MARK[t.status].padEnd(7)} ${t.name}${t.hidden ? ' (hidden)' : ''}${title}  (${t.points}/${t.maxPoints})`,
      );
      if (t.status === 'passed') continue;
      failed = true;
      if (report.compileErrors.length > 0) continue;
      for (const line of t.message.split('\n')) out.push(`          ${line}`);
      if (t.expected !== undefined) out.push(`          expected: ${t.expected}`);
      if (t.actual !== undefined) out.push(`          got:      ${t.actual}`);
      if (t.events.length > 0) {
        out.push('          last kernel events:');
        for (const e of t.events) out.push(`            ${e}`);
      }
      if (t.printed.length > 0) {
        out.push('          your code printed:');
        for (const line of t.printed) out.push(`            ${line}`);
      }
    }
    if (failed && report.compileErrors.length === 0) out.push(`  hint: ${step.hint}`);
  }
  out.push('', `Score: ${report.score}/${report.maxScore}`);
  return `${out.join('\n')}\n`;
}

/** One line per step, for `exolab lab status` and the REPL. */
export function summarize(report: GradeReport): string {
  const steps = report.steps.map((s) => `${s.id} ${s.points}/${s.maxPoints}`).join(', ');
  return `Score: ${report.score}/${report.maxScore} (${steps})`;
}
