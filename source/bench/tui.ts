/**
 * `bench tui`: the full-screen shell under load, drawn by Ink into a terminal of our own (a
 * stand-in stdin/stdout pair with a fixed size, so no real terminal's speed is measured):
 *
 *   echo latency   a key typed into the REPL line until a frame holding it is written, while
 *                  idle and while `count.s` runs for ever (target: under 50 ms)
 *   MIPS           instructions retired per second while the shell runs the program and draws
 *                  its frames, against the same program advanced in the same slices with no
 *                  screen (target: at least 80%)
 *   frame time     Ink's own time to lay out and write a frame (onRender) at 120×40 and 200×60,
 *                  for frames made by stepping (each step changes the panes)
 *
 * Wall-clock time is read here only, never by the machine.
 */
import { EventEmitter } from 'node:events';
import * as os from 'node:os';
import { render } from 'ink';
import { createElement } from 'react';
import type { Session } from '../repl/index.ts';
import { App } from '../tui/App.tsx';
import { bootDemo } from '../tui/boot.ts';
import { installFastOutput } from '../tui/fast-output.ts';
import { loadPanes } from '../tui/panes-slot.ts';
import { SLICE_CYCLES } from '../tui/use-runner.ts';

export interface TuiBenchResult {
  /** The host's load average over the last minute when the bench ended, and its cores. */
  load: { average: number; cores: number };
  /** Keystroke to echo (ms): median and 95th percentile, idle and while a program runs. */
  echoIdle: { median: number; p95: number; keys: number };
  echoRunning: { median: number; p95: number; keys: number };
  /** Host MIPS with the shell drawing, headless, and their ratio. */
  mipsTui: number;
  mipsHeadless: number;
  ratio: number;
  /** Ink's time per frame (ms) at each size: median and 95th percentile. */
  frames: { size: string; median: number; p95: number; frames: number }[];
}

/** A terminal's input side as Ink reads it: raw mode, `readable` events, read(). */
class BenchStdin extends EventEmitter {
  readonly isTTY = true;
  private readonly queue: string[] = [];
  setRawMode(): void {}
  setEncoding(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  type(text: string): void {
    this.queue.push(text);
    this.emit('readable');
  }
}

/** A terminal's output side: its size, and every write noted with when it happened. */
class BenchStdout extends EventEmitter {
  readonly isTTY = true;
  /** What was written since the last clear(). */
  text = '';
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  /** Who waits for a write to hold some text (so waiting for an echo costs no CPU). */
  private waiter: { text: string; resolve: () => void } | null = null;
  write(chunk: string): boolean {
    this.text += chunk;
    if (this.waiter && this.text.includes(this.waiter.text)) {
      this.waiter.resolve();
      this.waiter = null;
    }
    return true;
  }
  /** Resolves true once what was written since clear() holds `text`; false after `ms`. */
  waitFor(text: string, ms = 5000): Promise<boolean> {
    if (this.text.includes(text)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(false);
      }, ms);
      this.waiter = {
        text,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
    });
  }
  clear(): void {
    this.text = '';
  }
}

/** Time a run is given before its speed is measured (ms). */
const WARM_MS = 300;

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, polling between event-loop turns; false after `timeoutMs`. */
async function until(done: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > end) return false;
    await tick();
  }
  return true;
}

function percentiles(values: number[]): { median: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p95: at(0.95) };
}

interface Shell {
  session: Session;
  stdin: BenchStdin;
  stdout: BenchStdout;
  renderTimes: number[];
  unmount: () => void;
}

/** The shell on the demo plus `count.s` (env `c`, acted as), drawn at `columns` × `rows`. */
async function openShell(columns: number, rows: number): Promise<Shell> {
  const { session, lines } = bootDemo();
  session.execute('load c examples/count.s');
  const { Panes, ids } = await loadPanes();
  const stdin = new BenchStdin();
  const stdout = new BenchStdout(columns, rows);
  const renderTimes: number[] = [];
  installFastOutput();
  const app = render(
    createElement(App, { session, initialLines: lines, Panes, paneIds: ids, stateFile: () => '' }),
    {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: new BenchStdout(columns, rows) as unknown as NodeJS.WriteStream,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: ({ renderTime }) => renderTimes.push(renderTime),
    },
  );
  await until(() => stdout.text.includes('c> '));
  return { session, stdin, stdout, renderTimes, unmount: () => app.unmount() };
}

/** Types `count` letters one at a time; returns each one's time until a frame showed it. */
async function echoTimes(shell: Shell, count: number): Promise<number[]> {
  const times: number[] = [];
  let line = '';
  for (let i = 0; i < count; i++) {
    const letter = String.fromCharCode(97 + (i % 26));
    line += letter;
    shell.stdout.clear();
    const start = performance.now();
    shell.stdin.type(letter);
    if (!(await shell.stdout.waitFor(`c> ${line}`))) {
      throw new Error(`bench tui: the letter \`${letter}\` was never echoed`);
    }
    times.push(performance.now() - start);
    // Keys a person types are tens of ms apart, not back to back.
    await sleep(15);
  }
  shell.stdin.type('\u0015');
  return times;
}

/** Host MIPS of count.s advanced in the shell's slices with no screen, for about `ms`. */
function headlessMips(ms: number): number {
  const { session } = bootDemo();
  session.execute('load c examples/count.s');
  const job = session.startRun('run 100000000000');
  if (job === null) throw new Error('bench tui: cannot start the headless run');
  const machine = session.kernel.machine;
  const warm = performance.now();
  while (performance.now() - warm < WARM_MS) job.advance(SLICE_CYCLES);
  const retired = machine.retired;
  const start = performance.now();
  while (performance.now() - start < ms) job.advance(SLICE_CYCLES);
  return (machine.retired - retired) / ((performance.now() - start) * 1000);
}

/** Runs the benchmark for about `seconds` (split between its parts). */
export async function benchTui(seconds = 3): Promise<TuiBenchResult> {
  const keys = Math.max(10, Math.round(seconds * 10));
  const shell = await openShell(120, 40);
  const idle = await echoTimes(shell, keys);

  shell.stdin.type('run 100000000000\r');
  await until(() => shell.stdout.text.includes('running'));
  // First the machine alone with the screen following it (status bar, panes), no typing,
  // after a warm-up (the block compiler translating the loop), as headless gets below.
  await sleep(WARM_MS);
  const machine = () => shell.session.kernel.machine;
  const retired = machine().retired;
  const start = performance.now();
  await sleep(seconds * 400);
  const mipsTui = (machine().retired - retired) / ((performance.now() - start) * 1000);
  const running = await echoTimes(shell, keys);
  shell.stdin.type('\u0003');
  await until(() => shell.stdout.text.includes('interrupted'));
  shell.unmount();

  // Headless just after the shell's run, and again after the frames below: the host's load
  // moves, and the mean of the two brackets it.
  const headlessBefore = headlessMips(seconds * 200);

  const frames: TuiBenchResult['frames'] = [];
  for (const [columns, rows] of [
    [120, 40],
    [200, 60],
  ]) {
    const s = await openShell(columns, rows);
    s.renderTimes.length = 0;
    const steps = Math.max(10, Math.round(seconds * 10));
    for (let i = 0; i < steps; i++) {
      const before = s.renderTimes.length;
      s.stdin.type('\u001b[19~');
      await until(() => s.renderTimes.length > before);
      await sleep(40);
    }
    frames.push({
      size: `${columns}×${rows}`,
      frames: s.renderTimes.length,
      ...percentiles(s.renderTimes),
    });
    s.unmount();
  }

  const mipsHeadless = (headlessBefore + headlessMips(seconds * 200)) / 2;
  return {
    load: { average: os.loadavg()[0], cores: os.cpus().length },
    echoIdle: { keys, ...percentiles(idle) },
    echoRunning: { keys, ...percentiles(running) },
    mipsTui,
    mipsHeadless,
    ratio: mipsTui / mipsHeadless,
    frames,
  };
}

export function formatTuiTable(r: TuiBenchResult): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    `exolab shell (Ink) under load; host load average ${r.load.average.toFixed(1)} on ${r.load.cores} cores (figures scale with it)`,
    `  echo, idle            median ${ms(r.echoIdle.median)}, p95 ${ms(r.echoIdle.p95)} (${r.echoIdle.keys} keys)`,
    `  echo, program running median ${ms(r.echoRunning.median)}, p95 ${ms(r.echoRunning.p95)} (${r.echoRunning.keys} keys; target < 50 ms)`,
    `  emulator              ${r.mipsTui.toFixed(1)} MIPS with the shell drawing, ${r.mipsHeadless.toFixed(1)} headless: ${(r.ratio * 100).toFixed(0)}% (target ≥ 80%)`,
    ...r.frames.map(
      (f) =>
        `  frame ${f.size.padEnd(8)}      median ${ms(f.median)}, p95 ${ms(f.p95)} (${f.frames} frames, Ink's onRender)`,
    ),
  ].join('\n');
}
