/**
 * The grade of one lab as plain data: per step, per test, the score and, for a failure, what
 * was expected, what happened, the last kernel events and the step's hint. Nothing in it
 * depends on the host's speed or the wall clock, so grading twice gives the same GradeReport.
 */

export type TestStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'crashed';

export interface TestResult {
  name: string;
  title: string;
  step: string;
  points: number;
  maxPoints: number;
  status: TestStatus;
  /** Empty when passed. */
  message: string;
  expected?: string;
  actual?: string;
  events: string[];
  /** What the student's code printed (console.log …) during the test, at most 40 lines. */
  printed: string[];
  hidden: boolean;
}

export interface StepResult {
  id: string;
  /** 1-based position in the manifest. */
  number: number;
  title: string;
  hint: string;
  points: number;
  maxPoints: number;
  tests: TestResult[];
}

export interface GradeReport {
  lab: { number: number; id: string; title: string };
  /** Syntax or type errors in the student's files (then no test ran). */
  compileErrors: string[];
  /** Problems with the lab itself (a test module that does not load, a hidden test without a step). */
  labErrors: string[];
  steps: StepResult[];
  score: number;
  maxScore: number;
}
