/**
 * `exolab bench`: the project's benchmark harness (DESIGN.md section 8): `bench emulator`,
 * `bench kernel` and `bench paper`; `bench server` arrives with a later milestone.
 */
import { answerHelpOrVersion, type CommandSpec, parseCommand } from './flags.ts';
import { parseSeconds } from './numbers.ts';
import { CliFailure, UsageError } from './usage-error.ts';

const SPEC: CommandSpec = {
  name: 'exolab bench',
  usage: 'exolab bench emulator|kernel|paper|tui|server [--json] [--seconds S] [--sessions N,N,…]',
  flags: {
    json: { type: 'boolean' },
    seconds: { type: 'string', value: 'S' },
    sessions: { type: 'string', value: 'N,N,…' },
  },
};

export const BENCH_HELP = `Measure exolab (benchmarks are never timed tests)

Usage
  ${SPEC.usage}

Benchmarks
  emulator   host MIPS of the emulator on bench/sieve.s and bench/tlb-heavy.s (a program
             that keeps missing in the 64-entry TLB), run in bare mode under both engines
             (interpreter and block compiler); when qemu-mipsel (with mipsel-linux-gnu-gcc)
             or spim is installed, the same programs under them and the ratios
  kernel     the exokernel's hot paths from MIPS code: TLB misses refilled from the STLB,
             upcalls into a TypeScript library-OS fault handler, and kernel calls; emulated
             cycles per operation and host operations per second
  paper      the exokernel paper's experiments (bench/paper/*.s) under the monolithic
             baseline and the exokernel: cycles and emulated microseconds per exception,
             null call, IPC round trip, packet filter (interpreted vs compiled), pipe
             round trip (kernel vs library OS) and the VM and paging rows, our ratio beside
             the paper's; deterministic, no wall clock (--seconds does not apply)
  tui        the full-screen shell drawn by Ink into a stand-in terminal: keystroke-to-echo
             latency idle and while a program runs, emulator MIPS with the shell drawing
             against headless, and Ink's time per frame at 120×40 and 200×60
  server     \`exolab serve\` under SSH sessions that type \`run\` lines and run a program
             that never stops: keystroke-echo latency percentiles, server memory per
             session, and the most sessions with p99 echo under 100 ms (steps from
             --sessions, default 10,25,50,100; --seconds S per step, default 10)

Options
  --seconds S   run each benchmark repeatedly for about S seconds (default 3) and report
                medians; the first run only warms up when there are others
  --sessions N,N,…  (server) the numbers of sessions to measure, in order
  --json        print the results as JSON
  --help, -h    show this help
`;

const DEFAULT_SECONDS = 3;

/** Entry point of `exolab bench`; returns the exit status. */
export async function benchCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, BENCH_HELP);
  if (answered !== null) return answered;
  const [which, extra] = parsed.input;
  if (which === undefined)
    throw new UsageError(`\`exolab bench\` needs a benchmark; usage: ${SPEC.usage}`);
  if (
    which !== 'emulator' &&
    which !== 'kernel' &&
    which !== 'paper' &&
    which !== 'tui' &&
    which !== 'server'
  ) {
    throw new UsageError(
      `unknown benchmark \`${which}\`; benchmarks: \`emulator\`, \`kernel\`, \`paper\`, \`tui\`, \`server\`; usage: ${SPEC.usage}`,
    );
  }
  if (extra !== undefined)
    throw new UsageError(`unexpected argument \`${extra}\`; usage: ${SPEC.usage}`);
  if (which === 'paper') return benchPaperCommand(parsed.flags.json === true);
  const text = parsed.flags.seconds as string | undefined;
  if (which === 'server') {
    const { benchServerCommand } = await import('../bench/server-command.ts');
    const perStep = text === undefined ? 10 : parseSeconds('--seconds', text, 3600);
    return benchServerCommand(
      parsed.flags.sessions as string | undefined,
      perStep,
      parsed.flags.json === true,
    );
  }
  const seconds = text === undefined ? DEFAULT_SECONDS : parseSeconds('--seconds', text, 3600);
  if (which === 'kernel') return benchKernelCommand(seconds, parsed.flags.json === true);
  if (which === 'tui') return benchTuiCommand(seconds, parsed.flags.json === true);
  const { benchEmulator, formatSpeedups, formatTable } = await import('../bench/emulator.ts');
  const { benchReferences, formatReferences } = await import('../bench/reference-emulators.ts');
  let results: ReturnType<typeof benchEmulator>;
  let references: ReturnType<typeof benchReferences>;
  try {
    results = benchEmulator(seconds);
    references = benchReferences(results, seconds);
  } catch (error) {
    throw new CliFailure(error instanceof Error ? error.message : String(error));
  }
  if (parsed.flags.json === true) {
    const report = { benchmark: 'emulator', seconds, node: process.version, results, references };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const parts = [formatTable(results), formatSpeedups(results), formatReferences(references)];
    process.stdout.write(`${parts.filter((p) => p !== '').join('\n\n')}\n`);
  }
  return 0;
}

/** `exolab bench kernel`. */
async function benchKernelCommand(seconds: number, json: boolean): Promise<number> {
  const { benchKernel, formatKernelTable } = await import('../bench/kernel.ts');
  let results: ReturnType<typeof benchKernel>;
  try {
    results = benchKernel(seconds);
  } catch (error) {
    throw new CliFailure(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(
    json
      ? `${JSON.stringify({ benchmark: 'kernel', seconds, node: process.version, results }, null, 2)}\n`
      : `${formatKernelTable(results)}\n`,
  );
  return 0;
}

/** `exolab bench tui`: the shell under load (source/bench/tui.ts). */
async function benchTuiCommand(seconds: number, json: boolean): Promise<number> {
  const { benchTui, formatTuiTable } = await import('../bench/tui.ts');
  let result: Awaited<ReturnType<typeof benchTui>>;
  try {
    result = await benchTui(seconds);
  } catch (error) {
    throw new CliFailure(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(
    json
      ? `${JSON.stringify({ benchmark: 'tui', seconds, node: process.version, result }, null, 2)}\n`
      : `${formatTuiTable(result)}\n`,
  );
  return 0;
}

/** `exolab bench paper`: emulated cycles only, so one run is the answer. */
async function benchPaperCommand(json: boolean): Promise<number> {
  const { benchPaper, formatPaperTable } = await import('../bench/paper.ts');
  let rows: ReturnType<typeof benchPaper>;
  try {
    rows = benchPaper();
  } catch (error) {
    throw new CliFailure(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(
    json
      ? `${JSON.stringify({ benchmark: 'paper', unit: 'cycles per operation (40 ns each)', rows }, null, 2)}\n`
      : `${formatPaperTable(rows)}\n`,
  );
  return 0;
}
