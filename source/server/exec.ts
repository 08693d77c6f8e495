/**
 * Commands a user may run without a terminal (`ssh host COMMAND`): `grade N` (practice),
 * `submit N` (official) and `grades` (what is recorded). Any other command is refused with one
 * line naming the ones there are; nothing is ever handed to a shell.
 */
import type { ServerChannel } from 'ssh2';
import type { Db } from './db.ts';
import type { GradingService } from './grading.ts';
import { gradesOf } from './records.ts';

export const EXEC_COMMANDS = 'grade N, submit N, grades';

export type ExecRequest = { kind: 'grade' | 'submit'; lab: number } | { kind: 'grades' };

/** The request `command` makes, or an error line. */
export function parseExec(command: string): ExecRequest | { error: string } {
  const words = command.trim().split(/\s+/);
  const [name, arg, extra] = words;
  if ((name === 'grade' || name === 'submit') && extra === undefined) {
    if (arg !== undefined && /^\d{1,3}$/.test(arg)) return { kind: name, lab: Number(arg) };
    return { error: `\`${name}\` needs a lab number: \`${name} N\`, e.g. \`${name} 1\`` };
  }
  if (name === 'grades' && arg === undefined) return { kind: 'grades' };
  const shown = command.length > 60 ? `${command.slice(0, 57)}…` : command;
  return {
    error: `\`${shown}\` is not allowed here; commands: ${EXEC_COMMANDS} (or log in without a command for the shell)`,
  };
}

export interface ExecContext {
  db: Db;
  grading: GradingService;
  user: string;
  workspace: string;
}

/** Runs `request` on `channel` and ends it with the exit status. */
export async function runExec(
  channel: ServerChannel,
  request: ExecRequest,
  c: ExecContext,
): Promise<void> {
  const say = (line: string) => channel.writable && channel.write(`${line}\n`);
  let status = 0;
  try {
    if (request.kind === 'grades') {
      const rows = gradesOf(c.db, c.user);
      if (rows.length === 0) say('no grades recorded yet');
      for (const g of rows) {
        say(
          `lab ${g.lab}  ${g.official ? 'official' : 'practice'}  ${g.score}/${g.max_score}  #${g.submission}  ${g.graded_at}`,
        );
      }
    } else {
      const answer = await c.grading.request(c.user, c.workspace, request.lab, request.kind, say);
      for (const line of answer.lines) say(line);
      status = answer.ok ? 0 : 1;
    }
  } catch (error) {
    channel.stderr.write(`exolab: ${(error as Error).message}\n`);
    status = 1;
  }
  channel.exit(status);
  channel.end();
}
