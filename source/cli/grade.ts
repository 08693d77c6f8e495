/**
 * `exolab grade [N]`: grades the student's lab workspace (grader: source/grader/) and prints
 * per step and per test what passed, what failed and why, ending with `Score: T/P`. Exit
 * status 0 only on full marks, so scripts can use it; `--json` writes Gradescope's
 * results.json shape instead.
 */
import { writeFileSync } from 'node:fs';
import { toGradescope } from '../grader/gradescope.ts';
import { gradeAndRecord, gradeTarget } from '../grader/lab-actions.ts';
import { LabError } from '../grader/labs.ts';
import { formatReport } from '../grader/report.ts';
import { answerHelpOrVersion, type CommandSpec, parseCommand } from './flags.ts';
import { CliFailure, UsageError } from './usage-error.ts';

const SPEC: CommandSpec = {
  name: 'exolab grade',
  usage:
    'exolab grade [N] [--step S] [--json] [--out FILE] [--tests DIR] [--dir DIR] [--no-typecheck] [--sandbox]',
  flags: {
    step: { type: 'string', value: 'S' },
    json: { type: 'boolean' },
    out: { type: 'string', value: 'FILE' },
    tests: { type: 'string', value: 'DIR' },
    dir: { type: 'string', value: 'DIR' },
    typecheck: { type: 'boolean' },
    sandbox: { type: 'boolean' },
  },
};

export const GRADE_HELP = `Grade your work on a lab

Usage
  ${SPEC.usage}

Grades the lab workspace in the current folder (made by \`exolab lab start N\`), or lab N's
workspace below it. Your TypeScript is type-checked and run against the lab's tests, each in a
fresh deterministic machine; limits are emulated cycles, so a slow laptop never fails a correct
solution. For each failure you see what was expected, what happened, the last kernel events and
the step's hint. An infinite loop or a throw in your code is reported as such.

Options
  --step S        grade one step only (its number or its id, e.g. 2 or stlb)
  --json          print Gradescope's results.json (score, max_score, tests[]) instead of text
  --out FILE      write the --json results to FILE instead of stdout
  --tests DIR     also run the instructor's extra tests in DIR (*.lab.ts); marked hidden
  --dir DIR       the workspace folder (default: found from the current folder)
  --no-typecheck  run the tests even if your code has type errors
  --sandbox       run your code in a separate node process that may read only your folder and
                  the lab, write only a temp folder, and start no process or worker (the lab
                  server grades this way)
  --help, -h      show this help

Exit status
  0  full marks     1  anything less     2  a usage error (no workspace, no such lab)

Examples
  exolab grade
  exolab grade 1 --step stlb
  exolab grade 3 --json --out results.json
`;

export async function gradeCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, GRADE_HELP);
  if (answered !== null) return answered;
  if (parsed.input.length > 1)
    throw new UsageError(`\`exolab grade\` takes one lab number; usage: ${SPEC.usage}`);
  const f = parsed.flags;
  if (f.out !== undefined && !f.json)
    throw new UsageError(`\`--out\` goes with \`--json\`; usage: ${SPEC.usage}`);
  try {
    const target = gradeTarget(
      process.cwd(),
      parsed.input[0],
      f.dir as string | undefined,
      f.step as string | undefined,
    );
    const { report } = await gradeAndRecord(target, {
      hiddenTests: f.tests as string | undefined,
      typeCheck: f.typecheck !== false,
      sandbox: f.sandbox === true,
    });
    if (f.json) {
      const json = `${JSON.stringify(toGradescope(report), null, 2)}\n`;
      if (f.out !== undefined) writeFileSync(f.out as string, json);
      else process.stdout.write(json);
    } else process.stdout.write(formatReport(report));
    return report.score === report.maxScore && report.maxScore > 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof LabError) throw new CliFailure(error.message, 2);
    throw error;
  }
}
