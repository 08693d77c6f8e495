/**
 * `exolab lab …`: the student's and the instructor's lab commands — list, start, status,
 * submit, pack and check. Grading itself is `exolab grade` (grade.ts).
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { makeBundle } from '../grader/bundle.ts';
import { checkLab } from '../grader/lab-check.ts';
import { findLab, LabError, labsRoot, listLabs } from '../grader/labs.ts';
import { maxPoints } from '../grader/manifest.ts';
import { packStudent } from '../grader/pack.ts';
import { findWorkspace, labStatus, startLab } from '../grader/workspace.ts';
import { answerHelpOrVersion, type CommandSpec, parseCommand } from './flags.ts';
import { CliFailure, UsageError } from './usage-error.ts';

const SPEC: CommandSpec = {
  name: 'exolab lab',
  usage: 'exolab lab list|start N|status|submit N|pack --student OUT|check DIR [flags]',
  flags: {
    dir: { type: 'string', value: 'DIR' },
    force: { type: 'boolean' },
    out: { type: 'string', value: 'FILE' },
    student: { type: 'string', value: 'OUT' },
    quick: { type: 'boolean' },
    json: { type: 'boolean' },
  },
};

export const LAB_HELP = `Graded labs: start one, see where you are, hand it in

Usage
  exolab lab list                      the labs, their steps and points
  exolab lab start N [--dir DIR] [--force]
                                       copy lab N's starter files, support files and README
                                       into DIR (default ./NN-name); never overwrites your
                                       work unless --force (which keeps it as NAME.bak)
  exolab lab status                    each lab's workspace here and its last grade
  exolab lab submit N [--dir DIR] [--out FILE]
                                       one bundle file of your files with a manifest and a
                                       content hash (default ./labNN-submission.json)
  exolab grade [N]                     grade your work (see \`exolab grade --help\`)

For instructors
  exolab lab check DIR [--quick]       validate a lab folder: lab.json, README.md, starter/,
                                       solution/, tests/; the solution must score full marks
                                       and the starter less (--quick: skip the starter)
  exolab lab pack --student OUT        a copy of exolab for students, without solution/ and
                                       hidden/ (instructor-only tests) folders

Options
  --json       \`lab list\` and \`lab status\` as JSON
  --help, -h   show this help

Labs live in exolab's labs/ folder (or EXOLAB_LABS). The format is in labs/README.md.

Examples
  exolab lab start 1
  cd 01-secure-bindings && exolab grade
  exolab lab submit 1
  exolab lab check labs/01-secure-bindings
`;

export async function labCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, LAB_HELP);
  if (answered !== null) return answered;
  const [sub, ...args] = parsed.input;
  try {
    switch (sub) {
      case 'list':
        return list(parsed.flags.json === true);
      case 'start':
        return start(one(args, 'start N'), parsed.flags);
      case 'status':
        return status(parsed.flags.json === true);
      case 'submit':
        return submit(one(args, 'submit N'), parsed.flags);
      case 'pack':
        return pack(parsed.flags.student as string | undefined, args);
      case 'check':
        return await check(one(args, 'check DIR'), parsed.flags.quick === true ? 'quick' : 'full');
      case undefined:
        throw new UsageError(`\`exolab lab\` needs a subcommand; usage: ${SPEC.usage}`);
      default:
        throw new UsageError(
          `unknown subcommand \`${sub}\` of \`exolab lab\`; usage: ${SPEC.usage}`,
        );
    }
  } catch (error) {
    if (error instanceof LabError) throw new CliFailure(error.message, 2);
    throw error;
  }
}

function one(args: string[], form: string): string {
  if (args.length !== 1) throw new UsageError(`usage: exolab lab ${form}`);
  return args[0];
}

function list(json: boolean): number {
  const labs = listLabs();
  if (json) {
    const out = labs.map(({ id, manifest: m }) => ({
      number: m.number,
      id,
      title: m.title,
      summary: m.summary,
      points: maxPoints(m),
      steps: m.steps.map((s) => ({ id: s.id, title: s.title })),
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  if (labs.length === 0) {
    process.stdout.write(`no labs in ${labsRoot()}\n`);
    return 0;
  }
  for (const { manifest: m } of labs) {
    process.stdout.write(
      `${String(m.number).padStart(2)}  ${m.title} — ${m.summary} (${maxPoints(m)} points)\n`,
    );
    m.steps.forEach((s, i) => {
      process.stdout.write(`      ${i + 1}. ${s.title}\n`);
    });
  }
  process.stdout.write('\nStart one with `exolab lab start N`.\n');
  return 0;
}

function start(n: string, flags: Record<string, unknown>): number {
  const lab = findLab(n);
  const { dir, files } = startLab(lab, flags.dir as string | undefined, flags.force === true);
  const shown = relative(process.cwd(), dir) || '.';
  process.stdout.write(
    `Lab ${lab.manifest.number}: ${lab.manifest.title}\n` +
      `  ${shown}/ now holds ${files.join(', ')}\n` +
      `  edit ${lab.manifest.files.join(', ')}; read README.md for the steps\n` +
      `  then: cd ${shown} && exolab grade\n`,
  );
  return 0;
}

function status(json: boolean): number {
  const rows = labStatus(process.cwd());
  if (json) {
    const out = rows.map(({ lab, workspace }) => ({
      number: lab.manifest.number,
      id: lab.id,
      workspace: workspace?.dir ?? null,
      lastGrade: workspace?.state.lastGrade ?? null,
    }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  for (const { lab, workspace } of rows) {
    const m = lab.manifest;
    const head = `${String(m.number).padStart(2)}  ${m.title}`;
    if (workspace === null) {
      process.stdout.write(`${head}: not started (\`exolab lab start ${m.number}\`)\n`);
      continue;
    }
    const where = relative(process.cwd(), workspace.dir) || '.';
    const g = workspace.state.lastGrade;
    const grade = g
      ? `last grade ${g.score}/${g.maxScore} (${g.steps.map((s) => `${s.id} ${s.points}/${s.maxPoints}`).join(', ')})`
      : 'not graded yet';
    process.stdout.write(`${head}: ${where}/, ${grade}\n`);
  }
  return 0;
}

function submit(n: string, flags: Record<string, unknown>): number {
  const ws = findWorkspace(process.cwd(), n, flags.dir as string | undefined);
  const lab = findLab(ws.state.lab);
  const m = lab.manifest;
  const bundle = makeBundle(
    { id: lab.id, number: m.number, title: m.title },
    ws.dir,
    m.files,
    ws.state.lastGrade,
  );
  const out =
    (flags.out as string | undefined) ?? `lab${String(m.number).padStart(2, '0')}-submission.json`;
  writeFileSync(out, `${JSON.stringify(bundle, null, 2)}\n`);
  const grade = ws.state.lastGrade
    ? `, last grade ${ws.state.lastGrade.score}/${ws.state.lastGrade.maxScore}`
    : ', not graded yet';
  process.stdout.write(
    `${out}: lab ${m.number}, ${bundle.files.map((f) => f.name).join(', ')}${grade}\n  sha256 ${bundle.sha256}\n`,
  );
  return 0;
}

function pack(out: string | undefined, args: string[]): number {
  if (out === undefined || args.length > 0)
    throw new UsageError('usage: exolab lab pack --student OUT');
  const packed = packStudent(out);
  process.stdout.write(
    `${packed.out}: exolab for students, labs ${packed.labs.join(', ')} without their solutions\n`,
  );
  return 0;
}

async function check(dir: string, mode: 'full' | 'quick'): Promise<number> {
  const result = await checkLab(dir, mode);
  if (result.errors.length > 0) {
    process.stderr.write(`${result.errors.map((e) => `exolab: ${e}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write(`${dir}: ok, ${result.summary}\n`);
  return 0;
}
