/**
 * What a command of the language is: a name, the arguments it takes (typed, so one parser checks
 * them all and a completer knows what may come next), a one-line help and an example. Commands
 * return lines for a person and plain data for `--json`; a mistake or a refusal is a
 * CommandError, which the session turns into one line naming the command.
 */
import type { Capability } from '../../kernel/caps/index.ts';
import type { Environment } from '../../kernel/exo/env.ts';
import type { Session } from './session.ts';

/**
 * How an argument is read:
 *   int       a 32-bit number (decimal or 0x hex, may be negative)
 *   address   the same, named an address in errors
 *   count     a whole number 0 .. 2^53
 *   envid     an environment id as a number, or an environment's name (gives its id)
 *   rights    capability rights as letters (`r`, `rw`, `rwg`) or a number
 *   cap       a stored capability `$c1` or a literal `cap:frame:…` (typed, perhaps forged)
 *   env       an environment by id or name
 *   word      any word or quoted string
 *   file      a file name (a word or a quoted string)
 *   command   a command name
 *   lab       a lab number (completed from the labs there are)
 *   step      a step of a lab, by id or number (completed from that lab's steps)
 */
export type ArgKind =
  | 'int'
  | 'address'
  | 'count'
  | 'envid'
  | 'rights'
  | 'cap'
  | 'env'
  | 'word'
  | 'file'
  | 'command'
  | 'lab'
  | 'step';

export interface ArgSpec {
  /** As shown in the form: `VADDR`. */
  name: string;
  kind: ArgKind;
  optional?: boolean;
  /** The last argument only: takes every remaining word (its value is a string[]). */
  rest?: boolean;
  /** The only words allowed (a subcommand): anything else is an error listing them. */
  choices?: readonly string[];
}

export interface FlagSpec {
  /** As typed: `-p`. */
  name: string;
  help: string;
  /** The flag takes the next word as its value, shown as this (`--dir DIR`). */
  value?: string;
  /** How the value is completed (default: not at all). */
  kind?: ArgKind;
}

export type ArgValue = number | string | string[] | Capability | Environment | undefined;

export interface ParsedArgs {
  /** One value per ArgSpec, undefined where an optional argument was left out. */
  values: ArgValue[];
  flags: Set<string>;
  /** Values of the flags that take one (`--dir DIR`), by flag name. */
  options: Map<string, string>;
}

export interface CommandOutput {
  /** What a person reads, one entry per line. */
  lines: string[];
  /** The same as plain data, for `--json`. */
  data?: unknown;
}

export type CommandGroup =
  | 'kernel call'
  | 'kernel'
  | 'environments'
  | 'network'
  | 'inspect'
  | 'execute'
  | 'lab'
  | 'session';

export interface Command {
  name: string;
  group: CommandGroup;
  args: readonly ArgSpec[];
  flags?: readonly FlagSpec[];
  /** The right form, when the arguments alone do not say it (`env [ENV | new NAME]`). */
  form?: string;
  /** One line: what it does. */
  help: string;
  /** One line a user could type. */
  example: string;
  /**
   * The command keeps the session's journal itself (`back`, `save`, `restore`): it is not
   * journaled as a line to replay.
   */
  keepsJournal?: boolean;
  /**
   * The command works on the student's lab files, not on the machine: it is not journaled
   * (`back` and `restore` never copy files or grade again) and a journal never runs it.
   */
  outsideMachine?: boolean;
  /** Runs the command at once. A command without it is a job (`start`). */
  run?(session: Session, args: ParsedArgs): CommandOutput;
  /**
   * Starts the command as a job that takes wall-clock time (`grade`): the caller waits for the
   * promise while the screen stays alive, shows `io.progress` lines as they come, and aborts
   * `io.signal` to cancel. A mistake found before any work starts may be thrown at once.
   */
  start?(session: Session, args: ParsedArgs, io: JobIo): Promise<CommandOutput>;
}

/** What a job gets from whoever waits for it. */
export interface JobIo {
  /** Aborted when the user cancels (Ctrl-C). */
  signal: AbortSignal;
  /** Lines to show now, while the job goes on. */
  progress(lines: string[]): void;
}

/** A mistake or a refusal; `showForm` adds the command's right form to the message. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    message: string,
    readonly showForm = false,
  ) {
    super(message);
  }
}

/** The right form of `command`: `bind VADDR CAP WRITABLE`, `mem [-p] ADDR LEN`. */
export function formOf(command: Command): string {
  if (command.form) return command.form;
  const flags = (command.flags ?? []).map((f) =>
    f.value ? `[${f.name} ${f.value}]` : `[${f.name}]`,
  );
  const args = command.args.map((a) => {
    const name = a.rest ? `${a.name}…` : a.name;
    return a.optional ? `[${name}]` : name;
  });
  return [command.name, ...flags, ...args].join(' ');
}

/** A command's output of plain lines. */
export const said = (lines: string[] | string, data?: unknown): CommandOutput => ({
  lines: typeof lines === 'string' ? [lines] : lines,
  data,
});
