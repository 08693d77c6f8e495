/**
 * The grader: grades the student files in one folder against one lab. It transpiles the files
 * (compile.ts), runs the tests in a worker thread (or, sandboxed, a child process:
 * process-runner.ts) under a heap cap (worker.ts) while it
 * type-checks them, and keeps a wall-clock watchdog on every test: a test that does not finish
 * in the lab's wallSeconds is stopped, reported with the student code it was stuck in, and
 * the remaining tests go on in a fresh worker. Points come from the manifest, never from the
 * worker. Limits inside a test are emulated cycles (the tests pass limits.cycles to run()).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundleTests } from './bundle-tests.ts';
import { readSources, transpileSources, typeErrorsOffThread } from './compile.ts';
import { type Lab, labTestFiles, testModules } from './labs.ts';
import type { LabLimits, ManifestStep } from './manifest.ts';
import { runProcess } from './process-runner.ts';
import {
  type CatalogEntry,
  LABEL_WORDS,
  readLabel,
  type WorkerInput,
  type WorkerMessage,
  writeLabel,
} from './protocol.ts';
import type { GradeReport, StepResult, TestResult, TestStatus } from './results.ts';
import { TestWatchdog } from './test-watchdog.ts';

export interface GradeOptions {
  /** Folder with the student's files (a workspace, or the lab's starter/ or solution/). */
  studentDir: string;
  /** Only this step (its id or its 1-based number). */
  step?: string;
  /** Folder of extra, hidden tests (*.lab.ts). */
  hiddenTests?: string;
  /** Type-check the student's files (default true; needs the typescript package). */
  typeCheck?: boolean;
  /** Overrides of the manifest's limits (the project's own tests use a short watchdog). */
  limits?: Partial<LabLimits>;
  /** Called as each test's result arrives (a shell shows progress); points are the report's. */
  onResult?: (result: { name: string; status: TestStatus }) => void;
  /**
   * Aborting it stops the grade: the worker is terminated at once and grade() rejects with a
   * GradeCancelled (nothing is half-reported).
   */
  signal?: AbortSignal;
  /**
   * Run the tests in a child process under Node's permission model (process-runner.ts: reads
   * only the student's folder, the lab and the bundle; no processes, no workers) instead of a
   * worker thread. The lab server grades this way; the type check and the bundle stay here.
   */
  sandbox?: boolean;
}

/** grade() was stopped through its AbortSignal (the user pressed Ctrl-C in the shell). */
export class GradeCancelled extends Error {
  override readonly name = 'GradeCancelled';
  constructor() {
    super('grading cancelled');
  }
}

type Outcome = {
  status: TestStatus;
  message: string;
  expected?: string;
  actual?: string;
  events: string[];
  printed?: string[];
};

/** Grades the files in options.studentDir against `lab`. Never throws for the student's code. */
export async function grade(lab: Lab, options: GradeOptions): Promise<GradeReport> {
  if (options.signal?.aborted) throw new GradeCancelled();
  const { manifest } = lab;
  const steps = selectSteps(manifest.steps, options.step);
  const student = readSources(options.studentDir, manifest.files);
  const support = readSources(lab.dir, manifest.support);
  const sources = [...student.sources, ...support.sources];
  const compiled = transpileSources(sources);
  const compileErrors = [...student.errors, ...compiled.errors];
  const labErrors = [...support.errors];
  const outcomes = new Map<string, Outcome>();
  let catalog: CatalogEntry[] = [];
  try {
    if (compileErrors.length === 0) {
      const run = await runTests(lab, options, steps, compiled.dir, async (signal) => {
        if (options.typeCheck === false) return [];
        return (await typeErrorsOffThread(sources, signal)) ?? [];
      });
      compileErrors.push(...run.typeErrors);
      labErrors.push(...run.labErrors);
      catalog = run.catalog;
      if (run.typeErrors.length === 0) for (const [k, v] of run.outcomes) outcomes.set(k, v);
    }
  } finally {
    rmSync(compiled.dir, { recursive: true, force: true });
  }
  if (options.signal?.aborted) throw new GradeCancelled();
  return assemble(lab, steps, catalog, outcomes, compileErrors, labErrors);
}

function selectSteps(
  steps: ManifestStep[],
  which: string | undefined,
): { step: ManifestStep; number: number }[] {
  const all = steps.map((step, i) => ({ step, number: i + 1 }));
  if (which === undefined) return all;
  return all.filter(({ step, number }) => step.id === which || String(number) === which);
}

interface RunResult {
  outcomes: Map<string, Outcome>;
  catalog: CatalogEntry[];
  typeErrors: string[];
  labErrors: string[];
}

async function runTests(
  lab: Lab,
  options: GradeOptions,
  steps: { step: ManifestStep }[],
  compiledDir: string,
  typeCheck: (signal: AbortSignal) => Promise<string[]>,
): Promise<RunResult> {
  const limits = { ...lab.manifest.limits, ...options.limits };
  const order = steps.flatMap(({ step }) => step.tests.map((t) => t.name));
  const hiddenSteps =
    steps.length === lab.manifest.steps.length ? null : steps.map(({ step }) => step.id);
  const outcomes = new Map<string, Outcome>();
  const result: RunResult = { outcomes, catalog: [], typeErrors: [], labErrors: [] };
  const label = new SharedArrayBuffer(LABEL_WORDS * 4);
  const bundled = bundleTests([
    ...testModules(lab).map((path) => ({ path, hidden: false })),
    ...(options.hiddenTests ? labTestFiles(resolve(options.hiddenTests)) : []).map((path) => ({
      path,
      hidden: true,
    })),
  ]);
  if ('errors' in bundled) {
    result.labErrors.push(...bundled.errors);
    return result;
  }
  const base = {
    compiledDir,
    studentFiles: lab.manifest.files,
    limits,
    order,
    hiddenSteps,
    label,
  };
  // The type check runs in its own worker beside the tests' (the other core); type errors stop
  // the tests, whose results would then not count.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Results are passed on only once the code type-checks: with type errors none will count.
  let typesOk = false;
  const held: { name: string; status: TestStatus }[] = [];
  const report = (r: { name: string; status: TestStatus }) => {
    if (typesOk) options.onResult?.(r);
    else held.push(r);
  };
  const checked = typeCheck(signal).then((errors) => {
    result.typeErrors = errors;
    if (errors.length > 0) return stop.abort();
    typesOk = true;
    for (const r of held.splice(0)) options.onResult?.(r);
  });
  // One worker at a time; a new one picks up after a test the watchdog had to stop.
  for (let attempt = 0; attempt < 1000; attempt++) {
    const input: WorkerInput = { ...base, skip: [...outcomes.keys()] };
    writeLabel(label, ''); // a stopped worker may have left its last label behind
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'catalog') {
        if (attempt === 0) {
          result.catalog = m.tests;
          result.labErrors.push(...m.errors);
        }
      } else if (m.type === 'result') {
        report({ name: m.name, status: m.status });
        outcomes.set(m.name, {
          status: m.status,
          message: m.message,
          expected: m.expected,
          actual: m.actual,
          events: m.events,
          printed: m.printed,
        });
      }
    };
    const ended = options.sandbox
      ? await runProcess(
          bundled.file,
          input,
          limits,
          [compiledDir, resolve(options.studentDir), lab.dir],
          signal,
          onMessage,
        )
      : await runWorker(bundled.file, input, limits, signal, onMessage);
    if (ended.kind === 'done' || ended.kind === 'cancelled') break;
    if (ended.running === null) {
      result.labErrors.push(`the grading worker stopped outside any test: ${ended.reason}`);
      break;
    }
    outcomes.set(ended.running, { status: ended.kind, message: ended.reason, events: [] });
    report({ name: ended.running, status: ended.kind });
  }
  await checked;
  return result;
}

export type Ended =
  | { kind: 'done' }
  | { kind: 'cancelled' }
  | { kind: 'timeout' | 'crashed'; running: string | null; reason: string };

/**
 * Runs one worker until it says done, the watchdog stops it, it dies, or `signal` cancels it
 * (type errors, no point going on; or the user's Ctrl-C).
 */
function runWorker(
  file: string,
  input: WorkerInput,
  limits: { wallSeconds: number; memoryMb: number },
  signal: AbortSignal | undefined,
  onMessage: (m: WorkerMessage) => void,
): Promise<Ended> {
  return new Promise((resolve) => {
    const worker = new Worker(file, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    // Student console.log output is not the grader's; drain it so the worker never blocks.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const watchdog = new TestWatchdog(
      limits.wallSeconds,
      () => readLabel(input.label),
      (ended) => finish(ended),
    );
    const cancel = () => finish({ kind: 'cancelled' });
    const finish = (ended: Ended) => {
      if (settled) return;
      settled = true;
      watchdog.stop();
      signal?.removeEventListener('abort', cancel);
      void worker.terminate();
      resolve(ended);
    };
    signal?.addEventListener('abort', cancel);
    worker.on('message', (m: WorkerMessage) => {
      watchdog.track(m);
      onMessage(m);
      if (m.type === 'done') finish({ kind: 'done' });
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const what = readLabel(input.label);
      const who = what ? `your ${what}` : 'the test';
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `${who} ran out of memory (more than ${limits.memoryMb} MB): does it keep allocating?`
          : `${who} stopped the grader's worker: ${error.message}`;
      finish({ kind: 'crashed', running: watchdog.running, reason });
    });
    worker.on('exit', (code) => {
      const what = readLabel(input.label);
      const who = what ? `your ${what}` : 'the test';
      finish({
        kind: 'crashed',
        running: watchdog.running,
        reason: `${who} ended the grader's worker (exit status ${code}): do not call process.exit`,
      });
    });
    watchdog.arm();
    if (signal?.aborted) finish({ kind: 'cancelled' });
  });
}

function assemble(
  lab: Lab,
  steps: { step: ManifestStep; number: number }[],
  catalog: CatalogEntry[],
  outcomes: Map<string, Outcome>,
  compileErrors: string[],
  labErrors: string[],
): GradeReport {
  const titles = new Map(catalog.map((c) => [c.name, c.title]));
  const stepResults: StepResult[] = steps.map(({ step, number }) => {
    const tests: TestResult[] = step.tests.map((t) =>
      testResult(
        t.name,
        titles.get(t.name) ?? '',
        step.id,
        t.points,
        false,
        outcomes.get(t.name),
        compileErrors,
        catalog.length > 0 && !titles.has(t.name),
      ),
    );
    return {
      id: step.id,
      number,
      title: step.title,
      hint: step.hint,
      points: 0,
      maxPoints: 0,
      tests,
    };
  });
  for (const c of catalog.filter((c) => c.hidden)) {
    const target = stepResults.find((s) => s.id === c.step);
    if (target === undefined || !Number.isInteger(c.points) || (c.points ?? -1) < 0) {
      if (steps.length === lab.manifest.steps.length) {
        labErrors.push(
          `hidden test "${c.name}" needs \`step\` (one of ${lab.manifest.steps.map((s) => s.id).join(', ')}) and whole \`points\``,
        );
      }
      continue;
    }
    target.tests.push(
      testResult(
        c.name,
        c.title,
        c.step ?? '',
        c.points ?? 0,
        true,
        outcomes.get(c.name),
        compileErrors,
        false,
      ),
    );
  }
  if (steps.length === lab.manifest.steps.length) {
    const listed = new Set(lab.manifest.steps.flatMap((s) => s.tests.map((t) => t.name)));
    for (const c of catalog) {
      if (!c.hidden && !listed.has(c.name)) {
        labErrors.push(`test "${c.name}" (${c.module}) belongs to no step in lab.json`);
      }
    }
  }
  for (const s of stepResults) {
    s.points = s.tests.reduce((n, t) => n + t.points, 0);
    s.maxPoints = s.tests.reduce((n, t) => n + t.maxPoints, 0);
  }
  return {
    lab: { number: lab.manifest.number, id: lab.id, title: lab.manifest.title },
    compileErrors,
    labErrors,
    steps: stepResults,
    score: stepResults.reduce((n, s) => n + s.points, 0),
    maxScore: stepResults.reduce((n, s) => n + s.maxPoints, 0),
  };
}

function testResult(
  name: string,
  title: string,
  step: string,
  maxPoints: number,
  hidden: boolean,
  outcome: Outcome | undefined,
  compileErrors: string[],
  undefinedTest: boolean,
): TestResult {
  const fallback: Outcome =
    compileErrors.length > 0
      ? {
          status: 'error',
          message: 'not run: your code does not compile (see the errors above)',
          events: [],
        }
      : undefinedTest
        ? {
            status: 'error',
            message: `the lab defines no test "${name}" (tell your instructor)`,
            events: [],
          }
        : {
            status: 'error',
            message: 'not run (an earlier problem stopped the grader)',
            events: [],
          };
  const o = outcome ?? fallback;
  return {
    name,
    title,
    step,
    points: o.status === 'passed' ? maxPoints : 0,
    maxPoints,
    status: o.status,
    message: o.message,
    ...(o.expected !== undefined ? { expected: o.expected } : {}),
    ...(o.actual !== undefined ? { actual: o.actual } : {}),
    events: o.events,
    printed: o.printed ?? [],
    hidden,
  };
}
