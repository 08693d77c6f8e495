/**
 * The grader's type-check worker (bundled by compile.ts): checks the student's files with the
 * compiler at workerData.tsPath and posts the error lines, so the thread that started the grade
 * (a shell drawing its screen) is never held up by the compiler.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Source } from './compile.ts';
import { checkWith } from './typecheck.ts';

const { sources, tsPath } = workerData as { sources: Source[]; tsPath: string };
const ts = createRequire(import.meta.url)(tsPath) as typeof import('typescript');
parentPort?.postMessage(checkWith(ts, sources));
