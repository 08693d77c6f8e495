/**
 * Flag parsing for every exolab command: meow does the parsing, this module adds what meow
 * leaves to the caller — `--help`/`--version` after a command name, one-line errors for unknown
 * flags and missing values (naming the token and the command's right form), and the arguments
 * after `--`, which belong to the guest program and are never parsed.
 */
import meow from 'meow';
import { UsageError } from './usage-error.ts';
import { VERSION } from './version.ts';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** Shown in errors: `--seed N`. */
  value?: string;
}

export interface CommandSpec {
  /** The command as typed, for messages: `exolab run`. */
  name: string;
  /** The right form, one line: `exolab run FILE.s|FILE.elf [flags] [-- ARGS…]`. */
  usage: string;
  /** Flags by camelCase name (typed in kebab-case), besides --help and --version. */
  flags: Record<string, FlagSpec>;
  /** Whether arguments after `--` are accepted. */
  passthrough?: boolean;
}

export interface ParsedCommand {
  input: string[];
  flags: Record<string, string | boolean | undefined>;
  /** Arguments after `--`, untouched. */
  rest: string[];
  help: boolean;
  version: boolean;
}

const COMMON: Record<string, FlagSpec> = {
  help: { type: 'boolean' },
  version: { type: 'boolean' },
};

/** `maxInstructions` → `max-instructions`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Parses `argv` (the words after the command name) against `spec`. Throws UsageError naming the
 * first unknown flag, a string flag without a value, or `--` where the command takes none.
 */
export function parseCommand(spec: CommandSpec, argv: string[]): ParsedCommand {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const rest = dash < 0 ? [] : argv.slice(dash + 1);
  if (dash >= 0 && !spec.passthrough) {
    throw new UsageError(`\`${spec.name}\` takes no arguments after \`--\`; usage: ${spec.usage}`);
  }
  const all = { ...COMMON, ...spec.flags };
  checkTokens(spec, all, own);
  const flags: Record<string, { type: 'string' | 'boolean'; shortFlag?: string }> = {};
  for (const [name, flag] of Object.entries(all)) flags[name] = { type: flag.type };
  flags.help.shortFlag = 'h';
  let cli: ReturnType<typeof meow>;
  try {
    cli = meow({
      importMeta: import.meta,
      argv: own,
      flags,
      autoHelp: false,
      autoVersion: false,
      allowUnknownFlags: true,
      booleanDefault: undefined,
    });
  } catch (error) {
    // meow rejects a flag given twice; say so on one line.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${message.replace(/--(\S+)/, '`--$1`')} Usage: ${spec.usage}`);
  }
  const parsed = cli.flags as Record<string, string | boolean | undefined>;
  return {
    input: cli.input.map(String),
    flags: parsed,
    rest,
    help: parsed.help === true,
    version: parsed.version === true,
  };
}

/** Rejects unknown flags and string flags missing their value, quoting the token typed. */
function checkTokens(spec: CommandSpec, all: Record<string, FlagSpec>, argv: string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
    if (token === '-h') continue;
    const eq = token.indexOf('=');
    const typed = eq < 0 ? token : token.slice(0, eq);
    const bare = typed.replace(/^--?/, '');
    const negated = bare.startsWith('no-') ? camel(bare.slice(3)) : null;
    const flag = all[camel(bare)] ?? (negated ? all[negated] : undefined);
    const known = typed.startsWith('--') && flag !== undefined;
    if (!known || (negated && !all[camel(bare)] && flag?.type !== 'boolean')) {
      throw new UsageError(`unknown flag \`${typed}\` for \`${spec.name}\`; usage: ${spec.usage}`);
    }
    if (flag.type !== 'string' || eq >= 0) continue;
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('--') && next.length > 2)) {
      const form = `${typed} ${flag.value ?? 'VALUE'}`;
      throw new UsageError(`flag \`${typed}\` needs a value: \`${form}\`; usage: ${spec.usage}`);
    }
    i++;
  }
}

/**
 * Answers `--help` (with the command's help text) and `--version` the same way for every
 * command. Returns the exit status when one of them was given, else null.
 */
export function answerHelpOrVersion(parsed: ParsedCommand, help: string): number | null {
  if (parsed.help) process.stdout.write(help);
  else if (parsed.version) process.stdout.write(`${VERSION}\n`);
  else return null;
  return 0;
}
