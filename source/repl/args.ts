/**
 * Reads a command's arguments from its tokens, by the kinds its ArgSpecs name. Every error
 * quotes the token typed and says what was wanted (the session adds the command's form):
 * "`0xzz` is not an address", "missing CAP", "unexpected argument `7`".
 */
import {
  type Capability,
  parseCapability,
  RIGHT_GRANT,
  RIGHT_READ,
  RIGHT_WRITE,
} from '../../kernel/caps/index.ts';
import type { Environment } from '../../kernel/exo/env.ts';
import {
  type ArgSpec,
  type ArgValue,
  type Command,
  CommandError,
  type ParsedArgs,
} from './command.ts';
import type { Token } from './tokenizer.ts';

/** What argument parsing needs from the session: stored capabilities and environments. */
export interface ArgContext {
  capability(name: string): Capability | undefined;
  findEnv(text: string): Environment | undefined;
  /** The address of a label of a loaded program. */
  symbol(name: string): number | undefined;
}

const INT_MIN = -0x80000000;
const UINT_MAX = 0xffffffff;

/** Splits flags from positional arguments and reads each positional one by its kind. */
export function parseArgs(command: Command, tokens: Token[], context: ArgContext): ParsedArgs {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positional: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'symbol' && token.text.startsWith('-') && token.text.length > 1) {
      const flag = command.flags?.find((f) => f.name === token.text);
      if (flag === undefined) {
        throw new CommandError(`unknown flag \`${token.text}\``, true);
      }
      if (flag.value !== undefined) {
        const value = tokens[++i];
        if (value === undefined) throw new CommandError(`${flag.name} needs ${flag.value}`, true);
        options.set(flag.name, value.text);
      }
      flags.add(token.text);
    } else positional.push(token);
  }
  const specs = command.args;
  const last = specs.at(-1);
  if (last?.rest) {
    const fixed = specs.length - 1;
    const values = parseArgs(
      { ...command, args: specs.slice(0, fixed) },
      positional.slice(0, fixed),
      context,
    ).values;
    const rest = positional.slice(fixed).map((t) => t.text);
    if (rest.length === 0 && !last.optional) throw new CommandError(`missing ${last.name}`, true);
    return { values: [...values, rest], flags, options };
  }
  if (positional.length > specs.length) {
    throw new CommandError(`unexpected argument \`${positional[specs.length].text}\``, true);
  }
  const values: ArgValue[] = specs.map((spec, i) => {
    const token = positional[i];
    if (token === undefined) {
      if (spec.optional) return undefined;
      const which = spec.choices ? ` (${spec.choices.join(', ')})` : '';
      throw new CommandError(`missing ${spec.name}${which}`, true);
    }
    return readArg(spec, token, context);
  });
  return { values, flags, options };
}

/** One argument's value, or a CommandError quoting the token. */
export function readArg(spec: ArgSpec, token: Token, context: ArgContext): ArgValue {
  const quoted = `\`${token.text}\``;
  if (spec.choices && !spec.choices.includes(token.text)) {
    throw new CommandError(`${quoted} is not one of ${spec.choices.join(', ')}`, true);
  }
  switch (spec.kind) {
    case 'int':
      return readInt(token, 'a 32-bit number');
    case 'address': {
      const label = token.kind === 'symbol' ? context.symbol(token.text) : undefined;
      return label ?? readInt(token, 'an address');
    }
    case 'count': {
      const value = token.kind === 'number' ? (token.value ?? Number.NaN) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new CommandError(`${quoted} is not a whole number (for ${spec.name})`, true);
      }
      return value;
    }
    case 'rights':
      return readRights(token);
    case 'envid': {
      if (token.kind === 'number') return readInt(token, 'an environment id');
      const env = context.findEnv(token.text);
      if (env === undefined) throw noEnv(token.text);
      return env.id;
    }
    case 'env': {
      const env = context.findEnv(token.text);
      if (env === undefined) throw noEnv(token.text);
      return env;
    }
    case 'cap':
      return readCap(token, context);
    default:
      return token.text;
  }
}

function readInt(token: Token, what: string): number {
  const value = token.kind === 'number' ? (token.value ?? Number.NaN) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < INT_MIN || value > UINT_MAX) {
    throw new CommandError(`\`${token.text}\` is not ${what}`, true);
  }
  return value | 0;
}

/** Rights as a number or as letters, a subset of `rwg` in that order (`r`, `rw`, `-`). */
function readRights(token: Token): number {
  const letters = /^(r?)(w?)(g?)$/.exec(token.text);
  if (token.kind === 'symbol' && token.text !== '' && letters !== null) {
    return (
      (letters[1] ? RIGHT_READ : 0) |
      (letters[2] ? RIGHT_WRITE : 0) |
      (letters[3] ? RIGHT_GRANT : 0)
    );
  }
  if (token.kind === 'symbol' && token.text === '-') return 0;
  return readInt(token, 'rights (a subset of `rwg`, or a number)');
}

function readCap(token: Token, context: ArgContext): Capability {
  if (token.kind === 'var') {
    const cap = context.capability(token.text);
    if (cap === undefined) {
      throw new CommandError(
        `\`${token.text}\` is not a stored capability (\`caps\` lists them)`,
        true,
      );
    }
    return cap;
  }
  if (token.kind === 'cap' || token.kind === 'string') {
    const parsed = parseCapability(token.text);
    if (!parsed.ok) throw new CommandError(parsed.error.replace(/^Bad/, 'bad'), true);
    return parsed.cap;
  }
  throw new CommandError(
    `\`${token.text}\` is not a capability (a variable like \`$c1\` or a literal \`cap:…\`)`,
    true,
  );
}

function noEnv(text: string): CommandError {
  return new CommandError(`\`${text}\` is no environment (\`envs\` lists them)`, true);
}
