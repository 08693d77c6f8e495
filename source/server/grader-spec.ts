/**
 * Which grader the server runs: exolab's own (`exolab grade N --json --sandbox`, in the
 * submission's folder, with `--tests DIR` for the hidden tests of an official grade) when this
 * exolab has it, else none, with the reason. The grader process runs only exolab's code (it
 * reads the student's files as text: type check, transpile, bundle of the tests) under the
 * permission model, reading only exolab's code and node_modules besides the submission (its
 * temp folder is its own: TMPDIR); that needs workers and child processes (tsx's loader thread,
 * esbuild's process, the type-check worker). The student's code itself runs only in the child
 * that `--sandbox` starts (source/grader/process-runner.ts): it may read its submission, the
 * lab and the test bundle, write its own temp folder, and has no workers or child processes.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { EXOLAB_HOME } from './bundle.ts';
import type { GraderSpec } from './grading.ts';

/** exolab's folders a grader may read (never the whole folder: a data folder may be inside). */
const CODE = [
  'bin',
  'dist',
  'source',
  'kernel',
  'machine',
  'labs',
  'examples',
  'node_modules',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];

export function exolabGrader(): GraderSpec | { unavailable: string } {
  const bin = path.join(EXOLAB_HOME, 'bin', 'exolab.js');
  const probe = spawnSync(process.execPath, [bin, 'grade', '--help'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (probe.status !== 0) return { unavailable: 'this exolab has no `exolab grade` yet' };
  return {
    entry: bin,
    args: (lab, hidden) => [
      'grade',
      String(lab),
      '--json',
      '--sandbox',
      ...(hidden ? ['--tests', hidden] : []),
    ],
    read: CODE.map((c) => path.join(EXOLAB_HOME, c)),
    // tsx (when the start-up bundle in dist/ is stale) asks whether the file system is case
    // sensitive by looking up the folder's name with its letters' case swapped; nothing is there.
    readFor: (cwd) => [swapCase(cwd)],
    allow: ['--allow-worker', '--allow-child-process'],
  };
}

/** An instructor's own grader: plain JavaScript, so it needs no loader and no extra permission. */
export function fileGrader(file: string): GraderSpec {
  return {
    entry: path.resolve(file),
    args: (lab, hidden) => ['grade', String(lab), '--json', ...(hidden ? ['--tests', hidden] : [])],
    read: [path.join(EXOLAB_HOME, 'node_modules')],
  };
}

const swapCase = (text: string): string =>
  [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
