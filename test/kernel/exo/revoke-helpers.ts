/**
 * A tiny TypeScript library OS for the revocation tests: it keeps a list of its pages (virtual
 * address, frame, capability, dirty bit, the disk block that backs it) and answers revocations
 * with a chosen behaviour. Its repossessed hook drops the pages it lost.
 */
import type { Capability } from '../../../kernel/caps/index.ts';
import type { Environment, LibOsHooks } from '../../../kernel/exo/env.ts';
import type { Exokernel } from '../../../kernel/exo/kernel.ts';
import type { RevokeApi, RevokeNotice } from '../../../kernel/exo/revoke.ts';
import { refillTlb } from '../../../kernel/exo/tlb-control.ts';

export interface Page {
  vaddr: number;
  frame: number;
  cap: Capability;
  dirty: boolean;
  block: Capability;
}

/**
 * clean-first  frees clean pages first, writes a dirty victim to disk only when it must
 * write-dirty  writes every dirty page to disk (waiting for each) before freeing anything
 * queue-dirty  queues every dirty page's write, then waits for each, then frees
 * nothing      returns without giving anything back
 * swap         allocates a frame and frees one page (no net gain)
 * busy         touches many words of memory before freeing (its time is charged)
 */
export type Behaviour = 'clean-first' | 'write-dirty' | 'queue-dirty' | 'nothing' | 'swap' | 'busy';
export const BEHAVIOURS: readonly Behaviour[] = [
  'clean-first',
  'write-dirty',
  'queue-dirty',
  'nothing',
  'swap',
  'busy',
];

export class PagingLibOs implements LibOsHooks {
  pages: Page[] = [];
  behaviour: Behaviour = 'clean-first';
  /** Frames the kernel repossessed, as the hook was told. */
  lost: number[] = [];
  /** Transfer ids of writes it queued in the last revocation. */
  queued = new Map<number, number>();
  private nextVaddr = 0x10000000;

  constructor(
    readonly kernel: Exokernel,
    readonly env: Environment,
  ) {
    env.libos = this;
  }

  /** Allocates, binds (and puts in the hardware TLB) a page with a disk block behind it. */
  addPage(dirty: boolean): Page {
    const api = this.kernel.calls.apiFor(this.env);
    const f = api.call('frame_alloc');
    const b = api.call('block_alloc');
    if (f.error || b.error || !f.cap || !b.cap) throw new Error('addPage: out of frames or blocks');
    const vaddr = this.nextVaddr;
    this.nextVaddr += 0x1000;
    if (api.call('bind', vaddr, f.cap, 1).error) throw new Error('addPage: bind failed');
    refillTlb(this.kernel.machine.cpu, vaddr, this.env.asid, this.env.bindings.get(vaddr >>> 12)!);
    const page = { vaddr, frame: f.value, cap: f.cap, dirty, block: b.cap };
    this.pages.push(page);
    return page;
  }

  revoke(api: RevokeApi, notice: RevokeNotice): void {
    const b = this.behaviour;
    this.queued.clear();
    if (b === 'nothing') return;
    if (b === 'swap') {
      api.call('frame_alloc');
      const guaranteed = new Set(this.kernel.revoker.guaranteedFrames(this.env));
      const p = this.pages.find((q) => !guaranteed.has(q.frame));
      if (p) this.release(api, p);
      return;
    }
    if (b === 'busy') for (let i = 0; i < 2000; i++) api.readWord(this.pages[0]?.vaddr ?? 0);
    if (b === 'queue-dirty') {
      for (const p of this.pages.filter((q) => q.dirty)) {
        const id = api.call('block_write', p.block, p.cap);
        if (!id.error) this.queued.set(p.frame, id.value);
      }
      for (const id of this.queued.values()) if (api.waitBlock(id).error) return;
      for (const p of this.pages) p.dirty = false;
    }
    if (b === 'write-dirty') {
      for (const p of this.pages.filter((q) => q.dirty)) if (!this.clean(api, p)) return;
    }
    for (const p of this.victims(notice)) {
      if (p.dirty && !this.clean(api, p)) return;
      if (!this.release(api, p)) return;
    }
  }

  repossessed(_api: unknown, frames: readonly number[]): void {
    this.lost.push(...frames);
    this.pages = this.pages.filter((p) => !frames.includes(p.frame));
  }

  /** Clean pages first, then dirty ones; or the page holding the named frame. */
  private victims(notice: RevokeNotice): Page[] {
    if (notice.frame !== null) return this.pages.filter((p) => p.frame === notice.frame);
    const guaranteed = new Set(this.kernel.revoker.guaranteedFrames(this.env));
    const candidates = this.pages.filter((p) => !guaranteed.has(p.frame));
    const ordered = [...candidates.filter((p) => !p.dirty), ...candidates.filter((p) => p.dirty)];
    return ordered.slice(0, notice.count);
  }

  /** Writes a dirty page to its block and waits; false if the kernel cut it short. */
  private clean(api: RevokeApi, p: Page): boolean {
    const id = api.call('block_write', p.block, p.cap);
    if (id.error) return false;
    if (api.waitBlock(id.value).error) return false;
    p.dirty = false;
    return true;
  }

  private release(api: RevokeApi, p: Page): boolean {
    api.call('unbind', p.vaddr);
    if (api.call('frame_free', p.cap).error) return false;
    this.pages = this.pages.filter((q) => q !== p);
    return true;
  }
}

/** Every place a frame could still be mapped: bindings, STLB, hardware TLB. */
export function mappingsOf(kernel: Exokernel, frame: number): string[] {
  const found: string[] = [];
  for (const env of kernel.envs.values()) {
    for (const [vpn, lo] of env.bindings) {
      if (lo >>> 12 === frame) found.push(`binding env ${env.id} vpn ${vpn}`);
    }
  }
  for (const e of kernel.stlb.entries()) {
    if (e.entryLo >>> 12 === frame) found.push(`stlb asid ${e.asid} vpn ${e.vpn}`);
  }
  const tlb = kernel.machine.mmu.tlb;
  for (let i = 0; i < tlb.lo.length; i++) {
    if ((tlb.lo[i] & (1 << 9)) !== 0 && tlb.lo[i] >>> 12 === frame) found.push(`tlb ${i}`);
  }
  return found;
}
