// The dashboard as a user meets it: drawn by blessed into a headless terminal (@xterm/headless)
// in a child process, with the chart titles and the numbers of a real script run; and the
// command's one-line errors for a bad script file or missing flags.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exolabWorkspace } from '../run-exolab.ts';

const HELPER = new URL('./headless-render.ts', import.meta.url).pathname;
const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;
const ws = exolabWorkspace('exolab-dashboard-');

interface Rendered {
  screen: string[];
  status: number;
  failures: string[];
  leftAltScreen: boolean;
}

function render(script: string, cols = 120, rows = 40): Rendered {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', HELPER, script, String(cols), String(rows)],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Rendered;
}

describe('exolab dashboard, drawn headless', () => {
  it('shows every chart with the numbers of the time-slices script, then q leaves', () => {
    const { screen, status, leftAltScreen } = render(`${EXAMPLES}time-slices.exo`);
    const text = screen.join('\n');
    for (const title of [
      'TLB and STLB hit rate (%)',
      'Page faults and upcalls per million cycles',
      'Revocations and aborts (total)',
      'Frames in use',
      'Slice occupancy per environment',
    ]) {
      expect(text).toContain(title);
    }
    // The script runs 300000 cycles (12 ms at 25 MHz); alice owns 2 slices, bob 1, of 16.
    expect(text).toMatch(/time\s+12\.0ms, 300000 cycles/);
    expect(text).toMatch(/slices\s+alice 2, bob 1 of 16/);
    expect(text).toMatch(/alice\s+bob\s+unowned/);
    expect(text).toMatch(/frames\s+\d+ of 3840/);
    expect(text).toContain('script done');
    expect(status).toBe(0);
    expect(leftAltScreen).toBe(true);
  });

  it('says which line failed and returns 1', () => {
    const file = `${ws.dir}/${ws.file('bad.exo', 'env new alice\nframe_alloc\nnot_a_command 3\n')}`;
    const { screen, status, failures } = render(file, 100, 30);
    expect(failures).toEqual([expect.stringMatching(/bad\.exo:3: .*not_a_command/)]);
    expect(screen.join('\n')).toMatch(/bad\.exo:3:/);
    expect(status).toBe(1);
  });
});

describe('exolab dashboard on the command line', () => {
  it('a script that cannot be read is one clear line, before the screen is taken', () => {
    const r = ws.exolab(['dashboard', '--script', 'missing.exo']);
    expect(r.stderr).toBe('exolab: cannot read script `missing.exo`: no such file\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('needs --script or --attach, not both', () => {
    const none = ws.exolab(['dashboard']);
    expect(none.stderr).toMatch(/needs --script FILE or --attach; usage: exolab dashboard/);
    expect(none.status).toBe(2);
    const both = ws.exolab(['dashboard', '--script', 'x.exo', '--attach']);
    expect(both.stderr).toMatch(/give --script or --attach, not both/);
    expect(both.status).toBe(2);
  });

  it('refuses to draw when stdout is not a terminal', () => {
    const file = ws.file('ok.exo', 'env new alice\n');
    const r = ws.exolab(['dashboard', '--script', file]);
    expect(r.stderr).toMatch(/draws on a terminal/);
    expect(r.status).toBe(1);
  });

  it('--attach with no session running says what to do', () => {
    const r = spawnSync(
      process.execPath,
      [new URL('../../../bin/exolab.js', import.meta.url).pathname, 'dashboard', '--attach'],
      {
        encoding: 'utf8',
        env: { ...process.env, TMPDIR: ws.dir },
      },
    );
    expect(r.stderr).toMatch(/draws on a terminal|no running exolab session/);
    expect(r.status).toBe(1);
  });
});
