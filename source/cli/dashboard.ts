/**
 * `exolab dashboard`: live charts of a machine in a terminal of their own (blessed-contrib, in
 * this process only). `--script FILE` runs a script and charts it as it runs; `--attach [SOCKET]`
 * charts a running shell session, which offers its socket when `dashboard` is typed in it.
 */
import * as path from 'node:path';
import { answerHelpOrVersion, type CommandSpec, parseCommand } from './flags.ts';
import { parseWhole } from './numbers.ts';
import { readInputFile } from './read-input.ts';
import { CliFailure, UsageError } from './usage-error.ts';

const SPEC: CommandSpec = {
  name: 'exolab dashboard',
  usage: 'exolab dashboard --script FILE [--seed N] | --attach [SOCKET]',
  flags: {
    script: { type: 'string', value: 'FILE' },
    seed: { type: 'string', value: 'N' },
    attach: { type: 'boolean' },
  },
};

export const DASHBOARD_HELP = `Live charts of the machine: TLB and STLB hit rate, page faults and upcalls per
million cycles, revocations and aborts, slice occupancy per environment, frames in use

Usage
  ${SPEC.usage}

The x axis is the machine's emulated time. The dashboard takes the whole terminal;
q, Escape or Ctrl-C leaves it and gives the terminal back.

Options
  --script FILE   run a script of REPL commands (as \`exolab script\` does) and chart it as
                  it runs; the charts stay after the script ends
  --seed N        the script's machine seed (default 1)
  --attach        chart a running exolab shell: type \`dashboard\` in the shell, then run the
                  command it prints (in tmux it opens a pane by itself). Without SOCKET the
                  newest session of yours is used.
  --help, -h      show this help

Exit status
  0  you quit; 1  a script line failed (FILE:LINE: message), a file could not be read, or
  no session to attach to; 2  a usage error

Examples
  exolab dashboard --script examples/revocation.exo
  exolab dashboard --attach
`;

/** Entry point of `exolab dashboard`; returns the exit status. */
export async function dashboardCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, DASHBOARD_HELP);
  if (answered !== null) return answered;
  const script = parsed.flags.script as string | undefined;
  const attach = parsed.flags.attach === true;
  const [socketPath, extra] = parsed.input;
  if (script !== undefined && attach)
    throw new UsageError(`give --script or --attach, not both; usage: ${SPEC.usage}`);
  if (script === undefined && !attach)
    throw new UsageError(
      `\`exolab dashboard\` needs --script FILE or --attach; usage: ${SPEC.usage}`,
    );
  const unexpected = attach ? extra : socketPath;
  if (unexpected !== undefined)
    throw new UsageError(`unexpected argument \`${unexpected}\`; usage: ${SPEC.usage}`);
  if (attach && parsed.flags.seed !== undefined)
    throw new UsageError(`--seed goes with --script; usage: ${SPEC.usage}`);
  const seedText = parsed.flags.seed as string | undefined;
  const seed = seedText === undefined ? 1 : parseWhole('--seed', seedText, 0, 0xffffffff);

  // Everything that can fail is checked before the screen is taken.
  if (script === '-')
    throw new UsageError(
      `--script needs a FILE (stdin is the keyboard here); usage: ${SPEC.usage}`,
    );
  const bytes = script === undefined ? null : readInputFile(script, 'script');
  if (!process.stdout.isTTY || !process.stdin.isTTY)
    throw new CliFailure('`exolab dashboard` draws on a terminal; run it in one', 1);

  if (bytes !== null && script !== undefined) {
    const [{ Session }, { scriptFileReader }, { dashboardFromScript }] = await Promise.all([
      import('../repl/index.ts'),
      import('./script.ts'),
      import('../dashboard/run.ts'),
    ]);
    const folder = path.dirname(path.resolve(script));
    const session = new Session({ seed, readFile: scriptFileReader(folder) });
    const text = new TextDecoder().decode(bytes);
    const failure: string[] = [];
    const status = await dashboardFromScript(session, script, text, {}, (f) => failure.push(f));
    for (const line of failure) process.stderr.write(`${line}\n`);
    return status;
  }
  const { connect, findSession } = await import('../dashboard/attach.ts');
  const socket = socketPath === undefined ? await findSession() : await connect(socketPath);
  const { dashboardFromSession } = await import('../dashboard/run.ts');
  return dashboardFromSession(socket, socketPath ?? 'newest');
}
