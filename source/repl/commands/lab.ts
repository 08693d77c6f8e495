/**
 * The lab commands of the shell: `lab list|start|status|submit` and `grade`, the same work as
 * `exolab lab …` and `exolab grade` (source/grader/lab-actions.ts) in the session's lab folder.
 * `grade` is a job: it runs the grader's worker while the screen stays alive, says each step's
 * points as its tests finish, ends with the report and `Score: T/P`, records a whole-lab grade
 * in the workspace marker as `exolab grade` does (the lab pane follows it), and stops at Ctrl-C.
 */
import { relative, resolve, sep } from 'node:path';
import {
  type GradeTarget,
  gradeAndRecord,
  gradeTarget,
  labStatusSaid,
  listLabsSaid,
  startLabSaid,
  submitLabSaid,
} from '../../grader/lab-actions.ts';
import { LabError } from '../../grader/labs.ts';
import { formatReport } from '../../grader/report.ts';
import { MARKER } from '../../grader/workspace.ts';
import { type Command, CommandError, type JobIo, said } from '../command.ts';
import type { LabSetup, Session } from '../session.ts';

const SUBCOMMANDS = ['list', 'start', 'status', 'submit'] as const;

const LAB_FORM =
  'lab list | lab start N [--dir DIR] [--force] | lab status | lab submit N [--dir DIR] [--out FILE]';

/** On a lab server the student's code runs only in the server's sandbox. */
const ON_SERVER =
  "runs in the lab server's sandbox, not in this shell: from your own terminal, `ssh USER@HOST grade N` grades (practice) and `ssh USER@HOST submit N` hands in";

/** The session's lab folder, or a refusal. */
function labSetup(session: Session): LabSetup {
  if (session.lab === null) {
    throw new CommandError(
      'this session has no lab folder (the shell and `exolab script` have one)',
    );
  }
  return session.lab;
}

/** Runs `work`, turning a LabError into a CommandError in the shell's words. */
function labWork<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof LabError) throw new CommandError(shellWords(error.message));
    throw error;
  }
}

/** `exolab lab start 1` → `lab start 1`: the grader's messages name the CLI's commands. */
function shellWords(message: string): string {
  return message.replace(/`exolab (lab|grade)/g, '`$1').replace(/\n/g, '; ');
}

/** A folder named in a command: on a lab server it must stay inside the student's folder. */
function folderArg(setup: LabSetup, dir: string | undefined, what: string): string | undefined {
  if (dir === undefined || !setup.server) return dir;
  const at = resolve(setup.folder, dir);
  if (at !== setup.folder && !at.startsWith(setup.folder + sep)) {
    throw new CommandError(`${what} \`${dir}\` is outside your workspace`);
  }
  return dir;
}

const lab: Command = {
  name: 'lab',
  group: 'lab',
  outsideMachine: true,
  args: [
    { name: 'SUB', kind: 'word', choices: SUBCOMMANDS },
    { name: 'N', kind: 'lab', optional: true },
  ],
  flags: [
    { name: '--dir', value: 'DIR', kind: 'file', help: 'the workspace folder (start, submit)' },
    { name: '--force', help: 'start over: your files are kept as NAME.bak (start)' },
    { name: '--out', value: 'FILE', kind: 'file', help: 'the bundle file (submit)' },
  ],
  form: LAB_FORM,
  help: 'your graded labs: list them, start one (copies its starter), see your grades, hand one in',
  example: 'lab start 1',
  run(session, { values: [sub, n], flags, options }) {
    const setup = labSetup(session);
    const takesN = sub === 'start' || sub === 'submit';
    if (takesN && n === undefined) throw new CommandError(`${sub} needs a lab number N`, true);
    if (!takesN && n !== undefined) {
      throw new CommandError(`\`lab ${sub}\` takes no lab number (got \`${n}\`)`, true);
    }
    const allowed: Record<string, string[]> = {
      start: ['--dir', '--force'],
      submit: ['--dir', '--out'],
    };
    for (const flag of flags) {
      if (!(allowed[sub as string] ?? []).includes(flag)) {
        throw new CommandError(`\`lab ${sub}\` takes no ${flag}`, true);
      }
    }
    const dir = folderArg(setup, options.get('--dir'), 'folder');
    switch (sub) {
      case 'list':
        return labWork(() => listLabsSaid('shell'));
      case 'status':
        return labWork(() => labStatusSaid(setup.folder, 'shell'));
      case 'start':
        return labWork(() =>
          startLabSaid(setup.folder, n as string, dir, flags.has('--force'), 'shell'),
        );
      default: {
        if (setup.server) throw new CommandError(`submit ${ON_SERVER}`);
        const out = folderArg(setup, options.get('--out'), 'file');
        return labWork(() => submitLabSaid(setup.folder, n as string, dir, out));
      }
    }
  },
};

const grade: Command = {
  name: 'grade',
  group: 'lab',
  outsideMachine: true,
  args: [{ name: 'N', kind: 'lab', optional: true }],
  flags: [
    {
      name: '--step',
      value: 'S',
      kind: 'step',
      help: 'grade one step only (its number or id); not recorded as your grade',
    },
  ],
  form: 'grade [N] [--step S]',
  help: "grades your lab workspace (lab N's, or the one here): each step as it finishes, then the report and Score; Ctrl-C cancels",
  example: 'grade 1 --step stlb',
  async start(session, { values: [n], options }, io) {
    const setup = labSetup(session);
    if (setup.server) throw new CommandError(ON_SERVER);
    const step = options.get('--step');
    const target = labWork(() =>
      gradeTarget(setup.folder, n as string | undefined, undefined, step),
    );
    const m = target.lab.manifest;
    const what = step === undefined ? '' : `, step ${step}`;
    io.progress([`grading lab ${m.number}: ${m.title}${what} … (Ctrl-C cancels)`]);
    try {
      const { report, recorded } = await gradeAndRecord(target, {
        signal: io.signal,
        onResult: stepProgress(target, io),
      });
      const lines = ['', ...formatReport(report).replace(/\n$/, '').split('\n')];
      if (recorded && target.ws !== null) {
        const where = relative(setup.folder, target.ws.dir) || '.';
        lines.push(`recorded in ${where}/${MARKER}: \`lab status\` and the lab pane show it`);
      } else if (step !== undefined) {
        lines.push('(one step only: not recorded as your grade)');
      }
      return said(lines, report);
    } catch (error) {
      // The grader rejects with GradeCancelled once the signal is aborted.
      if (io.signal.aborted) {
        return said('grade cancelled (Ctrl-C): the grader was stopped, nothing recorded', {
          cancelled: true,
        });
      }
      if (error instanceof LabError) throw new CommandError(shellWords(error.message));
      throw error;
    }
  },
};

/** Says a step's points once every test of it has a result. */
function stepProgress(target: GradeTarget, io: JobIo) {
  const steps = target.lab.manifest.steps
    .map((s, i) => ({ step: s, number: i + 1 }))
    .filter(
      ({ step, number }) =>
        target.step === undefined || [step.id, String(number)].includes(target.step),
    );
  const passed = new Map<string, boolean>();
  const said = new Set<string>();
  return ({ name, status }: { name: string; status: string }) => {
    passed.set(name, status === 'passed');
    for (const { step, number } of steps) {
      if (said.has(step.id) || !step.tests.every((t) => passed.has(t.name))) continue;
      said.add(step.id);
      const points = step.tests.reduce((p, t) => p + (passed.get(t.name) ? t.points : 0), 0);
      const max = step.tests.reduce((p, t) => p + t.points, 0);
      const mark = points === max ? '✓' : '✗';
      io.progress([`  step ${number} (${step.id}): ${points}/${max}  ${mark}`]);
    }
  };
}

export const labCommands: Command[] = [lab, grade];
