/**
 * The per-test watchdog shared by both ways of running the grading bundle (a worker thread in
 * runner.ts, a child process in process-runner.ts). It follows the bundle's messages to know
 * which test is running and re-arms a wall-clock timer at each test's start and end; when the
 * timer runs out it reports a timeout naming the student's labelled code, the running test or
 * the loading of the tests. Start-up (tsx, the kernel's modules) and the time between tests get
 * a fixed, generous allowance: on a loaded machine loading alone can take seconds.
 */
import type { WorkerMessage } from './protocol.ts';
import type { Ended } from './runner.ts';

/** Wall-clock allowance for the worker or process to start and load the tests. */
export const STARTUP_SECONDS = 60;

export class TestWatchdog {
  /** The test now running (null while loading and between tests). */
  running: string | null = null;
  private timer: NodeJS.Timeout | undefined;

  /**
   * `label` gives what the student's code being run is called now ('' if none); `expire` gets
   * the timeout (the caller stops the run).
   */
  constructor(
    private readonly wallSeconds: number,
    private readonly label: () => string,
    private readonly expire: (ended: Ended) => void,
  ) {}

  /** (Re)starts the timer for the current phase. */
  arm(): void {
    clearTimeout(this.timer);
    const seconds =
      this.running === null ? Math.max(STARTUP_SECONDS, this.wallSeconds) : this.wallSeconds;
    this.timer = setTimeout(() => {
      const what = this.label();
      const who = what ? `your ${what}` : this.running ? 'the test' : 'loading the tests';
      this.expire({
        kind: 'timeout',
        running: this.running,
        reason: `${who} did not return within ${this.wallSeconds} s (an infinite loop?)`,
      });
    }, seconds * 1000);
  }

  /** Stops the timer for good. */
  stop(): void {
    clearTimeout(this.timer);
  }

  /** Notes a test's start or result from the bundle's messages and re-arms the timer. */
  track(m: WorkerMessage): void {
    if (m.type === 'start') {
      this.running = m.name;
      this.arm();
    } else if (m.type === 'result') {
      this.running = null;
      this.arm();
    }
  }
}
