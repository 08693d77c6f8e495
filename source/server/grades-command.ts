/**
 * `exolab grades export --data DIR [--csv]`: the instructor's grade sheet, the latest official
 * grade of each user for each lab (from `ssh HOST submit N`), as CSV or JSON.
 */
import { answerHelpOrVersion, type CommandSpec, parseCommand } from '../cli/flags.ts';
import { UsageError } from '../cli/usage-error.ts';
import { openDb } from './db.ts';
import { officialGrades } from './records.ts';

const SPEC: CommandSpec = {
  name: 'exolab grades',
  usage: 'exolab grades export --data DIR [--csv|--json]',
  flags: {
    data: { type: 'string', value: 'DIR' },
    csv: { type: 'boolean' },
    json: { type: 'boolean' },
  },
};

export const GRADES_HELP = `Export the lab server's official grades

Usage
  ${SPEC.usage}

One row per user and lab: the latest submission's grade (user, lab, score, max_score,
submission, graded_at). CSV by default; --json for a JSON array.

Examples
  exolab grades export --data /srv/exolab --csv > grades.csv
`;

export async function gradesCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, GRADES_HELP);
  if (answered !== null) return answered;
  const [action, extra] = parsed.input;
  if (action !== 'export')
    throw new UsageError(
      `${action === undefined ? '`exolab grades` needs an action' : `unknown action \`${action}\``}; usage: ${SPEC.usage}`,
    );
  if (extra !== undefined)
    throw new UsageError(`unexpected argument \`${extra}\`; usage: ${SPEC.usage}`);
  const dir = parsed.flags.data as string | undefined;
  if (dir === undefined)
    throw new UsageError(`\`exolab grades export\` needs \`--data DIR\`; usage: ${SPEC.usage}`);
  if (parsed.flags.csv && parsed.flags.json)
    throw new UsageError(`choose one of \`--csv\` and \`--json\`; usage: ${SPEC.usage}`);
  const db = openDb(dir);
  try {
    const rows = officialGrades(db).map((g) => ({
      user: g.user,
      lab: g.lab,
      score: g.score,
      max_score: g.max_score,
      submission: g.submission,
      graded_at: g.graded_at,
    }));
    if (parsed.flags.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const head = ['user', 'lab', 'score', 'max_score', 'submission', 'graded_at'];
    const lines = [
      head.join(','),
      ...rows.map((r) => head.map((h) => csv(String(r[h as keyof typeof r]))).join(',')),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    db.close();
  }
}

function csv(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
