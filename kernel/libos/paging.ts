/**
 * ExOS's application-controlled paging (EXOKERNEL.md, "The argument": a fixed LRU is wrong for
 * some programs). When frame_alloc finds no free frame, ExOS takes one of its own pages out of
 * memory, by the policy the program chose (vm_policy, kernel/abi/vm-abi.ts) or its library-OS
 * configuration (ExosOptions.paging):
 *
 *   POLICY_FIFO  the page mapped in longest ago
 *   POLICY_MRU   the page mapped in most recently: right for a cyclic scan larger than memory,
 *                where LRU throws out exactly the page needed next
 *   a function   (ExosOptions.paging, TypeScript library-OS configuration): given the pages that
 *                may go, it names the victim's address (lab 6's seam)
 *
 * ExOS sees page faults, not hits (the STLB answers those), so "recent" means recently mapped
 * in. Only data, heap and stack pages are paged (text stays, and so do the console scratch page
 * and the trap trampoline); pages shared copy-on-write after a fork are never chosen.
 *
 * Taking a page: unbind it; a clean page whose contents are already on disk (its diskCopy) or
 * a never-written zero page is dropped at once; a dirty one is written to its block
 * (block_write) and its frame is handed out once the disk has it. The frame stays ExOS's: it
 * is bound again at the new address with the same capability, no frame_free / frame_alloc.
 * A fault that must wait for the disk is retried by the program (vm.ts), so disk time passes
 * as emulated time while the environment polls.
 */
import { POLICY_MRU, TRAMPOLINE_VADDR } from '../abi/vm-abi.ts';
import type { Capability } from '../caps/index.ts';
import type { EnvApi } from '../exo/env.ts';
import { E_BUSY, E_OK } from '../exo/errors.ts';
import { PAGE_SIZE, type PageEntry } from './page-table.ts';
import { SCRATCH_VADDR } from './spim-port.ts';
import type { ExosVm } from './vm.ts';

/** A page the pager may take, as a policy function sees it. */
export interface PagingCandidate {
  vaddr: number;
  dirty: boolean;
  /** Order in which pages were mapped in (larger is more recent). */
  mappedAt: number;
}

/** A policy written in TypeScript: the address of the page to take, among `candidates`. */
export type PagingChooser = (candidates: readonly PagingCandidate[]) => number;

export class ExosPager {
  /** Pages written out to disk and pages given up, for tests and the inspector. */
  pageOuts = 0;
  evictions = 0;
  private pendingWrite: { id: number; frame: number; cap: Capability } | null = null;

  constructor(
    private readonly api: EnvApi,
    private readonly vm: ExosVm,
    public policy: number | PagingChooser,
  ) {}

  /** A frame taken from another page, 'wait' while its contents go to disk, null if none. */
  reclaim(): { frame: number; cap: Capability; zeroed: false } | 'wait' | null {
    const pending = this.pendingWrite;
    if (pending !== null) {
      const done = this.api.call('block_poll', pending.id);
      if (done.error === E_BUSY) return 'wait';
      this.pendingWrite = null;
      return { frame: pending.frame, cap: pending.cap, zeroed: false };
    }
    const victim = this.choose();
    if (victim === null) return null;
    const [vpn, entry] = victim;
    const page = vpn * PAGE_SIZE;
    this.api.call('unbind', page);
    this.vm.pages.delete(page);
    this.evictions++;
    if (!entry.dirty) {
      if (entry.diskCopy !== undefined) this.vm.swapped.set(vpn, entry.diskCopy);
      return { frame: entry.frame, cap: entry.cap, zeroed: false };
    }
    let block = entry.diskCopy;
    if (block === undefined) {
      const got = this.api.call('block_alloc');
      if (got.error !== E_OK || got.cap === undefined) return null;
      block = got.cap;
    }
    const queued = this.api.call('block_write', block, entry.cap);
    if (queued.error !== E_OK) return null;
    this.vm.swapped.set(vpn, block);
    this.pageOuts++;
    this.pendingWrite = { id: queued.value, frame: entry.frame, cap: entry.cap };
    return 'wait';
  }

  /** The victim by the policy, among the pages that may be paged. */
  private choose(): [number, PageEntry] | null {
    if (typeof this.policy === 'function') return this.chooseBy(this.policy);
    let best: [number, PageEntry] | null = null;
    const mru = this.policy === POLICY_MRU;
    for (const [vpn, entry] of this.vm.pages.entries()) {
      if (!this.pageable(vpn, entry)) continue;
      const at = entry.mappedAt ?? 0;
      if (best === null || (mru ? at > (best[1].mappedAt ?? 0) : at < (best[1].mappedAt ?? 0))) {
        best = [vpn, entry];
      }
    }
    return best;
  }

  /** The victim a policy function names; null if it names no page that may go. */
  private chooseBy(chooser: PagingChooser): [number, PageEntry] | null {
    const candidates: PagingCandidate[] = [];
    for (const [vpn, entry] of this.vm.pages.entries()) {
      if (!this.pageable(vpn, entry)) continue;
      candidates.push({
        vaddr: vpn * PAGE_SIZE,
        dirty: entry.dirty,
        mappedAt: entry.mappedAt ?? 0,
      });
    }
    if (candidates.length === 0) return null;
    const vaddr = chooser(candidates);
    const entry = this.vm.pages.lookup(vaddr);
    if (entry === undefined || !this.pageable(vaddr >>> 12, entry)) return null;
    return [vaddr >>> 12, entry];
  }

  private pageable(vpn: number, entry: PageEntry): boolean {
    const page = (vpn * PAGE_SIZE) >>> 0;
    if (page < this.vm.pages.heapBase >>> 0) return false;
    if (page === SCRATCH_VADDR || page === TRAMPOLINE_VADDR) return false;
    return entry.cow !== true;
  }
}
