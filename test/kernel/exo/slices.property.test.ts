/**
 * Property test over random sequences of slice and PCT calls, runs and environment ends from
 * three environments (seeded; a failure prints the seed and the shortest failing sequence).
 * After every step: each owned position's donation chain starts with its owner and holds only
 * live environments, unowned positions have no chain, the CPU is never left to an ended
 * environment while one can run, refused calls change nothing, and the same sequence run twice
 * logs the same cycle-stamped events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../../kernel/caps/index.ts';
import type { Environment } from '../../../kernel/exo/env.ts';
import { E_OK } from '../../../kernel/exo/errors.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { loadInto } from './helpers.ts';

type Op =
  | { kind: 'alloc'; env: number; position: number }
  | { kind: 'free'; env: number; cap: number }
  | { kind: 'yield' }
  | { kind: 'pct'; to: number; mode: number }
  | { kind: 'run'; cycles: number }
  | { kind: 'end'; env: number };

const ENVS = 3;
const COUNT = 4;
const env = fc.integer({ min: 0, max: ENVS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('alloc' as const),
    env,
    position: fc.integer({ min: -2, max: COUNT }),
  }),
  fc.record({ kind: fc.constant('free' as const), env, cap: fc.nat(12) }),
  fc.record({ kind: fc.constant('yield' as const) }),
  fc.record({ kind: fc.constant('pct' as const), to: env, mode: fc.integer({ min: -1, max: 2 }) }),
  fc.record({ kind: fc.constant('run' as const), cycles: fc.integer({ min: 1, max: 30_000 }) }),
  fc.record({ kind: fc.constant('end' as const), env }),
);

/** Counts in $s0; its entry points are `main` too, so any transfer lands in the loop. */
const COUNTER = `
        .text
main:   addiu $s0, $s0, 1
        b     main
        nop
`;

function world() {
  const kernel = new Exokernel({ memoryBytes: 4 << 20, slices: { count: COUNT, length: 2000 } });
  const envs: Environment[] = [];
  for (let i = 0; i < ENVS; i++) {
    const e = loadInto(kernel, `e${i}`, COUNTER).env;
    kernel.calls.apiFor(e).call('set_entry_points', e.context.pc, e.context.pc);
    envs.push(e);
  }
  kernel.switchTo(envs[0]);
  return { kernel, envs, caps: [] as Capability[] };
}

function step(w: ReturnType<typeof world>, o: Op): void {
  const { kernel, envs, caps } = w;
  const api = (i: number) => kernel.calls.apiFor(envs[i]);
  const current = kernel.current;
  const before = JSON.stringify(kernel.slices.snapshot());
  let error = E_OK;
  if (o.kind === 'alloc') {
    const got = api(o.env).call('slice_alloc', o.position);
    if (got.cap) caps.push(got.cap);
    error = got.error;
  } else if (o.kind === 'free' && caps.length > 0) {
    error = api(o.env).call('slice_free', caps[o.cap % caps.length]).error;
  } else if (o.kind === 'yield' && current !== null) {
    error = kernel.calls.apiFor(current).call('yield').error;
  } else if (o.kind === 'pct' && current !== null) {
    error = kernel.calls.apiFor(current).call('pct', envs[o.to].id, o.mode).error;
  } else if (o.kind === 'run') {
    kernel.run(o.cycles);
  } else if (o.kind === 'end') {
    kernel.endEnv(envs[o.env], 'exited', 'test');
  }
  if (error !== E_OK) expect(JSON.stringify(kernel.slices.snapshot())).toBe(before);
}

function checkInvariants(kernel: Exokernel): void {
  const view = kernel.slices.snapshot();
  const live = (id: number) => kernel.envs.get(id)?.state === 'runnable';
  for (const p of view.positions) {
    const owner = kernel.slices.vector.table.ownerOf(p.position);
    if (owner === 'free' || owner === 'retired') {
      expect(p.chain).toEqual([]);
    } else {
      expect(p.chain[0]).toBe(owner);
      expect(p.runner).toBe(p.chain.at(-1));
    }
    for (const id of p.chain) expect(live(id)).toBe(true);
  }
  const anyLive = [...kernel.envs.values()].some((e) => e.state === 'runnable');
  if (anyLive) expect(kernel.current !== null && live(kernel.current.id)).toBe(true);
  if (view.saving !== null) expect(live(view.saving.env)).toBe(true);
}

function replay(ops: Op[]) {
  const w = world();
  for (const o of ops) {
    step(w, o);
    checkInvariants(w.kernel);
  }
  return w.kernel.log.recent();
}

describe('the slice vector under random calls', () => {
  it('keeps its chains consistent, refuses without changing anything, and is deterministic', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        expect(replay(ops)).toEqual(replay(ops));
      }),
      { seed: 20261127, numRuns: 120 },
    );
  });
});
