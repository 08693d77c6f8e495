/**
 * The grading worker (bundled with the lab's tests by bundle-tests.ts; run as a worker thread,
 * or as a sandboxed child process by process-runner.ts): loads the lab's tests and runs the ones asked for, each with the
 * student's modules loaded afresh (module state never carries from one test to the next) and a
 * fresh LabContext, posting a result per test. It runs under a heap cap and is stopped by the
 * grader's watchdog if a test never ends; it never decides points (runner.ts does).
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatWithOptions } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import type { KernelEvent } from '../../kernel/exo/events.ts';
import { buildContext } from './context.ts';
import { describeThrown, LabFailure, type LabTest, StudentError } from './lab-api.ts';
import {
  type CatalogEntry,
  LABEL_WORDS,
  MESSAGE_FD,
  type WorkerInput,
  type WorkerMessage,
  writeLabel,
} from './protocol.ts';

/**
 * Run as a child process (process-runner.ts, the lab server's sandbox) rather than a worker:
 * the input comes as JSON in argv[2] and messages go out as JSON lines on MESSAGE_FD, written
 * synchronously so each is out before the next student code runs (a stuck test cannot flush).
 */
const inProcess = parentPort === null;
const input: WorkerInput = inProcess
  ? { ...JSON.parse(process.argv[2] ?? '{}'), label: new SharedArrayBuffer(LABEL_WORDS * 4) }
  : (workerData as WorkerInput);
const post = (message: WorkerMessage) => {
  if (inProcess) writeSync(MESSAGE_FD, `${JSON.stringify(message)}\n`);
  else parentPort?.postMessage(message);
};
/** The label of the student code running ('' none): shared memory, or a message from a process. */
let labelSent = '';
const setLabel = (label: string) => {
  writeLabel(input.label, label);
  if (inProcess && label !== labelSent) {
    labelSent = label;
    post({ type: 'label', label });
  }
};
process.setSourceMapsEnabled(true);

const EVENTS_SHOWN = 8;
const PRINTED_LINES = 40;

/** What student code prints during the current test (console.log and friends), capped. */
let printed: string[] = [];
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[method] = (...args: unknown[]) => {
    if (printed.length < PRINTED_LINES)
      printed.push(...formatWithOptions({ colors: false }, ...args).split('\n'));
    else if (printed.length === PRINTED_LINES) printed.push('… (more output not shown)');
    printed = printed.slice(0, PRINTED_LINES + 1);
  };
}

/** A test module as the bundle (bundle-tests.ts) hands it over: loaded on demand. */
export interface BundledModule {
  path: string;
  hidden: boolean;
  load: () => Promise<unknown>;
}

async function loadTests(
  modules: BundledModule[],
): Promise<{ tests: Map<string, LabTest>; catalog: CatalogEntry[]; errors: string[] }> {
  const tests = new Map<string, LabTest>();
  const catalog: CatalogEntry[] = [];
  const errors: string[] = [];
  for (const { path: m, hidden, load } of modules) {
    let list: unknown;
    try {
      list = ((await load()) as { tests?: unknown }).tests;
    } catch (error) {
      errors.push(`${m}: could not load: ${describeThrown(error)}`);
      continue;
    }
    if (!Array.isArray(list)) {
      errors.push(`${m}: does not export \`tests\` (export const tests = defineTests([...]))`);
      continue;
    }
    for (const t of list as LabTest[]) {
      if (typeof t?.name !== 'string' || typeof t.run !== 'function') {
        errors.push(`${m}: every test needs a \`name\` and a \`run(t)\``);
        continue;
      }
      if (tests.has(t.name)) {
        errors.push(`${m}: test "${t.name}" is defined twice`);
        continue;
      }
      tests.set(t.name, t);
      catalog.push({
        name: t.name,
        title: t.title ?? '',
        hidden,
        step: t.step,
        points: t.points,
        module: m,
      });
    }
  }
  return { tests, catalog, errors };
}

let loads = 0;

/** The student's modules, loaded afresh (a new URL per load), their exports merged. */
async function loadStudent(): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  loads++;
  for (const name of input.studentFiles) {
    const url = pathToFileURL(join(input.compiledDir, name.replace(/\.ts$/, '.mjs')));
    url.search = `load=${loads}`;
    Object.assign(merged, await import(url.href));
  }
  return merged;
}

function formatEvent(e: KernelEvent): string {
  return `cycle ${e.cycle}${e.env >= 0 ? `, env ${e.env}` : ''}, ${e.kind}: ${e.text}`;
}

/** A stack cut to the student's own frames, with the temporary folder's path taken out. */
function studentStack(error: unknown): string {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return '';
  const dir = pathToFileURL(input.compiledDir).href;
  return error.stack
    .split('\n')
    .filter((line) => line.includes(dir) || line.includes(input.compiledDir))
    .map((line) =>
      line
        .replaceAll(`${dir}/`, '')
        .replaceAll(`${input.compiledDir}/`, '')
        .replace(/\?load=\d+/g, '')
        .trim(),
    )
    .slice(0, 5)
    .join('\n');
}

async function runOne(test: LabTest): Promise<WorkerMessage> {
  printed = [];
  const result = await runTest(test);
  return result.type === 'result' ? { ...result, printed } : result;
}

async function runTest(test: LabTest): Promise<WorkerMessage> {
  let exportsOf: Record<string, unknown>;
  try {
    exportsOf = await loadStudent();
  } catch (error) {
    const where = studentStack(error);
    return {
      type: 'result',
      name: test.name,
      status: 'error',
      message: `your code could not be loaded: ${describeThrown(error)}${where ? `\n${where}` : ''}`,
      events: [],
    };
  }
  const built = buildContext(exportsOf, input.studentFiles, input.limits, {
    enter: (label) => setLabel(label),
    leave: () => setLabel(''),
  });
  try {
    await test.run(built.context);
    return { type: 'result', name: test.name, status: 'passed', message: '', events: [] };
  } catch (error) {
    const events = built.lastEvents(EVENTS_SHOWN).map(formatEvent);
    if (error instanceof LabFailure) {
      return {
        type: 'result',
        name: test.name,
        status: 'failed',
        message: error.message,
        expected: error.expected,
        actual: error.actual,
        events,
      };
    }
    if (error instanceof StudentError) {
      const where = studentStack(error.thrown);
      return {
        type: 'result',
        name: test.name,
        status: 'failed',
        message: `${error.message}${where ? `\n${where}` : ''}`,
        events,
      };
    }
    // Neither a failed check nor the student's throw: the test itself broke.
    return {
      type: 'result',
      name: test.name,
      status: 'error',
      message: `the test itself failed (tell your instructor): ${describeThrown(error)}`,
      events,
    };
  } finally {
    setLabel('');
  }
}

/** The worker's body: load the tests, run the ones asked for, say done. */
export async function main(modules: BundledModule[]): Promise<void> {
  const { tests, catalog, errors } = await loadTests(modules);
  post({ type: 'catalog', tests: catalog, errors });
  const hidden = catalog
    .filter(
      (t) => t.hidden && (input.hiddenSteps === null || input.hiddenSteps.includes(t.step ?? '')),
    )
    .map((t) => t.name);
  for (const name of [...input.order, ...hidden]) {
    if (input.skip.includes(name)) continue;
    const test = tests.get(name);
    if (test === undefined) continue;
    post({ type: 'start', name });
    post(await runOne(test));
  }
  post({ type: 'done' });
}
