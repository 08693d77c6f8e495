/**
 * Property test over random sequences of kernel calls from several environments (seeded and
 * reproducible: a failure prints the seed and the shortest failing sequence). After every
 * step: no binding, STLB entry or hardware TLB entry maps a frame that is not currently
 * allocated, or maps it writable without a capability that had WRITE; capabilities never widen;
 * frames are never lost or double-owned.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Capability,
  RIGHT_READ,
  RIGHT_WRITE,
  RIGHTS_ALL,
} from '../../../kernel/caps/index.ts';
import { E_OK } from '../../../kernel/exo/errors.ts';
import { inspectFrames } from '../../../kernel/exo/inspector.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { refillTlb } from '../../../kernel/exo/tlb-control.ts';

type Op =
  | { kind: 'alloc'; env: number }
  | { kind: 'free'; env: number; cap: number }
  | { kind: 'bind'; env: number; cap: number; page: number; writable: boolean }
  | { kind: 'unbind'; env: number; page: number }
  | { kind: 'narrow'; env: number; cap: number; rights: number }
  | { kind: 'forge'; cap: number; bit: number }
  | { kind: 'refill'; env: number; page: number };

const ENVS = 3;
const PAGES = 6;
const env = fc.integer({ min: 0, max: ENVS - 1 });
const capIndex = fc.nat(40);
const page = fc.integer({ min: 0, max: PAGES - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('alloc' as const), env }),
  fc.record({ kind: fc.constant('free' as const), env, cap: capIndex }),
  fc.record({
    kind: fc.constant('bind' as const),
    env,
    cap: capIndex,
    page,
    writable: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('unbind' as const), env, page }),
  fc.record({
    kind: fc.constant('narrow' as const),
    env,
    cap: capIndex,
    rights: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    kind: fc.constant('forge' as const),
    cap: capIndex,
    bit: fc.integer({ min: 0, max: 31 }),
  }),
  fc.record({ kind: fc.constant('refill' as const), env, page }),
);

const vaddrOf = (p: number) => 0x20000000 + p * 4096;

function check(ops: Op[]): void {
  const kernel = new Exokernel({ memoryBytes: 2 << 20 });
  const envs = Array.from({ length: ENVS }, (_, i) => kernel.createEnv(`e${i}`)!);
  const apis = envs.map((e) => kernel.calls.apiFor(e));
  // Every capability any environment ever saw (bearer tokens may be passed around).
  const caps: Capability[] = [];
  const pick = (i: number) => (caps.length === 0 ? undefined : caps[i % caps.length]);

  for (const o of ops) {
    if (o.kind === 'alloc') {
      const r = apis[o.env].call('frame_alloc');
      if (r.error === E_OK) caps.push(r.cap!);
    } else if (o.kind === 'free') {
      const c = pick(o.cap);
      if (c) apis[o.env].call('frame_free', c);
    } else if (o.kind === 'bind') {
      const c = pick(o.cap);
      if (!c) continue;
      const r = apis[o.env].call('bind', vaddrOf(o.page), c, o.writable ? 1 : 0);
      if (r.error === E_OK && o.writable) expect(c.rights & RIGHT_WRITE).toBe(RIGHT_WRITE);
      if (r.error === E_OK) expect(c.rights & RIGHT_READ).toBe(RIGHT_READ);
    } else if (o.kind === 'unbind') {
      apis[o.env].call('unbind', vaddrOf(o.page));
    } else if (o.kind === 'narrow') {
      const c = pick(o.cap);
      if (!c) continue;
      const r = apis[o.env].call('cap_narrow', c, o.rights);
      if (r.error === E_OK) {
        expect(r.cap!.rights & ~c.rights).toBe(0); // never wider
        expect(r.cap!.rights & ~RIGHTS_ALL).toBe(0);
        caps.push(r.cap!);
      }
    } else if (o.kind === 'forge') {
      const c = pick(o.cap);
      if (c) caps.push({ ...c, macLo: (c.macLo ^ (1 << o.bit)) >>> 0 });
    } else {
      // What the trap path does on a TLB miss the STLB can answer.
      const e = envs[o.env];
      const lo = kernel.stlb.probe(e.asid, vaddrOf(o.page) >>> 12);
      if (lo !== 0) refillTlb(kernel.machine.cpu, vaddrOf(o.page), e.asid, lo);
    }
    invariants(kernel);
  }
}

function invariants(kernel: Exokernel): void {
  const frames = kernel.frames;
  const allocated = (frame: number) => {
    const owner = frames.ownerOf(frame);
    return owner !== 'free' && owner !== 'retired' && owner !== 0;
  };
  const byAsid = new Map([...kernel.envs.values()].map((e) => [e.asid, e]));
  for (const e of kernel.envs.values()) {
    for (const lo of e.bindings.values()) expect(allocated(lo >>> 12)).toBe(true);
  }
  for (const s of kernel.stlb.entries()) {
    expect(byAsid.get(s.asid)?.bindings.get(s.vpn)).toBe(s.entryLo);
  }
  const tlb = kernel.machine.mmu.tlb;
  for (let i = 0; i < 64; i++) {
    if ((tlb.lo[i] & (1 << 9)) === 0) continue;
    const e = byAsid.get((tlb.hi[i] >>> 6) & 63);
    expect(e?.bindings.get(tlb.hi[i] >>> 12)).toBe(tlb.lo[i]);
  }
  const view = inspectFrames(kernel);
  const owned = Object.values(view.byOwner).reduce((a, b) => a + b, 0);
  expect(owned + view.free + view.kernel).toBe(view.total);
}

describe('secure bindings under random kernel-call sequences', () => {
  it('keep every invariant after every step', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 120 }), (ops) => check(ops)),
      {
        seed: 20261127,
        numRuns: 150,
      },
    );
  });
});
