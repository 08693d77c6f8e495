/**
 * Messages between the grader (runner.ts, main thread) and its worker (worker.ts), and the
 * shared buffer through which the worker says which student code is running — readable while
 * the worker is stuck in it, when no message can get out.
 */
import type { LabLimits } from './manifest.ts';

export interface WorkerInput {
  /** Folder of the transpiled student files (NAME.mjs) and the names the student knows. */
  compiledDir: string;
  studentFiles: string[];
  limits: LabLimits;
  /** Manifest tests to run, in order; then the hidden tests of `hiddenSteps` (null: all). */
  order: string[];
  hiddenSteps: string[] | null;
  /** Tests already reported (by an earlier worker the watchdog stopped). */
  skip: string[];
  /** Int32Array over it: [length, ...UTF-16 code units of the label]. */
  label: SharedArrayBuffer;
}

export interface CatalogEntry {
  name: string;
  title: string;
  hidden: boolean;
  step?: string;
  points?: number;
  module: string;
}

export type WorkerMessage =
  | { type: 'catalog'; tests: CatalogEntry[]; errors: string[] }
  | { type: 'start'; name: string }
  | {
      type: 'result';
      name: string;
      status: 'passed' | 'failed' | 'error';
      message: string;
      expected?: string;
      actual?: string;
      events: string[];
      /** What the code printed with console.log/warn/error during the test (capped). */
      printed?: string[];
    }
  /** Only from a child process (no shared memory): the student code now running ('' none). */
  | { type: 'label'; label: string }
  | { type: 'done' };

/** The file descriptor on which a grading child process writes its messages (JSON lines). */
export const MESSAGE_FD = 3;

export const LABEL_WORDS = 128;

export function writeLabel(buffer: SharedArrayBuffer, label: string): void {
  const words = new Int32Array(buffer);
  const n = Math.min(label.length, LABEL_WORDS - 1);
  for (let i = 0; i < n; i++) words[i + 1] = label.charCodeAt(i);
  Atomics.store(words, 0, n);
}

export function readLabel(buffer: SharedArrayBuffer): string {
  const words = new Int32Array(buffer);
  const n = Atomics.load(words, 0);
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(words[i + 1]);
  return out;
}
