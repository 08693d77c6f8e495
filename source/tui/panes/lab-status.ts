/**
 * What the lab pane shows, read from the student's lab workspace (the same `.exolab-lab.json`
 * that `exolab lab status` reads, source/grader/workspace.ts): which lab, the step to work on
 * (the first not at full marks in the last grade, else the first), that step's instructions
 * from the lab's README, its hint, and the last grade per step. Pure but for reading files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLab, listLabs } from '../../grader/labs.ts';
import { findWorkspace, type WorkspaceState } from '../../grader/workspace.ts';

export interface LabStep {
  number: number;
  id: string;
  title: string;
  /** Points in the last grade, or null when never graded. */
  points: number | null;
  maxPoints: number;
}

export type LabPaneState =
  | { kind: 'none'; labs: string[] }
  | {
      kind: 'lab';
      dir: string;
      number: number;
      title: string;
      steps: LabStep[];
      /** The step to work on (index into steps), or null when every step has full marks. */
      current: number | null;
      /** The current step's instructions from the README (one paragraph), and its hint. */
      instructions: string;
      hint: string;
      lastGrade: { score: number; maxScore: number } | null;
    };

/** The numbered step paragraphs of a lab README's "## Steps" section, by step number. */
export function readmeSteps(readme: string): Map<number, string> {
  const out = new Map<number, string>();
  const section = readme.split(/^## /m).find((s) => s.startsWith('Steps'));
  if (section === undefined) return out;
  let number = 0;
  for (const line of section.split('\n').slice(1)) {
    const start = /^(\d+)\.\s+(.*)$/.exec(line);
    if (start) {
      number = Number(start[1]);
      out.set(number, start[2]!.trim());
    } else if (number > 0 && /^\s+\S/.test(line)) {
      out.set(number, `${out.get(number)} ${line.trim()}`);
    } else if (line.trim() !== '') number = 0;
  }
  return out;
}

/** The lab pane's state for the workspace at or around `cwd`. Never throws. */
export function readLabPane(cwd: string): LabPaneState {
  let workspace: { dir: string; state: WorkspaceState };
  try {
    workspace = findWorkspace(cwd);
  } catch {
    return { kind: 'none', labs: safeLabs() };
  }
  const { dir, state } = workspace;
  let lab: ReturnType<typeof findLab>;
  try {
    lab = findLab(state.lab);
  } catch {
    return { kind: 'none', labs: safeLabs() };
  }
  const graded = new Map((state.lastGrade?.steps ?? []).map((s) => [s.id, s]));
  const steps: LabStep[] = lab.manifest.steps.map((s, i) => ({
    number: i + 1,
    id: s.id,
    title: s.title,
    points: graded.get(s.id)?.points ?? null,
    maxPoints: s.tests.reduce((n, t) => n + t.points, 0),
  }));
  const open = steps.findIndex((s) => s.points === null || s.points < s.maxPoints);
  const current = state.lastGrade ? (open >= 0 ? open : null) : 0;
  const readmePath = existsSync(join(dir, 'README.md'))
    ? join(dir, 'README.md')
    : join(lab.dir, 'README.md');
  let paragraphs = new Map<number, string>();
  try {
    paragraphs = readmeSteps(readFileSync(readmePath, 'utf8'));
  } catch {}
  const step = current === null ? null : steps[current]!;
  return {
    kind: 'lab',
    dir,
    number: lab.manifest.number,
    title: lab.manifest.title,
    steps,
    current,
    instructions: step ? (paragraphs.get(step.number) ?? step.title) : 'Every step has full marks.',
    hint: step ? (lab.manifest.steps[step.number - 1]?.hint ?? '') : '',
    lastGrade: state.lastGrade
      ? { score: state.lastGrade.score, maxScore: state.lastGrade.maxScore }
      : null,
  };
}

function safeLabs(): string[] {
  try {
    return listLabs().map((l) => `${l.manifest.number} ${l.manifest.title}`);
  } catch {
    return [];
  }
}
