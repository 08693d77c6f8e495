// `exolab bench paper` runs for real: one table row per experiment with positive cycles and
// microseconds under both kernels (or "not measured"), the paper's figure beside each, and the
// same numbers on every run (emulated cycles; speed is never asserted).
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import type { PaperRow } from '../../source/bench/paper.ts';
import { BIN } from './run-exolab.ts';

function exolab(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

const EXPERIMENTS = [
  'exception: unaligned access',
  'exception: overflow',
  'exception: coprocessor unusable',
  'exception: protection fault',
  'null kernel call (getpid / env_self)',
  'IPC round trip (pipe / pct)',
  'packet filter: compiled vs interpreted, cycles per packet (8 filters)',
  'pipe round trip: kernel pipes vs ExOS library pipes',
  'dirty (query one page)',
  'prot1 (protect one page)',
  'prot100 (protect 100 pages)',
  'unprot100 (unprotect 100 pages)',
  'trap (fault to user handler and back)',
  'appel1 (prot1 + trap + unprot, per fault)',
  'appel2 (protN + trap + unprot, per page)',
  'paging: cyclic scan larger than memory, kernel LRU vs ExOS MRU (whole run)',
];

test('bench paper --json: every experiment, positive figures, identical on two runs', () => {
  const first = exolab(['bench', 'paper', '--json']);
  const data = JSON.parse(first) as { benchmark: string; rows: PaperRow[] };
  expect(data.benchmark).toBe('paper');
  expect(data.rows.map((r) => r.experiment)).toEqual(EXPERIMENTS);
  for (const row of data.rows) {
    expect(row.exoCycles).toBeGreaterThan(0);
    expect(row.exoMicroseconds).toBeGreaterThan(0);
    for (const value of [row.monoCycles, row.monoMicroseconds, row.ratio]) {
      if (value !== null) expect(value).toBeGreaterThan(0);
    }
    expect(row.paper.length).toBeGreaterThan(0);
  }
  expect(exolab(['bench', 'paper', '--json'])).toBe(first);
}, 120_000); // two whole runs of the bench (every experiment under both kernels)

test('bench paper prints one table with the paper beside our ratio', () => {
  const lines = exolab(['bench', 'paper']).trimEnd().split('\n');
  expect(lines[0]).toMatch(
    /^experiment\s+mono cycles\s+mono us\s+exo cycles\s+exo us\s+ratio\s+paper$/,
  );
  expect(lines.length).toBe(EXPERIMENTS.length + 1);
  EXPERIMENTS.forEach((name, i) => {
    expect(lines[i + 1].startsWith(name)).toBe(true);
  });
  expect(lines.join('\n')).toContain('not reported');
}, 60_000);
