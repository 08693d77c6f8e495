/**
 * The LabContext a test runs with (lab-api.ts), built fresh for each test inside the grading
 * worker: the student's module(s), wrapped so every call into student code says which of it is
 * running (the watchdog reads that when a call never returns) and a throw from it becomes a
 * StudentError; the machines the test tracks; the checks.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KernelEvent } from '../../kernel/exo/events.ts';
import {
  type LabContext,
  LabFailure,
  type Logged,
  type StudentCode,
  StudentError,
  show,
} from './lab-api.ts';
import type { LabLimits } from './manifest.ts';

/** Where the grader learns which student code is running (a shared buffer in the worker). */
export interface Tracker {
  enter(label: string): void;
  leave(): void;
}

export interface BuiltContext {
  context: LabContext;
  /** The last events of the most recently tracked machine, oldest first. */
  lastEvents(count: number): KernelEvent[];
}

export function buildContext(
  exportsOf: Record<string, unknown>,
  files: string[],
  limits: LabLimits,
  tracker: Tracker,
): BuiltContext {
  const tracked: Logged[] = [];
  let depth = 0;
  const call = <R>(label: string, body: () => R): R => {
    if (depth === 0) tracker.enter(label);
    depth++;
    try {
      return body();
    } catch (error) {
      if (error instanceof StudentError || error instanceof LabFailure) throw error;
      throw new StudentError(label, error);
    } finally {
      depth--;
      if (depth === 0) tracker.leave();
    }
  };
  const wrap = <T extends object>(value: T, label: string): T =>
    new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof v !== 'function' || typeof key !== 'string') return v;
        return (...args: unknown[]) => call(`${label}.${key}`, () => v.apply(target, args));
      },
    });
  const exported = (name: string, kind: 'function' | 'class'): unknown => {
    const v = exportsOf[name];
    if (typeof v !== 'function') {
      throw new LabFailure(
        `${files.join(' / ')} must export ${kind === 'class' ? 'a class' : 'a function'} \`${name}\``,
        `export ${kind} ${name} …`,
        v === undefined ? 'no such export' : `an export of type ${typeof v}`,
      );
    }
    return v;
  };
  const student: StudentCode = {
    fn<F extends (...args: never[]) => unknown>(name: string, label = name): F {
      const f = exported(name, 'function') as (...args: unknown[]) => unknown;
      return ((...args: unknown[]) => call(label, () => f(...args))) as unknown as F;
    },
    make<T extends object>(name: string, label: string, ...args: unknown[]): T {
      const C = exported(name, 'class') as new (...a: unknown[]) => T;
      const made = call(`${label} constructor`, () => new C(...args));
      if (typeof made !== 'object' || made === null) {
        throw new LabFailure(`new ${name}(…) did not make an object`);
      }
      return wrap(made, label);
    },
    wrap,
  };
  const fail = (what: string, expected?: unknown, actual?: unknown): never => {
    throw new LabFailure(
      what,
      expected === undefined ? undefined : show(expected),
      actual === undefined ? undefined : show(actual),
    );
  };
  const context: LabContext = {
    student,
    limits,
    track(kernel) {
      tracked.push(kernel);
      return kernel;
    },
    equal(actual, expected, what) {
      if (!isDeepStrictEqual(actual, expected)) fail(what, expected, actual);
    },
    ok(condition, what, expected, actual) {
      if (!condition) fail(what, expected, actual);
    },
    fail,
  };
  return {
    context,
    lastEvents: (count) => tracked.at(-1)?.log.recent(count) ?? [],
  };
}
