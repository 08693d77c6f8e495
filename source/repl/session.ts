/**
 * A session of the command language: one exokernel, the environment the user acts on behalf of,
 * and the capabilities the user has been handed (`$c1`, `$c2`, …). The REPL, `exolab script`
 * and the SSH shell each drive one Session a line at a time through execute().
 *
 * The session has no powers of its own: a kernel-call command is made with
 * kernel.calls.call(env, …) for the chosen environment, so it passes the same checks and meets
 * the same refusals as code running in that environment.
 *
 * It keeps a journal of the lines it ran (journal.ts): replayed on a fresh kernel it rebuilds
 * the session exactly, which is what `back`, `save` and `restore` use.
 */
import type { Capability } from '../../kernel/caps/index.ts';
import type { Environment } from '../../kernel/exo/env.ts';
import { Exokernel } from '../../kernel/exo/kernel.ts';
import { parseArgs } from './args.ts';
import { type Command, CommandError, type CommandOutput, formOf } from './command.ts';
import { beginRun, runBudget } from './commands/execute.ts';
import { allCommands } from './commands/index.ts';
import { CommandJob } from './job.ts';
import { type FileRead, type JournalEntry, journalTo } from './journal.ts';
import { Registry } from './registry.ts';
import { RunJob } from './run-job.ts';
import { classify, numberValue, type Token, tokenize } from './tokenizer.ts';

export interface SessionOptions {
  /** The kernel to drive (its console output is then the caller's to show); by default a fresh one. */
  kernel?: Exokernel;
  /** Seed of a fresh kernel (default 1). */
  seed?: number;
  /** RAM of a fresh kernel in bytes (default the machine's 16 MiB). */
  memoryBytes?: number;
  /** Reads a file named in a command (`load`); throws CommandError when it cannot. */
  readFile?: (name: string) => Uint8Array;
  /** Writes a file named in a command (`save`); throws CommandError when it cannot. */
  writeFile?: (name: string, bytes: Uint8Array) => void;
  /** Where the lab commands work (`lab …`, `grade`); without it they refuse. */
  lab?: LabSetup;
}

/** The folder the lab commands work in, and how. */
export interface LabSetup {
  /** The student's folder: `lab start` makes workspaces in it, `grade` finds them there. */
  folder: string;
  /**
   * The session is a lab server's shell: folders stay inside `folder`, and grading and
   * handing in are the server's own (its sandbox), never this process's.
   */
  server?: boolean;
}

/** How a kernel the session made itself was booted (what a replay boots again). */
export interface BootOptions {
  seed: number;
  memoryBytes?: number;
}

/** What one line did. */
export interface Outcome {
  /** The command's name, or null for a blank or comment-only line. */
  command: string | null;
  /** Whether the line did what it was meant to (for a `!` line: that the command failed). */
  ok: boolean;
  /** The line was marked with `!` or `expect-fail`: the command must fail. */
  expectFail: boolean;
  lines: string[];
  data?: unknown;
  /** The command's error, one line (set whenever the command failed, expected or not). */
  error?: string;
}

const EXPECT_FAIL = 'expect-fail';

export class Session {
  private kernel_: Exokernel;
  readonly registry = new Registry(allCommands());
  /** Where the lab commands work; null: they refuse. */
  readonly lab: LabSetup | null;
  /** The environment commands act on behalf of; null until one is created or chosen. */
  env: Environment | null = null;
  /** Capabilities handed to the user, by variable name (`$c1`). */
  readonly caps = new Map<string, Capability>();
  private nextCap = 1;
  /** Labels of the programs loaded, for address arguments (`break loop`). */
  readonly symbols = new Map<string, number>();
  private readonly fileReader: (name: string) => Uint8Array;
  private readonly fileWriter: (name: string, bytes: Uint8Array) => void;
  /** Null when the session was given its kernel: it cannot boot that one again. */
  private bootOptions: BootOptions | null;
  private journal_: JournalEntry[] = [];
  /** Exceptions the kernel has handled (with retired instructions: the step count). */
  private traps = 0;
  /** Files read by the line under way. */
  private lineReads: FileRead[] = [];
  /** During a replay: the reads the line being replayed made, in order. */
  private replayReads: FileRead[] | null = null;
  /** `step` and `run` stop when the step count reaches this (a replay for `back`); else null. */
  stopAt: number | null = null;
  /** Lines that may have changed the machine since boot, the last save or restore. */
  private unsaved = 0;
  /** Console output not yet shown (only for a kernel the session made itself). */
  private consoleOutput = '';
  /** Notes from library OSes (SPIM's exception reports), shown after the command. */
  private notes = '';
  readonly diagnostics = {
    write: (text: string) => {
      this.notes += text;
    },
  };
  private decoder = new TextDecoder();

  constructor(options: SessionOptions = {}) {
    this.bootOptions = options.kernel
      ? null
      : { seed: options.seed ?? 1, memoryBytes: options.memoryBytes };
    this.kernel_ = options.kernel ?? this.bootKernel(this.bootOptions!);
    this.lab = options.lab ? { ...options.lab } : null;
    if (options.kernel) this.countTraps(options.kernel);
    this.fileReader =
      options.readFile ??
      ((name) => {
        throw new CommandError(`cannot read \`${name}\`: this session has no files`);
      });
    this.fileWriter =
      options.writeFile ??
      ((name) => {
        throw new CommandError(`cannot write \`${name}\`: this session has no files`);
      });
  }

  /** The kernel the session drives (a new one after `back` or `restore`). */
  get kernel(): Exokernel {
    return this.kernel_;
  }

  /** A fresh kernel whose console output the session collects. */
  private bootKernel(boot: BootOptions): Exokernel {
    this.decoder = new TextDecoder();
    const kernel: Exokernel = new Exokernel({
      seed: boot.seed,
      memoryBytes: boot.memoryBytes,
      // The machine's network interface is looped back: a frame sent comes back in through
      // it (so two environments can talk UDP, examples/udp.exo).
      networkHost: { transmit: (frame) => kernel.machine.net.inject(frame.bytes) },
      consoleHost: {
        write: (bytes) => {
          this.consoleOutput +=
            typeof bytes === 'string' ? bytes : this.decoder.decode(bytes, { stream: true });
        },
      },
    });
    this.countTraps(kernel);
    return kernel;
  }

  /** Counts the exceptions `kernel` handles, for the step count. */
  private countTraps(kernel: Exokernel): void {
    const cpu = kernel.machine.cpu;
    const hook = cpu.trapHook;
    if (hook === null) return;
    cpu.trapHook = {
      trap: (c) => {
        this.traps++;
        hook.trap(c);
      },
    };
  }

  /** Steps taken since boot: instructions retired plus exceptions taken (one `step` each). */
  get steps(): number {
    return this.kernel_.machine.retired + this.traps;
  }

  /** The lines run since boot (a copy). */
  get journal(): JournalEntry[] {
    return [...this.journal_];
  }

  /** How the kernel was booted; null when the session was given its kernel. */
  get boot(): BootOptions | null {
    return this.bootOptions === null ? null : { ...this.bootOptions };
  }

  /** Lines that may have changed the machine since boot, the last `save` or `restore`. */
  get unsavedChanges(): number {
    return this.unsaved;
  }

  /** Says the machine as it is now is kept (saved, or the state the shell opened on). */
  markSaved(): void {
    this.unsaved = 0;
  }

  /** Whether the step count has reached `stopAt` (a replay's `step` and `run` stop there). */
  atStop(): boolean {
    return this.stopAt !== null && this.steps >= this.stopAt;
  }

  /** The prompt: the chosen environment's name. */
  prompt(): string {
    return `${this.env?.name ?? 'exo'}> `;
  }

  /** Runs one line; never throws for a user's mistake or a kernel's refusal. */
  execute(line: string): Outcome {
    const tokenized = tokenize(line);
    if (!tokenized.ok) {
      return failed(null, false, `column ${tokenized.col}: ${tokenized.error}`);
    }
    const { tokens, expectFail, code } = stripExpectFail(tokenized.tokens);
    if (tokens.length === 0) {
      if (expectFail) return failed(null, false, '`!` needs a command after it', true);
      return { command: null, ok: true, expectFail: false, lines: [] };
    }
    const [head, ...rest] = tokens;
    const command = this.registry.get(head.text);
    if (command === undefined || head.kind !== 'symbol') {
      // Never excused by `!`: a typo must not pass for an expected refusal.
      return failed(null, false, this.unknown(head.text), expectFail);
    }
    let output: CommandOutput;
    this.lineReads = [];
    const unjournaled = command.keepsJournal || command.outsideMachine;
    try {
      if (unjournaled && this.replayReads !== null) {
        // Never journaled, so only a doctored file puts one here; it must not write or recurse.
        throw new CommandError('cannot be replayed from a journal');
      }
      if (command.run === undefined) {
        throw new CommandError('takes a while: it runs in the shell or a script, not here');
      }
      output = command.run(this, parseArgs(command, rest, this));
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      return refused(command, error, expectFail, code);
    } finally {
      // A refused call may still have charged cycles or logged events: journal it too.
      if (unjournaled) this.lineReads = [];
      else this.record(line, command.group);
    }
    this.appendPendingOutput(output);
    return succeeded(command.name, output, expectFail);
  }

  /**
   * Starts a `run [N]` or `continue` line as a job the caller advances in slices (the TUI, so
   * the screen never freezes). Null for any other line, a `!` line, or one with a mistake:
   * execute() such a line instead, which also reports the mistake.
   */
  startRun(line: string): RunJob | null {
    const tokenized = tokenize(line);
    if (!tokenized.ok) return null;
    const { tokens, expectFail } = stripExpectFail(tokenized.tokens);
    const [head, ...rest] = tokens;
    const command = head?.kind === 'symbol' ? this.registry.get(head.text) : undefined;
    if (expectFail || command === undefined) return null;
    try {
      const budget = runBudget(command.name, parseArgs(command, rest, this).values);
      if (budget === null) return null;
      return new RunJob(this, line, command.name, budget, beginRun(this));
    } catch (error) {
      if (error instanceof CommandError) return null;
      throw error;
    }
  }

  /**
   * Starts a line whose command is a job (`grade`) and returns it; null for any other line
   * (execute() that one). The job's outcome reports a mistake the way execute() would.
   */
  startJob(line: string): CommandJob | null {
    const tokenized = tokenize(line);
    if (!tokenized.ok) return null;
    const { tokens, expectFail, code } = stripExpectFail(tokenized.tokens);
    const [head, ...rest] = tokens;
    const command = head?.kind === 'symbol' ? this.registry.get(head.text) : undefined;
    const start = command?.start;
    if (command === undefined || start === undefined) return null;
    return new CommandJob(line, command.name, async (io) => {
      let output: CommandOutput;
      try {
        if (this.replayReads !== null) throw new CommandError('cannot be replayed from a journal');
        output = await start(this, parseArgs(command, rest, this), io);
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        return refused(command, error, expectFail, code);
      }
      return succeeded(command.name, output, expectFail);
    });
  }

  /** Runs one line to the end, a job's (`grade`) too: for callers that simply wait (scripts). */
  async executeToEnd(line: string): Promise<Outcome> {
    const job = this.startJob(line);
    return job === null ? this.execute(line) : job.outcome;
  }

  /** Adds what programs printed and library OSes noted during the command to its output. */
  appendPendingOutput(output: CommandOutput): void {
    const printed = this.takeConsoleOutput();
    if (printed) output.lines.push(...consoleLines(printed));
    if (this.notes) output.lines.push(...prefixed('note', this.notes));
    this.notes = '';
  }

  /** Adds a line that was run (a RunJob's, or one execute() ran) to the journal. */
  record(line: string, group: Command['group'] = 'execute'): void {
    this.journal_.push({
      line,
      files: this.lineReads,
      steps: this.steps,
      ...(this.stopAt !== null ? { stopAt: this.stopAt } : {}),
    });
    this.lineReads = [];
    if (group !== 'inspect' && group !== 'session') this.unsaved++;
  }

  /**
   * Rebuilds the session at step `target` by replaying its journal on a fresh kernel; returns
   * the step count reached (less than `target` when the line that crossed it cannot stop part
   * way). A CommandError when the session cannot replay or has not been at that step.
   */
  rewind(target: number): number {
    const journal = journalTo(this.journal_, target);
    if (journal === null) throw new CommandError(`the machine has not reached step ${target}`);
    this.replay(journal);
    this.unsaved++;
    return this.steps;
  }

  /**
   * Boots a fresh kernel (with `boot`, by default as this one was) and replays `journal` on it;
   * the session then holds that kernel, its environments, capabilities and labels. If the
   * replay itself breaks, the session is left as it was.
   */
  replay(journal: readonly JournalEntry[], boot: BootOptions | null = this.bootOptions): void {
    if (boot === null) {
      throw new CommandError(
        'this session drives a kernel it was given; only a session that boots its own can replay',
      );
    }
    const before = {
      kernel: this.kernel_,
      env: this.env,
      caps: new Map(this.caps),
      nextCap: this.nextCap,
      symbols: new Map(this.symbols),
      journal: this.journal_,
      traps: this.traps,
      boot: this.bootOptions,
      decoder: this.decoder,
    };
    try {
      this.bootOptions = { ...boot };
      this.traps = 0;
      this.kernel_ = this.bootKernel(boot);
      this.env = null;
      this.caps.clear();
      this.nextCap = 1;
      this.symbols.clear();
      this.journal_ = [];
      for (const entry of journal) {
        this.replayReads = [...entry.files];
        this.stopAt = entry.stopAt ?? null;
        try {
          this.execute(entry.line);
        } catch {
          // The shell showed this internal error and went on; so does the replay.
        }
      }
    } catch (error) {
      this.kernel_ = before.kernel;
      this.env = before.env;
      this.nextCap = before.nextCap;
      this.journal_ = before.journal;
      this.traps = before.traps;
      this.bootOptions = before.boot;
      this.decoder = before.decoder;
      this.caps.clear();
      for (const [k, v] of before.caps) this.caps.set(k, v);
      this.symbols.clear();
      for (const [k, v] of before.symbols) this.symbols.set(k, v);
      throw error;
    } finally {
      this.replayReads = null;
      this.stopAt = null;
      this.consoleOutput = '';
      this.notes = '';
    }
  }

  private unknown(name: string): string {
    const close = this.registry.closest(name);
    const hint = close ? `; did you mean \`${close}\`?` : '';
    return `unknown command \`${name}\`${hint} (\`help\` lists every command)`;
  }

  // ---- what commands use ----

  /** The chosen environment, which must still be live; a CommandError otherwise. */
  actingEnv(): Environment {
    const env = this.env;
    if (env === null) {
      throw new CommandError('no environment chosen: create one with `env new NAME`');
    }
    if (env.state !== 'runnable') {
      throw new CommandError(
        `environment ${env.id} (${env.name}) has ${env.state}; choose another with \`as ENV\``,
      );
    }
    return env;
  }

  /** Stores `cap` under the next free variable and returns its name (`$c3`). */
  storeCap(cap: Capability): string {
    const name = `$c${this.nextCap++}`;
    this.caps.set(name, cap);
    return name;
  }

  symbol(name: string): number | undefined {
    const address = this.symbols.get(name);
    return address === undefined ? undefined : address | 0;
  }

  capability(name: string): Capability | undefined {
    return this.caps.get(name);
  }

  /** An environment by id (`2`) or by name (`alice`); the newest of that name wins. */
  findEnv(text: string): Environment | undefined {
    if (/^\d+$/.test(text)) return this.kernel.envs.get(Number(text));
    return [...this.kernel.envs.values()].reverse().find((e) => e.name === text);
  }

  /** What programs wrote to the console since the last call. */
  takeConsoleOutput(): string {
    const text = this.consoleOutput;
    this.consoleOutput = '';
    return text;
  }

  /** Reads a file for a command; the bytes are journaled, and a replay reads them from there. */
  readFile(name: string): Uint8Array {
    if (this.replayReads !== null) {
      const read = this.replayReads.shift();
      if (read === undefined || read.name !== name) {
        throw new CommandError(`cannot read \`${name}\` again: the journal has no such read`);
      }
      this.lineReads.push(read);
      if (read.bytes === null) throw new CommandError(read.error ?? `cannot read \`${name}\``);
      return read.bytes;
    }
    try {
      const bytes = this.fileReader(name);
      this.lineReads.push({ name, bytes });
      return bytes;
    } catch (error) {
      if (error instanceof CommandError) {
        this.lineReads.push({ name, bytes: null, error: error.message });
      }
      throw error;
    }
  }

  /** Writes a file for a command (`save`). */
  writeFile(name: string, bytes: Uint8Array): void {
    this.fileWriter(name, bytes);
  }
}

/** Console text as lines `console: …`. */
export const consoleLines = (text: string): string[] => prefixed('console', text);

function prefixed(label: string, text: string): string[] {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => `${label}: ${line}`);
}

function failed(command: string | null, ok: boolean, error: string, expectFail = ok): Outcome {
  return { command, ok, expectFail, lines: [], error };
}

/** A failed command: fine on a `!` line, if it failed with the error code the line names. */
function judgeFailure(
  name: string,
  message: string,
  expectFail: boolean,
  code: string | null,
): Outcome {
  if (code !== null && !message.includes(`${code} `) && !message.endsWith(code)) {
    return failed(name, false, `${message} (expected ${code})`, true);
  }
  return failed(name, expectFail, message, expectFail);
}

/** A command's refusal as its line's outcome: the message (with the form if the error asks). */
function refused(
  command: Command,
  error: CommandError,
  expectFail: boolean,
  code: string | null,
): Outcome {
  const form = error.showForm ? `; form: ${formOf(command)}` : '';
  return judgeFailure(command.name, `${command.name}: ${error.message}${form}`, expectFail, code);
}

/** A command that succeeded, as its line's outcome: not ok on a `!` line. */
function succeeded(name: string, output: CommandOutput, expectFail: boolean): Outcome {
  const outcome = { command: name, expectFail, lines: output.lines, data: output.data };
  if (!expectFail) return { ...outcome, ok: true };
  return { ...outcome, ok: false, error: `\`${name}\` was expected to fail but succeeded` };
}

interface Expectation {
  tokens: Token[];
  expectFail: boolean;
  /** `! E_BUSY cmd …`: the error code the command must fail with. */
  code: string | null;
}

/** Removes a leading `!` or `expect-fail`, and the E_CODE after it if there is one. */
function stripExpectFail(tokens: Token[]): Expectation {
  const marked = stripMark(tokens);
  const first = marked.tokens[0]?.text ?? '';
  if (!marked.expectFail || !/^E_[A-Z]+$/.test(first)) return { ...marked, code: null };
  return { tokens: marked.tokens.slice(1), expectFail: true, code: first };
}

/** Removes a leading `!` (a word of its own or glued on) or `expect-fail` word. */
function stripMark(tokens: Token[]): { tokens: Token[]; expectFail: boolean } {
  const head = tokens[0];
  if (head === undefined) return { tokens, expectFail: false };
  if (head.kind === 'symbol' && head.text === EXPECT_FAIL) {
    return { tokens: tokens.slice(1), expectFail: true };
  }
  if (!head.text.startsWith('!') || head.kind === 'string') return { tokens, expectFail: false };
  if (head.text === '!') return { tokens: tokens.slice(1), expectFail: true };
  const text = head.text.slice(1);
  const kind = classify(text);
  const rest: Token = { kind, text, col: head.col + 1 };
  if (kind === 'number') rest.value = numberValue(text);
  return { tokens: [rest, ...tokens.slice(1)], expectFail: true };
}
