/**
 * The dashboard's screen: blessed-contrib charts of a SampleSeries (series.ts), a panel of the
 * newest numbers and a status line. Only this file (and the command that opens it) loads blessed,
 * and only in the `exolab dashboard` process: blessed installs process-wide exit handlers.
 * `q`, Escape and Ctrl-C call onQuit; the caller destroys the screen, which restores the terminal.
 */
import blessed from 'blessed';
import contrib from 'blessed-contrib';
import { formatUs, type Sample } from './sampler.ts';
import type { SampleSeries } from './series.ts';

export const TITLES = {
  hitRate: 'TLB and STLB hit rate (%)',
  rates: 'Page faults and upcalls per million cycles',
  revocations: 'Revocations and aborts (total)',
  frames: 'Frames in use',
  slices: 'Slice occupancy per environment',
  now: 'Now',
} as const;

export interface ScreenOptions {
  /** Streams of the terminal (default the process's); a test passes fake ones. */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Says where the samples come from (the script, the session); shown after the message. */
  source: string;
  onQuit: () => void;
}

export interface DashboardScreen {
  /** Redraws the charts from the series. */
  update(series: SampleSeries): void;
  /** The status line's message (e.g. `script done`, an error). */
  status(text: string): void;
  /** Restores the terminal. */
  destroy(): void;
  /** The screen as text, lines of the terminal (for tests and --print). */
  screenshotText(): string;
}

type LineSeries = { title: string; x: string[]; y: number[]; style: { line: string } };

export function openScreen(options: ScreenOptions): DashboardScreen {
  const screen = blessed.screen({
    input: options.input as NodeJS.ReadableStream | undefined,
    output: options.output as NodeJS.WritableStream | undefined,
    smartCSR: true,
    fullUnicode: true,
    forceUnicode: true,
    warnings: false,
    title: 'exolab dashboard',
    terminal: 'xterm-256color',
  } as blessed.Widgets.IScreenOptions);
  // Box lines as Unicode characters, not the terminal's alternate character set (which tmux
  // panes and captures show as the letters l q k x).
  (screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
  // The charts fill all but the last row, which is the status line.
  const body = blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: '100%-1' });
  const grid = new contrib.grid({
    rows: 11,
    cols: 12,
    screen: body as unknown as blessed.Widgets.Screen,
  });
  const lineStyle = { text: 'white', baseline: 'white' };
  const line = (row: number, col: number, label: string, extra: object = {}) =>
    grid.set(row, col, 4, 6, contrib.line, {
      label,
      showLegend: true,
      legend: { width: 16 },
      style: lineStyle,
      xLabelPadding: 3,
      xPadding: 5,
      ...extra,
    }) as contrib.Widgets.LineElement & { options: { maxY?: number } };
  const hitRate = line(0, 0, TITLES.hitRate, { maxY: 100 });
  const rates = line(0, 6, TITLES.rates);
  const revocations = line(4, 0, TITLES.revocations, { wholeNumbersOnly: true });
  const frames = line(4, 6, TITLES.frames, { wholeNumbersOnly: true });
  const slices = grid.set(8, 0, 3, 7, contrib.bar, {
    label: TITLES.slices,
    barWidth: 8,
    barSpacing: 4,
    xOffset: 1,
    maxHeight: 1,
  }) as contrib.Widgets.BarElement & { options: { maxHeight: number } };
  const now = grid.set(8, 7, 3, 5, blessed.box, {
    label: TITLES.now,
    tags: false,
    padding: { left: 1 },
  }) as blessed.Widgets.BoxElement;
  const statusLine = blessed.box({
    parent: screen,
    bottom: 0,
    left: 0,
    width: '100%',
    height: 1,
    tags: false,
    wrap: false,
    style: { inverse: true },
  });
  let statusText = 'waiting for samples';
  let countText = '';

  let quitting = false;
  const quit = () => {
    if (quitting) return; // a second q while the screen goes
    quitting = true;
    options.onQuit();
  };
  screen.key(['q', 'escape', 'C-c'], quit);

  const setLines = (
    chart: ReturnType<typeof line>,
    samples: Sample[],
    series: [string, string, (s: Sample) => number | null][],
    start = 0,
  ) => {
    const x = samples.map((s) => formatUs(s.us));
    const data: LineSeries[] = series.map(([title, color, pick]) => ({
      title,
      x,
      y: carryForward(samples.map(pick), start),
      style: { line: color },
    }));
    // blessed-contrib divides by the largest value: give an all-zero chart a scale.
    if (chart !== hitRate) {
      const top = Math.max(0, ...data.flatMap((d) => d.y));
      chart.options.maxY = top > 0 ? undefined : 1;
    }
    chart.setData(data);
  };

  const render = () => {
    // The message first: a long script path must not push it off a narrow terminal.
    const parts = [statusText, 'q quits', options.source, countText].filter((p) => p !== '');
    statusLine.setContent(parts.join('  ·  '));
    screen.render();
  };

  render();
  return {
    update(series) {
      // A line needs two points: one sample is drawn flat.
      const first = series.samples[0];
      const points = series.samples.length === 1 ? [first, first] : series.samples;
      if (points.length === 0) {
        render();
        return;
      }
      // Before the first miss nothing has missed: a hit rate starts at 100%.
      setLines(
        hitRate,
        points,
        [
          ['TLB', 'green', (s) => s.tlbHitRate],
          ['STLB', 'cyan', (s) => s.stlbHitRate],
        ],
        100,
      );
      setLines(rates, points, [
        ['page faults', 'yellow', (s) => s.faultsPerMcycle],
        ['upcalls', 'magenta', (s) => s.upcallsPerMcycle],
      ]);
      setLines(revocations, points, [
        ['revocations', 'yellow', (s) => s.revocations],
        ['revoke aborts', 'red', (s) => s.revocationAborts],
        ['envs aborted', 'magenta', (s) => s.envsAborted],
      ]);
      setLines(frames, points, [['frames', 'cyan', (s) => s.frames.inUse]]);
      const latest = points[points.length - 1];
      // Every environment that owns positions, then the unowned ones: never an empty chart.
      const shares = latest.slices.byEnv;
      const owned = shares.reduce((sum, s) => sum + s.count, 0);
      slices.options.maxHeight = latest.slices.total; // bars to the scale of the whole vector
      slices.setData({
        titles: [...shares.map((s) => s.name.slice(0, 8)), 'unowned'],
        data: [...shares.map((s) => s.count), latest.slices.total - owned],
      });
      now.setContent(nowText(latest));
      const back = series.restarts > 0 ? `, restarted ${series.restarts}× (machine went back)` : '';
      countText = `${series.samples.length} samples${back}`;
      render();
    },
    status(text) {
      statusText = text;
      render();
    },
    destroy() {
      screen.destroy();
    },
    screenshotText() {
      const lines: string[] = [];
      for (const row of (screen as unknown as { lines: [number, string][][] }).lines) {
        lines.push(row.map((cell) => cell[1]).join(''));
      }
      return lines.join('\n');
    },
  };
}

/** Nulls (no time passed, nothing to rate) drawn at the value before them, `start` at first. */
function carryForward(values: (number | null)[], start: number): number[] {
  let last = start;
  return values.map((v) => {
    if (v !== null) last = v;
    return last;
  });
}

const rate = (v: number | null, digits = 1) => (v === null ? '–' : v.toFixed(digits));

/** The newest numbers, a few short lines (rates per million cycles). */
export function nowText(s: Sample): string {
  const slices = s.slices.byEnv.map((e) => `${e.name} ${e.count}`).join(', ') || 'none owned';
  return [
    `time     ${formatUs(s.us)}, ${s.cycle} cycles`,
    `TLB      ${rate(s.tlbHitRate, 2)}%  STLB ${rate(s.stlbHitRate)}%`,
    `faults   ${rate(s.faultsPerMcycle)}  upcalls ${rate(s.upcallsPerMcycle)} /Mcycle`,
    `revoked  ${s.revocations}  aborts ${s.revocationAborts}  envs aborted ${s.envsAborted}`,
    `frames   ${s.frames.inUse} of ${s.frames.total}`,
    `slices   ${slices} of ${s.slices.total}`,
  ].join('\n');
}
