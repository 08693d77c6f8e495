// The dashboard's numbers without blessed: rates between two readings, the Sampler on a real
// session (deterministic, only when something changed, restarted when the machine goes back),
// the series it feeds, the script run in pieces and the wire format of --attach.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CountersView } from '../../../kernel/exo/inspector.ts';
import { scriptFileReader } from '../../../source/cli/script.ts';
import { decode, encode, lineSplitter } from '../../../source/dashboard/protocol.ts';
import {
  formatUs,
  type Reading,
  readKernel,
  type Sample,
  Sampler,
  sampleBetween,
} from '../../../source/dashboard/sampler.ts';
import { chunkFor, ScriptRun } from '../../../source/dashboard/script-run.ts';
import { SampleSeries } from '../../../source/dashboard/series.ts';
import { Session } from '../../../source/repl/index.ts';

const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;

function reading(counters: Partial<CountersView>): Reading {
  return {
    counters: {
      cycles: 0,
      instructions: 0,
      tlbMisses: 0,
      stlbHits: 0,
      stlbMisses: 0,
      upcalls: 0,
      revocations: 0,
      revocationAborts: 0,
      envsAborted: 0,
      ...counters,
    },
    slices: { total: 16, byEnv: [{ name: 'alice', count: 2 }] },
    frames: {
      total: 3840,
      byEnv: [
        { name: 'alice', count: 5 },
        { name: 'bob', count: 2 },
      ],
    },
  };
}

describe('sampleBetween', () => {
  it('rates over the interval, totals since boot, time in emulated microseconds', () => {
    const a = reading({
      cycles: 1_000_000,
      instructions: 900_000,
      tlbMisses: 100,
      stlbHits: 60,
      stlbMisses: 40,
      upcalls: 50,
    });
    const b = reading({
      cycles: 3_000_000, // 2M cycles later
      instructions: 1_900_000, // 1M instructions
      tlbMisses: 1_100, // 1000 misses: 99.9% of fetches hit
      stlbHits: 810, // 750 of the 1000 misses answered by the STLB
      stlbMisses: 290, // 250 page faults: 125 per million cycles
      upcalls: 450, // 400 upcalls: 200 per million cycles
      revocations: 3,
      revocationAborts: 1,
      envsAborted: 1,
    });
    const s = sampleBetween(a, b);
    expect(s.cycle).toBe(3_000_000);
    expect(s.us).toBe(120_000); // 40 ns a cycle
    expect(s.tlbHitRate).toBeCloseTo(99.9, 10);
    expect(s.stlbHitRate).toBeCloseTo(75, 10);
    expect(s.faultsPerMcycle).toBeCloseTo(125, 10);
    expect(s.upcallsPerMcycle).toBeCloseTo(200, 10);
    expect([s.revocations, s.revocationAborts, s.envsAborted]).toEqual([3, 1, 1]);
    expect(s.frames).toEqual({ total: 3840, inUse: 7, byEnv: b.frames.byEnv });
    expect(s.restart).toBe(false);
  });

  it('no time, no instructions, no misses: the rates are null, not 0 or NaN', () => {
    const r = reading({ cycles: 500, instructions: 400 });
    const s = sampleBetween(r, r);
    expect([s.tlbHitRate, s.stlbHitRate, s.faultsPerMcycle, s.upcallsPerMcycle]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('a reading earlier than the one before is a restart, rated since boot', () => {
    const s = sampleBetween(
      reading({ cycles: 5000, upcalls: 9 }),
      reading({ cycles: 1000, upcalls: 2 }),
    );
    expect(s.restart).toBe(true);
    expect(s.upcallsPerMcycle).toBe(2000);
  });
});

function sessionFor(script: string): { session: Session; text: string } {
  const file = path.join(EXAMPLES, script);
  return {
    session: new Session({ seed: 1, readFile: scriptFileReader(path.dirname(file)) }),
    text: fs.readFileSync(file, 'utf8'),
  };
}

function runAll(script: string): Sample[] {
  const { session, text } = sessionFor(script);
  const run = new ScriptRun(session, script, text);
  const samples = run.start();
  for (;;) {
    const p = run.step(50);
    samples.push(...p.samples);
    if (p.done) {
      expect(p.failure).toBeUndefined();
      return samples;
    }
  }
}

describe('ScriptRun and Sampler on real scripts', () => {
  it('the same script gives the same samples, in growing emulated time', () => {
    const one = runAll('time-slices.exo');
    const two = runAll('time-slices.exo');
    expect(one).toEqual(two);
    expect(one.length).toBeGreaterThan(60); // `run 300000` alone gives 64 points
    for (let i = 1; i < one.length; i++)
      expect(one[i].cycle).toBeGreaterThanOrEqual(one[i - 1].cycle);
    const last = one.at(-1)!;
    expect(last.slices.byEnv).toEqual([
      { name: 'alice', count: 2 },
      { name: 'bob', count: 1 },
    ]);
    expect(last.slices.total).toBe(16);
    // Slices end in end-of-slice upcalls: time-slices makes some, and never a page fault.
    expect(one.some((s) => (s.upcallsPerMcycle ?? 0) > 0)).toBe(true);
  });

  it('counts what the revocation script does: one revocation, one abort', () => {
    const last = runAll('abort.exo').at(-1)!;
    expect(last.revocations).toBe(1);
    expect(last.revocationAborts).toBe(1);
  });

  it('page faults show up in the STLB example and the hit rates stay within 0..100', () => {
    const samples = runAll('stlb-hit.exo');
    expect(samples.some((s) => (s.faultsPerMcycle ?? 0) > 0 || (s.stlbHitRate ?? 0) > 0)).toBe(
      true,
    );
    for (const s of samples) {
      for (const rate of [s.tlbHitRate, s.stlbHitRate]) {
        if (rate !== null) expect(rate).toBeGreaterThanOrEqual(0);
        if (rate !== null) expect(rate).toBeLessThanOrEqual(100);
      }
    }
  });

  it('a failing line stops the run with NAME:LINE: message', () => {
    const session = new Session({ seed: 1 });
    const run = new ScriptRun(
      session,
      'x.exo',
      'env new alice\n\n# note\nframe_free 99999\nenv new bob',
    );
    run.start();
    const p = run.step(10);
    expect(p.done).toBe(true);
    expect(p.failure).toMatch(/^x\.exo:4: /);
  });

  it('chunks are a 64th of the run, within bounds', () => {
    expect(chunkFor(300_000)).toBe(4688);
    expect(chunkFor(10)).toBe(1024);
    expect(chunkFor(Number.POSITIVE_INFINITY)).toBe(1 << 17);
  });
});

describe('Sampler', () => {
  it('samples only when the machine changed, and restarts when the session goes back', () => {
    const session = new Session({ seed: 1 });
    const sampler = new Sampler(() => session.kernel);
    expect(sampler.sample()).not.toBeNull();
    expect(sampler.sample()).toBeNull();
    expect(session.execute('env new alice').ok).toBe(true);
    expect(session.execute('frame_alloc').ok).toBe(true);
    const after = sampler.sample()!;
    expect(after.frames.byEnv).toEqual([{ name: 'alice', count: 1 }]);
    expect(after.restart).toBe(false);
    // A kernel swapped under the sampler (`back` replays on a fresh one) starts again.
    const other = new Session({ seed: 1 });
    const swapped = new Sampler(() => (sampled++ === 0 ? session.kernel : other.kernel));
    let sampled = 0;
    swapped.sample();
    expect(swapped.sample()?.restart).toBe(true);
  });

  it('names environments that share a name (the kernel allows it) by id too', () => {
    const kernel = new Session({ seed: 1 }).kernel;
    for (let i = 0; i < 2; i++) kernel.allocFrame(kernel.createEnv('w')!);
    expect(readKernel(kernel).frames.byEnv.map((s) => s.name)).toEqual(['w#1', 'w#2']);
  });
});

describe('SampleSeries', () => {
  const at = (cycle: number, extra: Partial<Sample> = {}): Sample => ({
    ...sampleBetween(null, reading({ cycles: cycle, instructions: cycle })),
    ...extra,
  });

  it('keeps the newest points, merges a point at the same cycle, clears on restart', () => {
    const series = new SampleSeries(3);
    for (const c of [10, 20, 30, 40]) series.add(at(c));
    expect(series.samples.map((s) => s.cycle)).toEqual([20, 30, 40]);
    series.add(at(40, { upcallsPerMcycle: null, revocations: 7 }));
    expect(series.samples).toHaveLength(3);
    expect(series.latest?.revocations).toBe(7);
    expect(series.latest?.upcallsPerMcycle).toBe(0); // the interval's rate is kept
    series.add(at(5, { restart: true }));
    expect(series.samples.map((s) => s.cycle)).toEqual([5]);
    expect(series.restarts).toBe(1);
  });
});

describe('protocol', () => {
  it('round-trips messages and names what is wrong with a bad line', () => {
    const sample = sampleBetween(null, reading({ cycles: 100 }));
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    const wire =
      encode({ type: 'hello', version: 1, session: 's', samples: [sample] }) +
      encode({ type: 'sample', sample });
    feed(wire.slice(0, 17));
    feed(wire.slice(17));
    expect(lines.map(decode)).toEqual([
      { type: 'hello', version: 1, session: 's', samples: [sample] },
      { type: 'sample', sample },
    ]);
    expect(decode('{oops')).toEqual({ error: 'not JSON' });
    expect(decode('{"type":"hello","version":9,"samples":[]}')).toEqual({
      error: 'protocol version 9, expected 1',
    });
    expect(decode('{"type":"sample","sample":{}}')).toEqual({ error: 'bad sample' });
  });

  it('formats emulated time for the axis', () => {
    expect([formatUs(850), formatUs(5240), formatUs(12_000), formatUs(3_200_000)]).toEqual([
      '850µs',
      '5.24ms',
      '12.0ms',
      '3.20s',
    ]);
  });
});
