// `exolab bench kernel --json` runs for real and reports each hot path with positive figures;
// the emulated cycles per operation are the same on every run (speed is never asserted).
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { BIN } from './run-exolab.ts';

function benchKernel() {
  const r = spawnSync(process.execPath, [BIN, 'bench', 'kernel', '--seconds', '0.01', '--json'], {
    env: { ...process.env, CI: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as {
    results: {
      benchmark: string;
      operations: number;
      cyclesPerOperation: number;
      operationsPerSecond: number;
    }[];
  };
}

test('bench kernel reports STLB refills, library-OS upcalls and kernel calls', () => {
  const first = benchKernel();
  expect(first.results.map((r) => r.benchmark)).toEqual([
    'stlb-refill',
    'libos-upcall',
    'kernel-call',
  ]);
  for (const r of first.results) {
    expect(r.operations).toBeGreaterThan(1000);
    expect(r.cyclesPerOperation).toBeGreaterThan(0);
    expect(r.operationsPerSecond).toBeGreaterThan(0);
  }
  const second = benchKernel();
  expect(second.results.map((r) => r.cyclesPerOperation)).toEqual(
    first.results.map((r) => r.cyclesPerOperation),
  );
}, 240_000);
