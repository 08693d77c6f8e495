/**
 * `exolab serve --port P --data DIR [--roster FILE]`: runs the lab server until SIGTERM or
 * SIGINT, then shuts it down gracefully (every session told and saved, nothing acknowledged
 * lost). The roster file, if given, is added to the roster in DIR at start.
 */
import * as fs from 'node:fs';
import { answerHelpOrVersion, type CommandSpec, parseCommand } from '../cli/flags.ts';
import { CliFailure, UsageError } from '../cli/usage-error.ts';
import { openDb } from './db.ts';
import { exolabGrader, fileGrader } from './grader-spec.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { importRoster, RosterError } from './roster.ts';
import { startLabServer } from './server.ts';

const SPEC: CommandSpec = {
  name: 'exolab serve',
  usage:
    'exolab serve --data DIR [--port P] [--host ADDR] [--roster FILE] [--idle-minutes M] [--max-sessions N] [--grader FILE]',
  flags: {
    data: { type: 'string', value: 'DIR' },
    port: { type: 'string', value: 'P' },
    host: { type: 'string', value: 'ADDR' },
    roster: { type: 'string', value: 'FILE' },
    idleMinutes: { type: 'string', value: 'M' },
    maxSessions: { type: 'string', value: 'N' },
    grader: { type: 'string', value: 'FILE' },
  },
};

export const SERVE_HELP = `Run the shared lab server: students reach exolab with \`ssh -p P HOST\`

Usage
  ${SPEC.usage}

Each user on the roster logs in with their SSH key (or password, if one is set) and gets the
full-screen shell on their own machine, kept across logins; \`sftp\` reaches their workspace
(DIR/users/NAME); \`ssh HOST grade N\` grades lab N, \`ssh HOST submit N\` submits it for the
official grade (with the hidden tests in DIR/hidden-tests/N/), \`ssh HOST grades\` lists grades.

Options
  --data DIR          the server's folder: host key, database, workspaces, server.log (required)
  --port P            port to listen on (default 2222; 0 picks a free one)
  --host ADDR         address to listen on (default 0.0.0.0)
  --roster FILE       add the users and keys in FILE (lines \`USER KEYTYPE BASE64 [COMMENT]\`)
  --idle-minutes M    end sessions idle that long, saving them (default ${DEFAULT_LIMITS.idleMs / 60_000})
  --max-sessions N    sessions in all (default ${DEFAULT_LIMITS.maxSessions}; ${DEFAULT_LIMITS.maxSessionsPerUser} per user)
  --grader FILE       grade with FILE instead of exolab's grader: a JavaScript file run as
                      \`node FILE grade N --json [--tests DIR]\` in a copy of the workspace, under
                      the permission model (no child processes, no workers), printing
                      Gradescope's results.json
  --help, -h          show this help

SIGTERM or Ctrl-C stops it gracefully. See also \`exolab roster\`, \`exolab grades\`.

Examples
  exolab roster add alice alice.pub --data /srv/exolab
  exolab serve --data /srv/exolab --port 2222
`;

export async function serveCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, SERVE_HELP);
  if (answered !== null) return answered;
  if (parsed.input.length > 0)
    throw new UsageError(`unexpected argument \`${parsed.input[0]}\`; usage: ${SPEC.usage}`);
  const dir = parsed.flags.data as string | undefined;
  if (dir === undefined)
    throw new UsageError(`\`exolab serve\` needs \`--data DIR\`; usage: ${SPEC.usage}`);
  const port = count('--port', parsed.flags.port, 2222, 65535);
  const idle = count(
    '--idle-minutes',
    parsed.flags.idleMinutes,
    DEFAULT_LIMITS.idleMs / 60_000,
    24 * 60,
  );
  const maxSessions = count(
    '--max-sessions',
    parsed.flags.maxSessions,
    DEFAULT_LIMITS.maxSessions,
    10_000,
  );
  const roster = parsed.flags.roster as string | undefined;
  const grader = parsed.flags.grader as string | undefined;
  if (grader !== undefined && !fs.existsSync(grader))
    throw new CliFailure(`no grader file \`${grader}\``);
  if (roster !== undefined) addRosterFile(dir, roster);
  const server = await startLabServer({
    dir,
    port,
    host: parsed.flags.host as string | undefined,
    limits: { idleMs: Math.max(1, idle) * 60_000, maxSessions },
    grader: grader === undefined ? exolabGrader() : fileGrader(grader),
    echoLog: true,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE')
      throw new CliFailure(`port ${port} is in use; choose another with \`--port P\``);
    if (error.code === 'EACCES')
      throw new CliFailure(`not allowed to listen on port ${port}; use a port above 1023`);
    throw error;
  });
  process.stderr.write(
    `exolab serve: listening on port ${server.port}; host key ${server.hostKeyFingerprint}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      process.stderr.write('exolab serve: shutting down: saving sessions…\n');
      void server.close().then(resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}

function addRosterFile(dir: string, file: string): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliFailure(`cannot read the roster file \`${file}\``);
  }
  const db = openDb(dir);
  try {
    const { users, keys } = importRoster(db, text, file);
    process.stderr.write(`exolab serve: roster ${file}: ${users} users, ${keys} new keys\n`);
  } catch (error) {
    if (error instanceof RosterError) throw new CliFailure(error.message);
    throw error;
  } finally {
    db.close();
  }
}

function count(flag: string, text: unknown, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(String(text)) || n > max)
    throw new UsageError(
      `${flag} \`${text}\` is not a whole number from 0 to ${max}; usage: ${SPEC.usage}`,
    );
  return n;
}
