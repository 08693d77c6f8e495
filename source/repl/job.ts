/**
 * A command that takes wall-clock time (`grade`) run as a job: the caller (the TUI, `exolab
 * script`) awaits `outcome` while its screen or loop stays alive, shows progress lines as they
 * come, and may cancel(). The outcome is the same Outcome execute() gives for a line.
 */
import type { JobIo } from './command.ts';
import type { Outcome } from './session.ts';

export class CommandJob {
  /** Resolves once the job is over (finished, refused or cancelled). */
  readonly outcome: Promise<Outcome>;
  private readonly controller = new AbortController();
  private readonly waiting: string[] = [];
  private listener: ((lines: string[]) => void) | null = null;
  private over = false;

  constructor(
    /** The line as typed. */
    readonly line: string,
    /** The command's name (`grade`). */
    readonly command: string,
    work: (io: JobIo) => Promise<Outcome>,
  ) {
    const io: JobIo = {
      signal: this.controller.signal,
      progress: (lines) => {
        if (this.listener) this.listener(lines);
        else this.waiting.push(...lines);
      },
    };
    // Started on the next turn, so a caller can attach onProgress before the first line.
    this.outcome = Promise.resolve()
      .then(() => work(io))
      .finally(() => {
        this.over = true;
      });
  }

  /** Receives the progress lines, those said so far first. */
  onProgress(listener: (lines: string[]) => void): void {
    this.listener = listener;
    if (this.waiting.length > 0) listener(this.waiting.splice(0));
  }

  /** Whether the job is over. */
  get done(): boolean {
    return this.over;
  }

  /** Asks the job to stop (its outcome then says so); false when it was already over. */
  cancel(): boolean {
    if (this.over || this.controller.signal.aborted) return false;
    this.controller.abort();
    return true;
  }
}
