/**
 * `exolab run`: runs one program on the bare machine the way SPIM does. This file turns the
 * command line into RunSettings (every value checked, every mistake a one-line UsageError) and
 * reads the files; bare-session.ts drives the machine.
 */

import { DEFAULT_ENGINE, ENGINES, type Engine } from '../../machine/engine-choice.ts';
import type { RunSettings } from './bare-session.ts';
import {
  answerHelpOrVersion,
  type CommandSpec,
  type ParsedCommand,
  parseCommand,
} from './flags.ts';
import { parseWhole } from './numbers.ts';
import { readInputFile } from './read-input.ts';
import { UsageError } from './usage-error.ts';

/** Default instruction limit: about two minutes at 100 MIPS; `--max-instructions 0` lifts it. */
export const DEFAULT_MAX_INSTRUCTIONS = 10_000_000_000;
const MAX_MEMORY_MIB = 256;

const SPEC: CommandSpec = {
  name: 'exolab run',
  usage:
    'exolab run FILE.s|FILE.elf [--kernel bare|exos|mono] [--stats] [--engine interp|jit] [--max-instructions N] [--trace] [--exception-handler FILE] [--memory MIB] [--seed N] [--save-state FILE] [--restore-state FILE] [-- ARGS…]',
  flags: {
    stats: { type: 'boolean' },
    engine: { type: 'string', value: 'interp|jit' },
    kernel: { type: 'string', value: 'bare|exos|mono' },
    trace: { type: 'boolean' },
    maxInstructions: { type: 'string', value: 'N' },
    exceptionHandler: { type: 'string', value: 'FILE' },
    memory: { type: 'string', value: 'MIB' },
    seed: { type: 'string', value: 'N' },
    saveState: { type: 'string', value: 'FILE' },
    restoreState: { type: 'string', value: 'FILE' },
  },
  passthrough: true,
};

export const RUN_HELP = `Run a program on the bare machine, as SPIM does

Usage
  ${SPEC.usage}

FILE is SPIM/MARS (or GNU as) assembly, or a static little-endian MIPS (mipsel) ELF executable,
told apart by the ELF magic number. Program output goes to stdout and input comes from stdin.

Options
  --stats                   print instructions, cycles and host MIPS on stderr at the end
                            (with the block compiler also blocks compiled, blocks dropped
                            and the share of instructions run as compiled code)
  --kernel bare|exos|mono   bare (default): the bare machine, as SPIM; exos: under the
                            exokernel with ExOS as its library OS; mono: under the monolithic
                            baseline (assembly, started at main). Programs using fork, wait
                            and the VM calls (kernel/abi/vm-abi.ts) need exos or mono; with
                            a kernel only --memory, --seed, --engine, --max-instructions
                            (cycles there) and --stats apply
  --engine interp|jit       execution engine: the interpreter, or the block compiler that
                            turns hot code into JavaScript (default ${DEFAULT_ENGINE}); both give
                            the same output, cycle counts and machine state
  --max-instructions N      stop after N instructions (default 10^10; 0 = no limit)
  --trace                   print every executed instruction (pc and disassembly) on stderr
  --exception-handler FILE  use FILE (assembly with .ktext at 0x80000180) instead of the
                            default exception handler and start-up code; like SPIM's
                            exceptions file it should define __start
  --memory MIB              physical memory in MiB (default 16, at most ${MAX_MEMORY_MIB})
  --seed N                  seed for the random-number syscalls (default 1)
  --save-state FILE         when the run stops (exit, limit, Ctrl-C), save the whole machine
                            and run state to FILE
  --restore-state FILE      continue from a state saved by --save-state for the same program
                            (and handler); the instruction limit counts from the program's start
  -- ARGS…                  arguments passed to the program (argc/argv)
  --help, -h                show this help

Exit status
  the program's exit2 code; 0 when it exits (syscall 10, or main returns)
  1  the file could not be read or assembled/loaded, or the machine stopped for good
  2  a usage error on the command line
  3  the instruction limit was reached
  130  stopped by Ctrl-C

Examples
  exolab run hello.s
  exolab run sieve.s --stats
  exolab run echo.elf -- one two
`;

/** Entry point of `exolab run`; returns the exit status. */
export async function runCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, RUN_HELP);
  if (answered !== null) return answered;
  const kernel = parsed.flags.kernel as string | undefined;
  if (kernel !== undefined && kernel !== 'bare') return runUnderKernel(parsed, kernel);
  const settings = toSettings(parsed);
  // Loaded only now, so help and usage errors never pay for the machine and assembler.
  const { executeBare } = await import('./bare-session.ts');
  return executeBare(settings);
}

/** `--kernel exos|mono`: checks what applies there, then runs (source/cli/kernel-run.ts). */
async function runUnderKernel(parsed: ParsedCommand, kernel: string): Promise<number> {
  if (kernel !== 'exos' && kernel !== 'mono') {
    throw new UsageError(`--kernel takes \`bare\`, \`exos\` or \`mono\`, not \`${kernel}\``);
  }
  for (const flag of ['trace', 'exceptionHandler', 'saveState', 'restoreState']) {
    if (parsed.flags[flag] !== undefined && parsed.flags[flag] !== false) {
      const name = flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      throw new UsageError(
        `--${name} applies to the bare machine only, not with --kernel ${kernel}`,
      );
    }
  }
  if (kernel === 'mono' && parsed.rest.length > 0) {
    throw new UsageError('--kernel mono passes no program arguments; drop what follows `--`');
  }
  const settings = toSettings({ ...parsed, flags: { ...parsed.flags, kernel: undefined } });
  const run = await import('./kernel-run.ts');
  const common = {
    program: settings.program,
    memoryBytes: settings.memoryBytes,
    seed: settings.seed,
    maxCycles: settings.maxInstructions,
    stats: settings.stats,
    engine: settings.engine,
    args: settings.args,
  };
  return kernel === 'exos' ? run.runUnderExos(common) : run.runUnderMono(common);
}

/** Checks the parsed command line and reads the files it names. */
function toSettings(parsed: ParsedCommand): RunSettings {
  const [file, extra] = parsed.input;
  if (file === undefined)
    throw new UsageError(`\`exolab run\` needs a program file; usage: ${SPEC.usage}`);
  if (extra !== undefined) {
    throw new UsageError(
      `unexpected argument \`${extra}\`; arguments for the program go after \`--\`: exolab run ${file} -- ${extra}`,
    );
  }
  const flags = parsed.flags;
  const text = (name: string) => flags[name] as string | undefined;
  const memory = text('memory');
  const seed = text('seed');
  const limit = text('maxInstructions');
  const handlerFile = text('exceptionHandler');
  const engine = text('engine');
  if (engine !== undefined && !ENGINES.includes(engine as Engine)) {
    throw new UsageError(`--engine takes \`interp\` or \`jit\`, not \`${engine}\``);
  }
  // Check every value before touching the file system, so usage errors win (status 2).
  const settings = {
    memoryBytes:
      memory === undefined
        ? undefined
        : parseWhole('--memory', memory, 2, MAX_MEMORY_MIB) * 1024 * 1024,
    seed: seed === undefined ? undefined : parseWhole('--seed', seed, 0, 0xffffffff),
    maxInstructions:
      limit === undefined
        ? DEFAULT_MAX_INSTRUCTIONS
        : parseWhole('--max-instructions', limit, 0, 1e15),
    stats: flags.stats === true,
    engine: engine as Engine | undefined,
    trace: flags.trace === true,
    args: parsed.rest,
  };
  return {
    ...settings,
    saveState: text('saveState'),
    restoreState:
      text('restoreState') === undefined
        ? undefined
        : { name: text('restoreState')!, bytes: readInputFile(text('restoreState')!, 'state') },
    program: { name: file, bytes: readInputFile(file, 'program') },
    handler: handlerFile === undefined ? undefined : readHandler(handlerFile),
  };
}

function readHandler(file: string): { name: string; text: string } {
  const bytes = readInputFile(file, 'exception handler');
  return { name: file, text: new TextDecoder().decode(bytes) };
}
