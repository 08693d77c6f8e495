/**
 * What a lab's tests are written against (labs/NN-name/tests/*.lab.ts). A test module exports
 *
 *   export const tests = defineTests([
 *     { name: 'valid-binding-installs', run(t) { … } },
 *   ]);
 *
 * and each test gets a LabContext `t`: the student's code (t.student), fresh machines whose
 * event logs the grader reports on a failure (t.track), the lab's cycle limit (t.limits), and
 * checks that fail with what was expected and what happened (t.equal, t.ok, t.fail).
 * A test passes when run() returns without a failure. The manifest gives its step and points;
 * an extra (hidden, `--tests DIR`) test not in the manifest names them itself: step and points.
 */
import type { KernelEvent } from '../../kernel/exo/events.ts';
import type { LabLimits } from './manifest.ts';

export interface LabTest {
  /** Unique lower-case name; the manifest refers to it. */
  name: string;
  /** One line saying what it checks (shown with the result). */
  title?: string;
  /** Only for tests not in the manifest (hidden tests): the step id and the points. */
  step?: string;
  points?: number;
  run(t: LabContext): void | Promise<void>;
}

export function defineTests(tests: LabTest[]): LabTest[] {
  return tests;
}

/** Anything with an event log: an Exokernel. */
export interface Logged {
  log: { recent(count?: number): KernelEvent[] };
}

export interface StudentCode {
  /** The student's exported function `name`, wrapped so the grader can say which of it ran. */
  fn<F extends (...args: never[]) => unknown>(name: string, label?: string): F;
  /** `new` the student's exported class `name` with `args`; every method call is wrapped. */
  make<T extends object>(name: string, label: string, ...args: unknown[]): T;
  /** Wraps the methods of an object the student's code made (labels "label.method"). */
  wrap<T extends object>(value: T, label: string): T;
}

export interface LabContext {
  readonly student: StudentCode;
  readonly limits: LabLimits;
  /** Remember a machine: on a failure the grader shows its last kernel events. */
  track<K extends Logged>(kernel: K): K;
  /** Fails unless actual and expected are deep-equal. `what` names the thing compared. */
  equal(actual: unknown, expected: unknown, what: string): void;
  /** Fails with `what` unless `condition` holds; expected/actual describe it. */
  ok(condition: boolean, what: string, expected?: unknown, actual?: unknown): void;
  fail(what: string, expected?: unknown, actual?: unknown): never;
}

/** A check that did not hold: what, what was expected, what happened. */
export class LabFailure extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    readonly actual?: string,
  ) {
    super(message);
    this.name = 'LabFailure';
  }
}

/** The student's code threw (or a value it returned was unusable). */
export class StudentError extends Error {
  constructor(
    readonly label: string,
    readonly thrown: unknown,
  ) {
    super(`your ${label} threw ${describeThrown(thrown)}`);
    this.name = 'StudentError';
  }
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `the value ${show(error)}`;
}

/** A short printable form of any value (for expected/actual lines). */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) > 0xffff
      ? `${value} (0x${(value >>> 0).toString(16)})`
      : String(value);
  }
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    return text === undefined
      ? String(value)
      : text.length > 300
        ? `${text.slice(0, 297)}...`
        : text;
  } catch {
    return String(value);
  }
}
