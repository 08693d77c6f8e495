/**
 * ExOS's virtual memory over the exokernel: its page table, the page-fault handler the kernel
 * upcalls on an STLB miss, and access to the environment's memory by virtual address for the
 * library OS's own use (syscall arguments and buffers).
 *
 * Everything goes through the EnvApi: frames come from frame_alloc with a capability, mappings
 * are installed with bind presenting it, bytes move with the API's readBytes/writeBytes (which
 * see only what the environment has bound). A first touch of a demand-zero address (page-table
 * regions) allocates and binds a zeroed frame; any other unmapped address is a fault.
 *
 * Also here: the software dirty bit (a clean page is bound read-only; its first store is a TLB
 * modification exception, firstWrite), copy-on-write after a fork (fork.ts; the first store
 * copies, copyOnWrite), the program's own protection (appel-li.ts; a PROT_NONE page stays
 * unbound), and pages coming back from disk (swapIn) or waiting for the pager (paging.ts) to
 * free a frame: such a fault leaves the page unmapped and the access is retried (busy).
 */

import type { Capability } from '../caps/index.ts';
import type { EnvApi } from '../exo/env.ts';
import { E_NOMEM, E_OK } from '../exo/errors.ts';
import { allowsRead, allowsWrite, ExosPageTable, PAGE_SIZE, type PageEntry } from './page-table.ts';
import type { ExosPager } from './paging.ts';

/** A frame for a page: fresh from frame_alloc (zeroed by the kernel) or reclaimed by paging. */
interface GotFrame {
  frame: number;
  cap: Capability;
  zeroed: boolean;
}

const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/** Longest string a syscall will read, so a missing terminator cannot run away. */
export const MAX_STRING_BYTES = 1 << 20;
const STRING_CHUNK = 64;

export class ExosVm {
  readonly pages = new ExosPageTable();
  /** Page faults taken (upcalls) and pages allocated on first touch, for the inspector. */
  faults = 0;
  demandZeroPages = 0;
  /** Copy-on-write faults after a fork (a private copy made), and pages read back from disk. */
  cowFaults = 0;
  pageIns = 0;
  /** Paging when frames run out (paging.ts); null: running out of frames ends the program. */
  pager: ExosPager | null = null;
  /** Pages whose fault waits for the pager to free a frame (the access is retried). */
  private readonly waiting = new Set<number>();
  private seq = 0;

  /** `outOfMemory` runs when a fault needs a frame and the kernel has none left. */
  constructor(
    private readonly api: EnvApi,
    private readonly outOfMemory: () => void,
  ) {}

  /** Pages written out to disk by the revocation handler: VPN -> the block holding them. */
  readonly swapped = new Map<number, Capability>();
  /** Swap-ins under way: VPN -> the transfer and the frame it fills. */
  private readonly swapIns = new Map<number, { id: number; frame: number; cap: Capability }>();

  /**
   * Maps a fresh zeroed frame at the page of `vaddr`: frame_alloc, then bind with the new
   * capability. A page loaded with contents is `dirty` (bound writable at once); a demand-zero
   * page starts clean, bound read-only. Returns E_OK or the kernel's error (the frame is given
   * back if bind fails).
   */
  mapNew(vaddr: number, writable: boolean, dirty = true): number {
    const page = vaddr & ~(PAGE_SIZE - 1);
    const got = this.api.call('frame_alloc');
    if (got.error !== E_OK || got.cap === undefined) return got.error;
    const bound = this.api.call('bind', page, got.cap, writable && dirty ? 1 : 0);
    if (bound.error !== E_OK) {
      this.api.call('frame_free', got.cap);
      return bound.error;
    }
    this.pages.set(page, {
      frame: got.value,
      cap: got.cap,
      writable,
      dirty: writable && dirty,
      mappedAt: this.seq++,
    });
    return E_OK;
  }

  /** A frame: frame_alloc's, or (out of frames, with a pager) one taken from another page. */
  private obtainFrame(): GotFrame | 'wait' | null {
    const got = this.api.call('frame_alloc');
    if (got.error === E_OK && got.cap !== undefined) {
      return { frame: got.value, cap: got.cap, zeroed: true };
    }
    if (got.error !== E_NOMEM || this.pager === null) return null;
    return this.pager.reclaim();
  }

  /**
   * Maps a clean zero page at `page` for a first touch: a fresh frame, or a reclaimed one that
   * ExOS zeroes itself (1024 words through the API). 'wait' while the pager writes a victim out.
   */
  private mapZero(page: number): 'done' | 'wait' | 'nomem' {
    const got = this.obtainFrame();
    if (got === 'wait') {
      this.waiting.add(page >>> 12);
      return 'wait';
    }
    this.waiting.delete(page >>> 12);
    if (got === null) return 'nomem';
    if (!got.zeroed) {
      this.api.call('bind', page, got.cap, 1);
      this.api.writeBytes(page, ZERO_PAGE);
    }
    this.api.call('bind', page, got.cap, 0);
    this.pages.set(page, {
      frame: got.frame,
      cap: got.cap,
      writable: true,
      dirty: false,
      mappedAt: this.seq++,
    });
    this.demandZeroPages++;
    return 'done';
  }

  /**
   * The first store to a clean writable page (a TLB modification exception): rebind it
   * writable and mark it dirty. True if that was the reason and the store can be retried.
   */
  firstWrite(vaddr: number): boolean {
    const entry = this.pages.lookup(vaddr);
    if (entry === undefined || !allowsWrite(entry) || this.busy(vaddr)) return false;
    const page = vaddr & ~(PAGE_SIZE - 1);
    if (entry.cow) return this.copyOnWrite(page, entry);
    entry.dirty = true;
    return this.api.call('bind', page, entry.cap, 1).error === E_OK;
  }

  /**
   * A store to a page shared copy-on-write since a fork: copy it into a fresh frame of its own
   * (1024 words read and 1024 written through the API) and bind that writable. False when no
   * frame is to be had.
   */
  private copyOnWrite(page: number, entry: PageEntry): boolean {
    const bytes = this.api.readBytes(page, PAGE_SIZE);
    const got = this.api.call('frame_alloc');
    if (bytes === null || got.error !== E_OK || got.cap === undefined) return false;
    if (this.api.call('bind', page, got.cap, 1).error !== E_OK) return false;
    this.api.writeBytes(page, bytes);
    entry.frame = got.value;
    entry.cap = got.cap;
    entry.cow = false;
    entry.dirty = true;
    entry.diskCopy = undefined;
    this.cowFaults++;
    return true;
  }

  /**
   * A page the revocation handler wrote to disk: start reading it back into a fresh frame, or
   * finish when the transfer is done. True once the page is mapped again; false while the disk
   * works (the program retries the access, and emulated time passes as it does).
   */
  private swapIn(vaddr: number, block: Capability): boolean {
    const vpn = vaddr >>> 12;
    let pending = this.swapIns.get(vpn);
    if (pending === undefined) {
      const got = this.obtainFrame();
      if (got === null || got === 'wait') return false;
      const read = this.api.call('block_read', block, got.cap);
      if (read.error !== E_OK) {
        this.api.call('frame_free', got.cap);
        return false;
      }
      pending = { id: read.value, frame: got.frame, cap: got.cap };
      this.swapIns.set(vpn, pending);
    }
    const done = this.api.call('block_poll', pending.id);
    if (done.error !== E_OK) return false;
    this.swapIns.delete(vpn);
    this.swapped.delete(vpn);
    this.pageIns++;
    // Clean again: the block holds exactly what the frame now does, so it is kept as the
    // page's disk copy and a later eviction need not write it.
    const page = vpn * PAGE_SIZE;
    this.api.call('bind', page, pending.cap, 0);
    this.pages.set(page, {
      frame: pending.frame,
      cap: pending.cap,
      writable: true,
      dirty: false,
      diskCopy: block,
      mappedAt: this.seq++,
    });
    return true;
  }

  /**
   * True while the page of `vaddr` is on its way in (read from disk, or waiting for the pager
   * to free a frame): the access should be retried.
   */
  busy(vaddr: number): boolean {
    const vpn = vaddr >>> 12;
    return this.swapped.has(vpn) || this.waiting.has(vpn);
  }

  /** The same as busy (the name the exception handler used before paging). */
  swappingIn(vaddr: number): boolean {
    return this.busy(vaddr);
  }

  /**
   * The page-fault handler (LibOsHooks.pageFault): rebinds a page ExOS has (the STLB dropped
   * it), or maps a zeroed page in a demand-zero region. Leaves anything else unmapped, so the
   * kernel delivers the fault as an exception.
   */
  fault(vaddr: number): void {
    this.faults++;
    const block = this.swapped.get(vaddr >>> 12);
    if (block !== undefined) {
      this.swapIn(vaddr, block);
      return;
    }
    const entry = this.pages.lookup(vaddr);
    // A page the program protected with PROT_NONE stays unbound: the fault is its handler's.
    if (entry !== undefined && !allowsRead(entry)) return;
    if (entry !== undefined && this.rebind(vaddr, entry)) return;
    if (entry !== undefined || !this.pages.isDemandZero(vaddr)) return;
    if (this.mapZero(vaddr & ~(PAGE_SIZE - 1)) === 'nomem') this.outOfMemory();
  }

  /**
   * Presents the page's capability again (a store to a read-only page then takes a TLB
   * modification exception); false, forgetting the page, if the capability is no longer good.
   */
  private rebind(vaddr: number, entry: PageEntry): boolean {
    const page = vaddr & ~(PAGE_SIZE - 1);
    const writable = entry.dirty && !entry.cow && allowsWrite(entry);
    const bound = this.api.call('bind', page, entry.cap, writable ? 1 : 0);
    if (bound.error === E_OK) return true;
    this.pages.delete(vaddr);
    return false;
  }

  /**
   * Forgets the pages that lived in `frames` (the abort protocol took them): a later touch of
   * a demand-zero address gets a fresh zeroed page, any other address is a fault. Returns the
   * virtual addresses of the pages lost.
   */
  forgetFrames(frames: readonly number[]): number[] {
    const taken = new Set(frames);
    const lost: number[] = [];
    for (const [vpn, entry] of [...this.pages.entries()]) {
      if (!taken.has(entry.frame)) continue;
      this.pages.delete(vpn * PAGE_SIZE);
      lost.push(vpn * PAGE_SIZE);
    }
    return lost;
  }

  /**
   * True when the library OS may touch `vaddr` now (for writing when `write`), mapping a
   * demand-zero page first if need be. Never reports an out-of-memory: the access just fails.
   */
  ensure(vaddr: number, write: boolean): boolean {
    if (vaddr < 0) return false;
    // A page out on disk cannot be waited for inside a syscall: the access fails (and the
    // read-back starts, so a later touch finds it).
    const block = this.swapped.get(vaddr >>> 12);
    if (block !== undefined) return this.swapIn(vaddr, block);
    const entry = this.pages.lookup(vaddr);
    if (entry !== undefined) {
      if (!allowsRead(entry)) return false;
      if (!write) return true;
      return (entry.dirty && !entry.cow && allowsWrite(entry)) || this.firstWrite(vaddr);
    }
    if (!this.pages.isDemandZero(vaddr)) return false;
    if (this.mapZero(vaddr & ~(PAGE_SIZE - 1)) !== 'done') return false;
    return !write || this.firstWrite(vaddr);
  }

  /** Bytes of the NUL-terminated string at `vaddr` (without the NUL); stops at a bad page. */
  readCString(vaddr: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    let v = vaddr;
    while (total < MAX_STRING_BYTES && this.ensure(v, false)) {
      // Small reads, so a short string costs a few words of API traffic, not a page.
      const chunk = this.api.readBytes(
        v,
        Math.min(STRING_CHUNK, PAGE_SIZE - (v & (PAGE_SIZE - 1))),
      );
      if (chunk === null) break;
      const nul = chunk.indexOf(0);
      const part = nul >= 0 ? chunk.subarray(0, nul) : chunk;
      parts.push(part);
      total += part.length;
      if (nul >= 0) break;
      v = (v + chunk.length) | 0;
    }
    return concat(parts).subarray(0, MAX_STRING_BYTES);
  }

  /** `len` bytes at `vaddr`, or null if any of them is not addressable. */
  readBytes(vaddr: number, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const v = (vaddr + done) | 0;
      if (!this.ensure(v, false)) return null;
      const n = Math.min(len - done, PAGE_SIZE - (v & (PAGE_SIZE - 1)));
      const chunk = this.api.readBytes(v, n);
      if (chunk === null) return null;
      out.set(chunk, done);
      done += n;
    }
    return out;
  }

  /** Writes bytes at `vaddr`; returns how many were written before a bad address. */
  writeBytes(vaddr: number, bytes: Uint8Array): number {
    let done = 0;
    while (done < bytes.length) {
      const v = (vaddr + done) | 0;
      if (!this.ensure(v, true)) return done;
      const n = Math.min(bytes.length - done, PAGE_SIZE - (v & (PAGE_SIZE - 1)));
      if (!this.api.writeBytes(v, bytes.subarray(done, done + n))) return done;
      done += n;
    }
    return done;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
