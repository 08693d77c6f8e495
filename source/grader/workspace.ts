/**
 * A student's workspace for one lab: a folder holding the starter files (to edit), the lab's
 * support files and README.md, and `.exolab-lab.json` saying which lab it is and the last
 * grade. `lab start` makes one and never overwrites work without `force`.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Lab, LabError, listLabs } from './labs.ts';
import type { GradeReport } from './results.ts';

export const MARKER = '.exolab-lab.json';

export interface WorkspaceState {
  format: 1;
  /** The lab's folder name, e.g. 01-secure-bindings. */
  lab: string;
  number: number;
  lastGrade?: {
    score: number;
    maxScore: number;
    steps: { id: string; points: number; maxPoints: number }[];
  };
}

export interface Workspace {
  dir: string;
  state: WorkspaceState;
}

/**
 * Copies the starter into `dir` (default ./NN-name). Returns the folder and the files written.
 * Refuses when the student's files are there already, unless `force`: then each is kept as
 * NAME.bak before the starter replaces it.
 */
export function startLab(
  lab: Lab,
  dir: string | undefined,
  force: boolean,
): { dir: string; files: string[] } {
  const target = resolve(dir ?? lab.id);
  const starter = join(lab.dir, 'starter');
  const fromStarter = readdirSync(starter).filter((f) => statSync(join(starter, f)).isFile());
  const copies: [string, string][] = [
    ...fromStarter.map((f): [string, string] => [join(starter, f), f]),
    ...lab.manifest.support.map((f): [string, string] => [join(lab.dir, f), f]),
    [join(lab.dir, 'README.md'), 'README.md'],
  ];
  const missing = copies.map(([from]) => from).filter((from) => !existsSync(from));
  if (missing.length > 0) {
    throw new LabError(
      `lab ${lab.manifest.number} is incomplete (missing ${missing.join(', ')}); check it with \`exolab lab check ${lab.dir}\``,
    );
  }
  const existing = copies.map(([, f]) => f).filter((f) => existsSync(join(target, f)));
  const work = existing.filter((f) => lab.manifest.files.includes(f));
  if (work.length > 0 && !force) {
    throw new LabError(
      `${target} already holds your work for lab ${lab.manifest.number} (${work.join(', ')}); grade it with \`exolab grade ${lab.manifest.number}\`, or start over with \`exolab lab start ${lab.manifest.number} --force\` (your files are kept as NAME.bak)`,
    );
  }
  mkdirSync(target, { recursive: true });
  // --force: the student's own versions are kept beside the fresh starter, never just lost.
  for (const name of work) copyFileSync(join(target, name), join(target, `${name}.bak`));
  for (const [from, name] of copies) copyFileSync(from, join(target, name));
  const previous = readState(target);
  const state: WorkspaceState = { format: 1, lab: lab.id, number: lab.manifest.number };
  if (previous?.lab === lab.id && !force) state.lastGrade = previous.lastGrade;
  writeState(target, state);
  return { dir: target, files: copies.map(([, f]) => f) };
}

export function readState(dir: string): WorkspaceState | null {
  try {
    const s = JSON.parse(readFileSync(join(dir, MARKER), 'utf8')) as WorkspaceState;
    return typeof s.lab === 'string' && typeof s.number === 'number' ? s : null;
  } catch {
    return null;
  }
}

function writeState(dir: string, state: WorkspaceState): void {
  writeFileSync(join(dir, MARKER), `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * The workspace to grade: `dir` (relative to `cwd`) if given; else for lab `n`, the current folder (or a parent)
 * if it is lab n's, or ./NN-name; with no n, the current folder's (or a parent's) lab, or the
 * only lab workspace below it.
 */
export function findWorkspace(cwd: string, n?: string, dir?: string): Workspace {
  if (dir !== undefined) {
    const at = resolve(cwd, dir);
    const state = readState(at);
    if (state === null)
      throw new LabError(
        `${at} is not a lab workspace (no ${MARKER}); make one with \`exolab lab start N --dir ${dir}\``,
      );
    return { dir: at, state };
  }
  const up = upwards(cwd);
  const matches = (s: WorkspaceState | null) =>
    s !== null && (n === undefined || String(s.number) === String(Number(n)) || s.lab === n);
  if (up && matches(up.state)) return up;
  const below = readdirSync(cwd)
    .map((f) => join(cwd, f))
    .filter((d) => existsSync(join(d, MARKER)))
    .map((d) => ({ dir: d, state: readState(d) }))
    .filter((w): w is Workspace => matches(w.state));
  if (below.length === 1) return below[0];
  if (n === undefined) {
    const which = below.map((w) => w.state.number).join(', ');
    throw new LabError(
      below.length === 0
        ? 'no lab workspace here; start one with `exolab lab start N` (see `exolab lab list`)'
        : `several lab workspaces here (labs ${which}); say which: \`exolab grade N\``,
    );
  }
  throw new LabError(`no workspace for lab ${n} here; start one with \`exolab lab start ${n}\``);
}

function upwards(from: string): Workspace | null {
  let dir = resolve(from);
  for (;;) {
    const state = readState(dir);
    if (state !== null) return { dir, state };
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function recordGrade(ws: Workspace, report: GradeReport): void {
  // Only a whole-lab grade is remembered: a --step run says nothing about the others.
  ws.state.lastGrade = {
    score: report.score,
    maxScore: report.maxScore,
    steps: report.steps.map((s) => ({ id: s.id, points: s.points, maxPoints: s.maxPoints })),
  };
  writeState(ws.dir, ws.state);
}

/** Each lab with its workspace under `cwd` (if any) and its last grade. */
export function labStatus(cwd: string): { lab: Lab; workspace: Workspace | null }[] {
  return listLabs().map((lab) => {
    try {
      return { lab, workspace: findWorkspace(cwd, String(lab.manifest.number)) };
    } catch {
      return { lab, workspace: null };
    }
  });
}
