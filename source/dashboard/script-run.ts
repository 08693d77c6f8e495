/**
 * `exolab dashboard --script FILE`: runs a script of the command language a piece at a time so
 * the charts grow while it runs. Each line is executed as `exolab script` would; a `run` or
 * `continue` line is advanced a chunk (chunkFor) at a time. A sample is taken after every piece, so
 * the points (and every value) are the same on every run of the same script and seed.
 */
import type { Outcome, RunJob, Session } from '../repl/index.ts';
import { type Sample, Sampler } from './sampler.ts';

/**
 * Emulated cycles between samples while a run goes on: a 64th of the run, so a short run still
 * draws a curve, but at least MIN_CHUNK and at most MAX_CHUNK (about 5 ms of machine time).
 */
export const MIN_CHUNK = 1024;
export const MAX_CHUNK = 1 << 17;

export function chunkFor(budget: number): number {
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.ceil(budget / 64)));
}

export interface ScriptProgress {
  /** Samples taken by this step (none when nothing changed). */
  samples: Sample[];
  /** 1-based number of the line under way or last done. */
  line: number;
  done: boolean;
  /** `NAME:LINE: message` when a line failed (the script stops there, as `exolab script` does). */
  failure?: string;
}

export class ScriptRun {
  private readonly lines: string[];
  private next = 0;
  private job: RunJob | null = null;
  private readonly sampler: Sampler;
  private finished = false;

  constructor(
    private readonly session: Session,
    private readonly name: string,
    text: string,
  ) {
    this.lines = text.split(/\r?\n/);
    this.sampler = new Sampler(() => session.kernel);
  }

  /** Lines in the script. */
  get length(): number {
    return this.lines.length;
  }

  /** The first sample (the machine before the script), then nothing until the next step. */
  start(): Sample[] {
    const first = this.sampler.sample();
    return first === null ? [] : [first];
  }

  /**
   * Runs at most `chunks` pieces (a line, or a chunk of a run); the samples they made and
   * where the script is.
   */
  step(chunks = 1): ScriptProgress {
    const samples: Sample[] = [];
    for (let i = 0; i < chunks && !this.finished; i++) {
      const failure = this.piece();
      const sample = this.sampler.sample();
      if (sample !== null) samples.push(sample);
      if (failure !== undefined) {
        this.finished = true;
        return { samples, line: this.next, done: true, failure };
      }
      if (this.job === null && this.next >= this.lines.length) this.finished = true;
    }
    return { samples, line: Math.min(this.next, this.lines.length), done: this.finished };
  }

  /** One piece; a failure message if the line failed. */
  private piece(): string | undefined {
    if (this.job !== null) {
      if (this.job.advance(chunkFor(this.job.budget))) return this.finishJob(this.job.finish());
      return undefined;
    }
    while (this.next < this.lines.length) {
      const line = this.lines[this.next++].trim();
      const job = this.session.startRun(line);
      if (job !== null) {
        this.job = job;
        return undefined;
      }
      const outcome = this.session.execute(line);
      if (outcome.command === null && outcome.ok) continue; // blank or comment
      return this.judge(outcome);
    }
    return undefined;
  }

  private finishJob(outcome: Outcome): string | undefined {
    this.job = null;
    return this.judge(outcome);
  }

  private judge(outcome: Outcome): string | undefined {
    return outcome.ok ? undefined : `${this.name}:${this.next}: ${outcome.error}`;
  }
}
