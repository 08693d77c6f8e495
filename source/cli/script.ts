/**
 * `exolab script FILE`: runs commands of the REPL's language from a file (or stdin, `-`) without
 * a terminal. Each command is echoed after a prompt, then its output, as a user would read it;
 * `--json` prints one JSON object per command instead. The first failing command stops the
 * script with `FILE:LINE: message` on stderr and exit status 1. A line marked `!` (or
 * `expect-fail`) must fail, so a script can show a refusal and still succeed.
 *
 * Files named in the script (`load alice prog.s`) are found relative to the script's folder
 * (the current folder for stdin); the lab commands work in the current folder, and a `grade`
 * runs to its end before the next line.
 */
import * as path from 'node:path';
import { CommandError, type Outcome, Session } from '../repl/index.ts';
import { answerHelpOrVersion, type CommandSpec, parseCommand } from './flags.ts';
import { parseWhole } from './numbers.ts';
import { readInputFile } from './read-input.ts';
import { readAllStdin } from './stdin-lines.ts';
import { CliFailure, UsageError } from './usage-error.ts';

const SPEC: CommandSpec = {
  name: 'exolab script',
  usage: 'exolab script FILE|- [--json] [--seed N]',
  flags: {
    json: { type: 'boolean' },
    seed: { type: 'string', value: 'N' },
  },
};

export const SCRIPT_HELP = `Run REPL commands from a file, without a terminal

Usage
  ${SPEC.usage}

Each line is one command of the REPL's language (\`help\` lists them; try
\`echo help | exolab script -\`). \`#\` starts a comment. A line starting with \`!\` (or
\`expect-fail\`) must fail: the script goes on only if the command is refused, and with
\`! E_CODE COMMAND\` only if it is refused with that error. Files named in the script are
found relative to the script's folder. The lab commands (\`lab start N\`, \`grade N\` …) work
in the current folder, as \`exolab lab\` does; each \`grade\` runs to its end before the next line.

Options
  --json       print one JSON object per command: {line, command, name, ok, expectFail,
               output, data, error}
  --seed N     the machine's seed (default 1): same script, same seed, same output
  --help, -h   show this help

Exit status
  0  every command did what it should
  1  a command failed (FILE:LINE: message on stderr), or FILE could not be read
  2  a usage error on the command line

Examples
  exolab script examples/secure-binding.exo
  exolab script examples/forged-capability.exo --json
  echo 'env new alice
  frame_alloc' | exolab script -
`;

/** Entry point of `exolab script`; returns the exit status. */
export async function scriptCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, SCRIPT_HELP);
  if (answered !== null) return answered;
  const [file, extra] = parsed.input;
  if (file === undefined)
    throw new UsageError(`\`exolab script\` needs a FILE; usage: ${SPEC.usage}`);
  if (extra !== undefined)
    throw new UsageError(`unexpected argument \`${extra}\`; usage: ${SPEC.usage}`);
  const seedText = parsed.flags.seed as string | undefined;
  const seed = seedText === undefined ? 1 : parseWhole('--seed', seedText, 0, 0xffffffff);
  const fromStdin = file === '-';
  const bytes = fromStdin ? await readAllStdin() : readInputFile(file, 'script');
  const folder = fromStdin ? process.cwd() : path.dirname(path.resolve(file));
  // Lab commands (`lab start`, `grade`) work in the current folder, as `exolab lab` does.
  const session = new Session({
    seed,
    readFile: scriptFileReader(folder),
    lab: { folder: process.cwd() },
  });
  const text = new TextDecoder().decode(bytes);
  return runScript(session, fromStdin ? '<stdin>' : file, text, parsed.flags.json === true);
}

/** Reads files named by commands, relative to `folder`; failures are CommandErrors. */
export function scriptFileReader(folder: string): (name: string) => Uint8Array {
  return (name) => {
    try {
      return readInputFile(path.resolve(folder, name), 'file');
    } catch (error) {
      if (error instanceof CliFailure)
        throw new CommandError(error.message.replace(folder + path.sep, ''));
      throw error;
    }
  };
}

/**
 * Runs every line of `text`, each to its end (a `grade` too: scripts are sequential); prints as
 * it goes; returns 0, or 1 at the first failure.
 */
async function runScript(
  session: Session,
  name: string,
  text: string,
  json: boolean,
): Promise<number> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const prompt = session.prompt();
    const outcome = await session.executeToEnd(line);
    if (outcome.command === null && outcome.ok) continue;
    write(json ? jsonLine(i + 1, line, outcome) : textOf(prompt, line, outcome));
    if (!outcome.ok) {
      process.stderr.write(`${name}:${i + 1}: ${outcome.error}\n`);
      return 1;
    }
  }
  return 0;
}

function textOf(prompt: string, line: string, outcome: Outcome): string {
  const out = [`${prompt}${line}`, ...outcome.lines];
  if (outcome.expectFail && outcome.ok) out.push(`${outcome.error}   (refused, as expected)`);
  return `${out.join('\n')}\n`;
}

function jsonLine(lineNumber: number, line: string, outcome: Outcome): string {
  return `${JSON.stringify({
    line: lineNumber,
    command: line,
    name: outcome.command,
    ok: outcome.ok,
    expectFail: outcome.expectFail,
    output: outcome.lines,
    data: outcome.data ?? null,
    error: outcome.error ?? null,
  })}\n`;
}

function write(text: string): void {
  process.stdout.write(text);
}
