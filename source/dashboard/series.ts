/**
 * The samples a dashboard shows: the newest `limit` points of emulated time, oldest first. A
 * sample at the cycle of the last point replaces it (a command that changed the machine without
 * running it); a restart sample (the machine went back) starts the series again.
 */
import type { Sample } from './sampler.ts';

export class SampleSeries {
  readonly samples: Sample[] = [];
  /** Restarts seen (each cleared the series). */
  restarts = 0;

  constructor(readonly limit = 400) {}

  add(sample: Sample): void {
    if (sample.restart && this.samples.length > 0) {
      this.samples.length = 0;
      this.restarts++;
    }
    const last = this.samples.at(-1);
    if (last !== undefined && last.cycle === sample.cycle) {
      // No time passed: keep the rates of the interval that led here.
      this.samples[this.samples.length - 1] = {
        ...sample,
        tlbHitRate: sample.tlbHitRate ?? last.tlbHitRate,
        stlbHitRate: sample.stlbHitRate ?? last.stlbHitRate,
        faultsPerMcycle: sample.faultsPerMcycle ?? last.faultsPerMcycle,
        upcallsPerMcycle: sample.upcallsPerMcycle ?? last.upcallsPerMcycle,
      };
      return;
    }
    this.samples.push(sample);
    if (this.samples.length > this.limit) this.samples.splice(0, this.samples.length - this.limit);
  }

  get latest(): Sample | undefined {
    return this.samples.at(-1);
  }
}
