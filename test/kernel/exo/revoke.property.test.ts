/**
 * Property: over random sequences of page allocations, shared bindings, guarantees, frees and
 * revocations (random deadlines and handler behaviours) in three environments, after every step
 *   - every revocation has ended, by its deadline (complied or aborted);
 *   - frames are never lost or double-owned: owned + free + kernel = total, and no two library
 *     OSes believe they hold the same frame, and each holds what it believes;
 *   - no binding, STLB entry or TLB entry maps a repossessed frame, or any frame not owned;
 *   - guaranteed frames are never repossessed, and repossessed frames' capabilities are stale;
 *   - a refused revocation changes nothing.
 * Seeded (SEED below; fast-check prints the seed and path of a failure to replay it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapResult } from '../../../kernel/caps/index.ts';
import { Exokernel, KERNEL_OWNER } from '../../../kernel/exo/kernel.ts';
import { refillTlb } from '../../../kernel/exo/tlb-control.ts';
import { BEHAVIOURS, mappingsOf, PagingLibOs } from './revoke-helpers.ts';

const SEED = 0x5eed_4e70;
const ENVS = 3;

const env = fc.integer({ min: 0, max: ENVS - 1 });
const index = fc.nat(31);
const action = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('page' as const), env, dirty: fc.boolean(), index }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('share' as const), env, to: env, index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('guarantee' as const), env, index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('touch' as const), env, index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('free' as const), env, index }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('revoke' as const),
      env,
      byFrame: fc.boolean(),
      count: fc.integer({ min: 1, max: 3 }),
      index,
      deadlineUs: fc.integer({ min: 1, max: 8000 }),
      behaviour: fc.constantFrom(...BEHAVIOURS),
    }),
  },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

class World {
  readonly kernel = new Exokernel({ memoryBytes: 2 << 20 });
  readonly oses: PagingLibOs[] = [];
  private shareAt = 0x30000000;

  constructor() {
    for (let i = 0; i < ENVS; i++) {
      this.oses.push(new PagingLibOs(this.kernel, this.kernel.createEnv(`env${i}`)!));
    }
  }

  step(a: Action): void {
    const os = this.oses[a.env];
    const api = this.kernel.calls.apiFor(os.env);
    const page = os.pages.length > 0 ? os.pages[a.index % os.pages.length] : undefined;
    switch (a.kind) {
      case 'page':
        if (this.kernel.frames.freeCount() > 0) os.addPage(a.dirty);
        return;
      case 'share': {
        if (!page || a.to === a.env) return;
        const to = this.oses[a.to];
        const vaddr = this.shareAt;
        this.shareAt += 0x1000;
        const bound = this.kernel.calls.apiFor(to.env).call('bind', vaddr, page.cap, 0);
        expect(bound.error).toBe(0);
        refillTlb(this.kernel.machine.cpu, vaddr, to.env.asid, to.env.bindings.get(vaddr >>> 12)!);
        return;
      }
      case 'guarantee':
        if (page) api.call('frame_guarantee', page.cap);
        return;
      case 'touch':
        if (!page) return;
        page.dirty = true;
        refillTlb(
          this.kernel.machine.cpu,
          page.vaddr,
          os.env.asid,
          os.env.bindings.get(page.vaddr >>> 12)!,
        );
        return;
      case 'free':
        if (!page) return;
        api.call('unbind', page.vaddr);
        expect(api.call('frame_free', page.cap).error).toBe(0);
        os.pages = os.pages.filter((p) => p !== page);
        return;
      case 'revoke':
        this.revoke(os, a, page?.frame);
    }
  }

  private revoke(os: PagingLibOs, a: Extract<Action, { kind: 'revoke' }>, frame?: number): void {
    const kernel = this.kernel;
    if (a.byFrame && frame === undefined) return;
    os.behaviour = a.behaviour;
    const guaranteed = kernel.revoker.guaranteedFrames(os.env);
    const caps = new Map(os.pages.map((p) => [p.frame, p.cap]));
    const before = kernel.frames.snapshot();
    const historyBefore = kernel.revoker.history.length;
    const request = a.byFrame
      ? { frame: frame as number, deadlineUs: a.deadlineUs }
      : { count: a.count, deadlineUs: a.deadlineUs };
    const got = kernel.revoke(os.env, request);
    if (got.error !== 0) {
      expect(kernel.frames.snapshot()).toEqual(before);
      expect(kernel.revoker.history.length).toBe(historyBefore);
      return;
    }
    const rec = got.revocation!;
    expect(rec.outcome).not.toBe('pending');
    for (const f of rec.repossessed) {
      expect(guaranteed).not.toContain(f);
      expect(mappingsOf(kernel, f)).toEqual([]);
      expect(os.env.repossessed).toContain(f);
      const cap = caps.get(f);
      if (cap) expect(kernel.frames.check(cap, 1)).toBe(CapResult.STALE);
    }
    for (const f of guaranteed) expect(kernel.frames.ownerOf(f)).toBe(os.env.id);
  }

  /** The invariants that hold after every step. */
  check(): void {
    const kernel = this.kernel;
    for (const rec of kernel.revoker.history) {
      expect(rec.outcome).not.toBe('pending');
      expect(rec.endedAt!).toBeLessThanOrEqual(rec.deadline);
      expect(rec.endedAt!).toBeGreaterThanOrEqual(rec.startedAt);
    }
    expect(kernel.revoker.pending()).toEqual([]);
    const entries = kernel.frames.snapshot().entries;
    const live = new Set(this.oses.map((o) => o.env.id));
    const free = entries.filter((e) => e.owner === 'free').length;
    const kernelOwned = entries.filter((e) => e.owner === KERNEL_OWNER).length;
    const owned = entries.filter((e) => typeof e.owner === 'number' && live.has(e.owner)).length;
    expect(owned + free + kernelOwned).toBe(kernel.frames.size);
    const believed = new Set<number>();
    for (const os of this.oses) {
      for (const p of os.pages) {
        expect(believed.has(p.frame)).toBe(false);
        believed.add(p.frame);
        expect(kernel.frames.ownerOf(p.frame)).toBe(os.env.id);
      }
    }
    this.checkMappings();
  }

  /** Every binding maps an owned frame; every STLB and TLB entry is one of the bindings. */
  private checkMappings(): void {
    const kernel = this.kernel;
    const byAsid = new Map(this.oses.map((o) => [o.env.asid, o.env]));
    for (const os of this.oses) {
      for (const lo of os.env.bindings.values()) {
        expect(kernel.frames.ownerOf(lo >>> 12)).not.toBe('free');
      }
    }
    for (const e of kernel.stlb.entries()) {
      expect(byAsid.get(e.asid)?.bindings.get(e.vpn)).toBe(e.entryLo);
    }
    const tlb = kernel.machine.mmu.tlb;
    for (let i = 0; i < tlb.lo.length; i++) {
      if ((tlb.lo[i] & (1 << 9)) === 0) continue;
      const vpn = tlb.hi[i] >>> 12;
      const asid = (tlb.hi[i] >>> 6) & 63;
      expect(byAsid.get(asid)?.bindings.get(vpn)).toBe(tlb.lo[i]);
    }
    for (const os of this.oses) {
      for (const f of os.env.repossessed) {
        if (kernel.frames.ownerOf(f) === 'free') expect(mappingsOf(kernel, f)).toEqual([]);
      }
    }
  }
}

describe('revocation property', () => {
  it('revocations end by their deadline; frames are never lost, doubled or left mapped', () => {
    let steps = 0;
    let complied = 0;
    let aborted = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 80 }), (actions) => {
        const world = new World();
        for (const a of actions) {
          world.step(a);
          world.check();
          steps++;
        }
        for (const rec of world.kernel.revoker.history) {
          if (rec.outcome === 'complied') complied++;
          else aborted++;
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
    expect(steps).toBeGreaterThan(3000);
    // The generator reaches both outcomes.
    expect(complied).toBeGreaterThan(10);
    expect(aborted).toBeGreaterThan(10);
  });
});
