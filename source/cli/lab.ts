/**
 * `exolab lab …`: the student's and the instructor's lab commands — list, start, status,
 * submit, pack and check. Grading itself is `exolab grade` (grade.ts).
 */
import { labStatusSaid, listLabsSaid, startLabSaid, submitLabSaid } from '../grader/lab-actions.ts';
import { checkLab } from '../grader/lab-check.ts';
import { LabError } from '../grader/labs.ts';
import { packStudent } from '../grader/pack.ts';
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
The shell (\`exolab\`) and \`exolab script\` have the same commands: \`lab list\`,
\`lab start N\`, \`lab status\`, \`lab submit N\` and \`grade [N] [--step S]\`.

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

function print(lines: string[]): void {
  process.stdout.write(lines.map((l) => `${l}\n`).join(''));
}

function list(json: boolean): number {
  const said = listLabsSaid('cli');
  if (json) process.stdout.write(`${JSON.stringify(said.data, null, 2)}\n`);
  else print(said.lines);
  return 0;
}

function start(n: string, flags: Record<string, unknown>): number {
  const dir = flags.dir as string | undefined;
  print(startLabSaid(process.cwd(), n, dir, flags.force === true, 'cli').lines);
  return 0;
}

function status(json: boolean): number {
  const said = labStatusSaid(process.cwd(), 'cli');
  if (json) process.stdout.write(`${JSON.stringify(said.data, null, 2)}\n`);
  else print(said.lines);
  return 0;
}

function submit(n: string, flags: Record<string, unknown>): number {
  const { dir, out } = flags as { dir?: string; out?: string };
  print(submitLabSaid(process.cwd(), n, dir, out).lines);
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
