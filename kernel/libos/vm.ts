/**
 * ExOS's virtual memory over the exokernel: its page table, the page-fault handler the kernel
 * upcalls on an STLB miss, and access to the environment's memory by virtual address for the
 * library OS's own use (syscall arguments and buffers).
 *
 * Everything goes through the EnvApi: frames come from frame_alloc with a capability, mappings
 * are installed with bind presenting it, bytes move with the API's readBytes/writeBytes (which
 * see only what the environment has bound). A first touch of a demand-zero address (page-table
 * regions) allocates and binds a zeroed frame; any other unmapped address is a fault.
 */

import type { Capability } from '../caps/index.ts';
import type { EnvApi } from '../exo/env.ts';
import { E_NOMEM, E_OK } from '../exo/errors.ts';
import { ExosPageTable, PAGE_SIZE, type PageEntry } from './page-table.ts';

/** Longest string a syscall will read, so a missing terminator cannot run away. */
export const MAX_STRING_BYTES = 1 << 20;
const STRING_CHUNK = 64;

export class ExosVm {
  readonly pages = new ExosPageTable();
  /** Page faults taken (upcalls) and pages allocated on first touch, for the inspector. */
  faults = 0;
  demandZeroPages = 0;

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
    this.pages.set(page, { frame: got.value, cap: got.cap, writable, dirty: writable && dirty });
    return E_OK;
  }

  /**
   * The first store to a clean writable page (a TLB modification exception): rebind it
   * writable and mark it dirty. True if that was the reason and the store can be retried.
   */
  firstWrite(vaddr: number): boolean {
    const entry = this.pages.lookup(vaddr);
    if (entry === undefined || !entry.writable || entry.dirty) return false;
    entry.dirty = true;
    return this.api.call('bind', vaddr & ~(PAGE_SIZE - 1), entry.cap, 1).error === E_OK;
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
      const frame = this.api.call('frame_alloc');
      if (frame.error !== E_OK || frame.cap === undefined) return false;
      const read = this.api.call('block_read', block, frame.cap);
      if (read.error !== E_OK) {
        this.api.call('frame_free', frame.cap);
        return false;
      }
      pending = { id: read.value, frame: frame.value, cap: frame.cap };
      this.swapIns.set(vpn, pending);
    }
    const done = this.api.call('block_poll', pending.id);
    if (done.error !== E_OK) return false;
    this.swapIns.delete(vpn);
    this.swapped.delete(vpn);
    this.api.call('block_free', block);
    const page = vpn * PAGE_SIZE;
    this.api.call('bind', page, pending.cap, 1);
    this.pages.set(page, { frame: pending.frame, cap: pending.cap, writable: true, dirty: true });
    return true;
  }

  /** True while a swap-in for the page of `vaddr` is under way (the access should be retried). */
  swappingIn(vaddr: number): boolean {
    return this.swapped.has(vaddr >>> 12);
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
    if (entry !== undefined && this.rebind(vaddr, entry)) return;
    if (entry !== undefined || !this.pages.isDemandZero(vaddr)) return;
    const error = this.mapNew(vaddr, true, false);
    if (error === E_OK) this.demandZeroPages++;
    else if (error === E_NOMEM) this.outOfMemory();
  }

  /**
   * Presents the page's capability again (a store to a read-only page then takes a TLB
   * modification exception); false, forgetting the page, if the capability is no longer good.
   */
  private rebind(vaddr: number, entry: PageEntry): boolean {
    const page = vaddr & ~(PAGE_SIZE - 1);
    const bound = this.api.call('bind', page, entry.cap, entry.dirty ? 1 : 0);
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
      if (!write) return true;
      return entry.dirty || this.firstWrite(vaddr);
    }
    if (!this.pages.isDemandZero(vaddr)) return false;
    if (this.mapNew(vaddr, true, write) !== E_OK) return false;
    this.demandZeroPages++;
    return true;
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
