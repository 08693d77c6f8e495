/**
 * The exolab command line: picks the command named by the first word and hands it the rest.
 * Each command lives in its own file under source/cli/. A UsageError becomes one line on stderr
 * and exit status 2; a CliFailure one line and its own status; anything else is a bug and says so.
 */
import { benchCommand } from './bench.ts';
import { answerHelpOrVersion, parseCommand } from './flags.ts';
import { runCommand } from './run.ts';
import { CliFailure, UsageError } from './usage-error.ts';
import { VERSION } from './version.ts';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  bench: benchCommand,
  // Loaded on demand: the kernel and the command language are not needed by `run`.
  script: async (argv) => (await import('./script.ts')).scriptCommand(argv),
  serve: async (argv) => (await import('../server/serve-command.ts')).serveCommand(argv),
  roster: async (argv) => (await import('../server/roster-command.ts')).rosterCommand(argv),
  grades: async (argv) => (await import('../server/grades-command.ts')).gradesCommand(argv),
  lab: async (argv) => (await import('./lab.ts')).labCommand(argv),
  grade: async (argv) => (await import('./grade.ts')).gradeCommand(argv),
  dashboard: async (argv) => (await import('./dashboard.ts')).dashboardCommand(argv),
};

const USAGE = 'exolab [COMMAND] [--help] [--version]';

export const MAIN_HELP = `exolab ${VERSION} — a terminal operating-systems lab on an emulated MIPS machine

Usage
  exolab                  the full-screen shell (in a terminal)
  exolab run FILE         run a SPIM/MARS program or a mipsel ELF on the bare machine
                          (or under ExOS or the baseline kernel: --kernel exos|mono)
  exolab script FILE      run REPL commands (kernel calls, inspection) from a file or stdin (-)
  exolab bench emulator   measure the emulator's speed (MIPS)
  exolab bench kernel     measure the exokernel's hot paths (STLB refills, upcalls, calls)
  exolab bench paper      the paper's experiments: monolithic baseline vs exokernel, in cycles
  exolab bench tui        the shell under load: keystroke echo, MIPS while drawing, frame time
  exolab bench server     SSH sessions the lab server holds: echo latency, memory per session
  exolab dashboard --script FILE   live charts (TLB, faults, upcalls, slices, frames) of a
                          script as it runs; --attach charts a running shell (type dashboard in it)
  exolab serve --data DIR   the shared lab server over SSH (students: ssh -p 2222 HOST)
  exolab roster           who may log in to the server: roster add USER KEYFILE, remove, list
  exolab grades export    the server's official grades, as CSV (--data DIR --csv)
  exolab lab list         the graded labs; also lab start N, status, submit N, check DIR, pack
  exolab grade [N]        grade your lab workspace: per step and test, then Score: T/P

Options
  --help, -h   show help (also after any command: exolab run --help)
  --version    show the version

Examples
  exolab run hello.s
  exolab run sieve.s --stats
  exolab script examples/secure-binding.exo
  exolab bench emulator --json
  exolab lab start 1 && cd 01-secure-bindings && exolab grade
`;

const NOT_A_TERMINAL = `exolab ${VERSION} — the full-screen shell needs a terminal on both sides; without one try \`exolab script FILE\`, \`exolab run FILE.s\`, \`exolab grade\` or \`exolab --help\``;

/** `exolab` with no command (or only flags). */
async function mainJob(argv: string[]): Promise<number> {
  const parsed = parseCommand({ name: 'exolab', usage: USAGE, flags: {} }, argv);
  const answered = answerHelpOrVersion(parsed, MAIN_HELP);
  if (answered !== null) return answered;
  if (parsed.input.length > 0) throw unknownCommand(parsed.input[0]);
  // The full-screen shell needs a terminal on both sides; piped, it says what else there is.
  if (process.stdout.isTTY && process.stdin.isTTY) {
    // NO_COLOR is turned into FORCE_COLOR=0 by bin/exolab.js, before Ink (and chalk) load.
    return (await import('../tui/index.ts')).startTui();
  }
  process.stdout.write(`${NOT_A_TERMINAL}\n`);
  return 0;
}

function unknownCommand(name: string): UsageError {
  const known = Object.keys(COMMANDS)
    .map((c) => `\`${c}\``)
    .join(', ');
  return new UsageError(`unknown command \`${name}\`; commands: ${known}; usage: ${USAGE}`);
}

async function dispatch(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) return mainJob(argv);
  const command = COMMANDS[first];
  if (!command) throw unknownCommand(first);
  return command(rest);
}

/** Runs the CLI and returns the exit status; never throws. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    if (error instanceof UsageError || error instanceof CliFailure) {
      process.stderr.write(`exolab: ${error.message}\n`);
      return error instanceof CliFailure ? error.status : 2;
    }
    // A bug in exolab, not the user's mistake: the stack only on request.
    const detail =
      error instanceof Error ? (process.env.EXOLAB_DEBUG ? error.stack : error.message) : error;
    process.stderr.write(`exolab: internal error (please report it): ${detail}\n`);
    return 70;
  }
}

// A reader that goes away (`exolab run prog.s | head`) ends the run quietly, as SIGPIPE would.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const status = await main(process.argv.slice(2));
// Let buffered output reach pipes before exiting.
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
process.exit(status);
