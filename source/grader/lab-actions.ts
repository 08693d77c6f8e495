/**
 * The student's lab actions — list, start, status, submit and grade — as functions of a folder
 * that return what to say (lines) and plain data, so that `exolab lab …`/`exolab grade` and the
 * shell's `lab …`/`grade` commands do exactly the same work and say it in the same words. Paths
 * in messages are shown relative to `folder`. A user's mistake is a LabError (one line).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { makeBundle } from './bundle.ts';
import { findLab, type Lab, LabError, labsRoot, listLabs } from './labs.ts';
import { maxPoints } from './manifest.ts';
import type { GradeReport } from './results.ts';
import type { GradeOptions } from './runner.ts';
import { findWorkspace, labStatus, recordGrade, startLab, type Workspace } from './workspace.ts';

export interface Said<T> {
  lines: string[];
  data: T;
}

/** How the next step is spelled: on the command line (`exolab grade`) or in the shell (`grade`). */
export type Spelling = 'cli' | 'shell';

const command = (spelling: Spelling, words: string) =>
  spelling === 'cli' ? `exolab ${words}` : words;

/** Every lab with its steps and points (`lab list`). */
export function listLabsSaid(spelling: Spelling) {
  const labs = listLabs();
  const data = labs.map(({ id, manifest: m }) => ({
    number: m.number,
    id,
    title: m.title,
    summary: m.summary,
    points: maxPoints(m),
    steps: m.steps.map((s) => ({ id: s.id, title: s.title })),
  }));
  if (labs.length === 0) return { lines: [`no labs in ${labsRoot()}`], data };
  const lines: string[] = [];
  for (const { manifest: m } of labs) {
    lines.push(
      `${String(m.number).padStart(2)}  ${m.title} — ${m.summary} (${maxPoints(m)} points)`,
    );
    m.steps.forEach((s, i) => {
      lines.push(`      ${i + 1}. ${s.title}`);
    });
  }
  lines.push('', `Start one with \`${command(spelling, 'lab start N')}\`.`);
  return { lines, data };
}

/** Copies lab `n`'s starter into `dir` (relative to `folder`; default NN-name) (`lab start`). */
export function startLabSaid(
  folder: string,
  n: string,
  dir: string | undefined,
  force: boolean,
  spelling: Spelling,
): Said<{ lab: number; dir: string; files: string[] }> {
  const lab = findLab(n);
  const target = resolve(folder, dir ?? lab.id);
  const { files } = startLab(lab, target, force);
  const shown = relative(folder, target) || '.';
  const next =
    spelling === 'cli'
      ? `cd ${shown} && exolab grade`
      : `grade ${lab.manifest.number} (the lab pane shows the step to work on)`;
  return {
    lines: [
      `Lab ${lab.manifest.number}: ${lab.manifest.title}`,
      `  ${shown}/ now holds ${files.join(', ')}`,
      `  edit ${lab.manifest.files.join(', ')}; read README.md for the steps`,
      `  then: ${next}`,
    ],
    data: { lab: lab.manifest.number, dir: target, files },
  };
}

/** Each lab's workspace at or below `folder` and its last grade (`lab status`). */
export function labStatusSaid(folder: string, spelling: Spelling) {
  const rows = labStatus(folder);
  const data = rows.map(({ lab, workspace }) => ({
    number: lab.manifest.number,
    id: lab.id,
    workspace: workspace?.dir ?? null,
    lastGrade: workspace?.state.lastGrade ?? null,
  }));
  const lines = rows.map(({ lab, workspace }) => {
    const m = lab.manifest;
    const head = `${String(m.number).padStart(2)}  ${m.title}`;
    if (workspace === null) {
      return `${head}: not started (\`${command(spelling, `lab start ${m.number}`)}\`)`;
    }
    const where = relative(folder, workspace.dir) || '.';
    const g = workspace.state.lastGrade;
    const grade = g
      ? `last grade ${g.score}/${g.maxScore} (${g.steps.map((s) => `${s.id} ${s.points}/${s.maxPoints}`).join(', ')})`
      : 'not graded yet';
    return `${head}: ${where}/, ${grade}`;
  });
  return { lines, data };
}

/**
 * Writes lab `n`'s submission bundle to `out` (relative to `folder`; default
 * labNN-submission.json) (`lab submit`).
 */
export function submitLabSaid(
  folder: string,
  n: string,
  dir: string | undefined,
  out: string | undefined,
): Said<{ file: string; sha256: string; files: string[] }> {
  const ws = findWorkspace(folder, n, dir);
  const lab = findLab(ws.state.lab);
  const m = lab.manifest;
  const bundle = makeBundle(
    { id: lab.id, number: m.number, title: m.title },
    ws.dir,
    m.files,
    ws.state.lastGrade,
  );
  const name = out ?? `lab${String(m.number).padStart(2, '0')}-submission.json`;
  const file = resolve(folder, name);
  writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`);
  const grade = ws.state.lastGrade
    ? `, last grade ${ws.state.lastGrade.score}/${ws.state.lastGrade.maxScore}`
    : ', not graded yet';
  const files = bundle.files.map((f) => f.name);
  return {
    lines: [`${name}: lab ${m.number}, ${files.join(', ')}${grade}`, `  sha256 ${bundle.sha256}`],
    data: { file, sha256: bundle.sha256, files },
  };
}

/** What `grade [N] [--step S]` will grade, checked before any work starts. */
export interface GradeTarget {
  /** The workspace, or null for a folder of lab N's files with no marker (nothing recorded). */
  ws: Workspace | null;
  lab: Lab;
  /** The folder of the student's files. */
  studentDir: string;
  step: string | undefined;
}

/**
 * The workspace to grade (`exolab lab start`'s folder), or — for lab `n` in a folder that holds
 * lab n's files but no workspace marker (files copied by hand, a submission unpacked on a lab
 * server) — that folder. A LabError when there is none or the lab has no step `step`.
 */
export function gradeTarget(
  folder: string,
  n: string | undefined,
  dir: string | undefined,
  step: string | undefined,
): GradeTarget {
  const target = findTarget(folder, n, dir);
  const steps = target.lab.manifest.steps;
  if (step !== undefined && !steps.some((s, i) => s.id === step || String(i + 1) === step)) {
    const ids = steps.map((s, i) => `${i + 1} (${s.id})`).join(', ');
    throw new LabError(`lab ${target.lab.manifest.number} has no step \`${step}\`; steps: ${ids}`);
  }
  return { ...target, step };
}

function findTarget(folder: string, n: string | undefined, dir: string | undefined) {
  try {
    const ws = findWorkspace(folder, n, dir);
    return { ws, lab: findLab(ws.state.lab), studentDir: ws.dir };
  } catch (error) {
    if (n === undefined || dir !== undefined || !(error instanceof LabError)) throw error;
    const lab = findLab(n);
    if (!lab.manifest.files.every((f) => existsSync(join(folder, f)))) throw error;
    return { ws: null, lab, studentDir: folder };
  }
}

/**
 * Grades `target` and, for a whole-lab grade of a workspace without extra tests, records it in
 * the workspace marker (what `lab status` and the TUI's lab pane read). Rejects with
 * GradeCancelled when options.signal is aborted.
 */
export async function gradeAndRecord(
  target: GradeTarget,
  options: Omit<GradeOptions, 'studentDir' | 'step'> = {},
): Promise<{ report: GradeReport; recorded: boolean }> {
  // Loaded when first needed: the grader brings esbuild, which the shell need not load to start.
  const { grade } = await import('./runner.ts');
  const report = await grade(target.lab, {
    ...options,
    studentDir: target.studentDir,
    step: target.step,
  });
  let recorded = false;
  if (target.ws !== null && target.step === undefined && options.hiddenTests === undefined) {
    try {
      recordGrade(target.ws, report);
      recorded = true;
    } catch {
      // A read-only folder (a lab server's copy of a submission): the grade is printed anyway.
    }
  }
  return { report, recorded };
}
