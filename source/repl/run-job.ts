/**
 * A `run N` or `continue` line run in pieces, for a caller that must keep a screen alive while
 * the machine runs (the TUI runs a slice, draws, and runs the next). The pieces add up to the
 * same run as Session.execute would make, and finish() reports it in the same words.
 */
import type { RunResult } from '../../machine/machine.ts';
import { type RunStart, reportRun } from './commands/execute.ts';
import type { Outcome, Session } from './session.ts';

export class RunJob {
  /** Cycles run so far. */
  cycles = 0;
  /** The budget is spent or the machine stopped on its own. */
  done = false;
  private reason: RunResult['reason'] = 'budget';

  constructor(
    private readonly session: Session,
    /** The line as typed (journaled when the run ends). */
    readonly line: string,
    /** The command's name (`run`, `continue`). */
    readonly command: string,
    /** Cycles the command asked for. */
    readonly budget: number,
    private readonly before: RunStart,
  ) {}

  /** Runs at most `maxCycles` more; returns whether the run is over. */
  advance(maxCycles: number): boolean {
    if (this.done) return true;
    const result = this.session.kernel.run(Math.min(maxCycles, this.budget - this.cycles));
    this.cycles += result.cycles;
    this.reason = result.reason;
    // A slice that ran nothing would otherwise repeat for ever.
    this.done = result.reason !== 'budget' || this.cycles >= this.budget || result.cycles === 0;
    return this.done;
  }

  /** The run's outcome as execute() gives it; `interrupted` when the user stopped it early. */
  finish(interrupted = false): Outcome {
    const result = { reason: this.reason, cycles: this.cycles };
    const why = interrupted && !this.done ? 'interrupted (Ctrl-C)' : undefined;
    // Stopped early, the run is replayed as the cycles it ran: it ended at a slice boundary,
    // exactly where a run of that many cycles ends.
    this.session.record(why ? `run ${this.cycles}` : this.line);
    const output = reportRun(this.session, this.before, result, why);
    this.session.appendPendingOutput(output);
    return {
      command: this.command,
      ok: true,
      expectFail: false,
      lines: output.lines,
      data: output.data,
    };
  }
}
