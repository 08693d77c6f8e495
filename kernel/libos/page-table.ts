/**
 * ExOS's page table: plain TypeScript data the library OS keeps for its environment (the
 * kernel knows only the bindings installed from it). A linear map VPN -> page, as ExOS's
 * "linear page-table vector", plus the regions where a first touch allocates a zeroed page:
 *
 *   [heapBase, programBreak)     data and heap (sbrk / brk move the break)
 *   [STACK_LOW, STACK_TOP)       the stack, growing down from $sp
 *
 * Every other address that is not mapped is a bad address.
 */
import type { Capability } from '../caps/index.ts';

export const PAGE_SIZE = 4096;
export const STACK_LOW = 0x7c000000;
export const STACK_TOP = 0x80000000;

/**
 * One mapped page: the frame, the capability that lets ExOS bind it, and its protection.
 * `dirty` is ExOS's software dirty bit: a writable page is bound read-only until its first
 * store (which takes a TLB modification exception), so a clean page is one whose frame holds
 * nothing that is not elsewhere (a demand-zero page never written).
 */
export interface PageEntry {
  frame: number;
  cap: Capability;
  writable: boolean;
  dirty: boolean;
  /**
   * The program's own protection (vm_protect, kernel/abi/vm-abi.ts): PROT_NONE, PROT_READ or
   * PROT_READ_WRITE within what `writable` allows. Absent: everything `writable` allows.
   */
  protection?: number;
  /** Copy-on-write after a fork: the frame is shared, the first store copies it (fork.ts). */
  cow?: boolean;
  /** A disk block holding the page's contents as of its last page-in (paging.ts). */
  diskCopy?: Capability;
  /** When the page was last mapped in, for the paging policies (paging.ts). */
  mappedAt?: number;
}

/** True when the program may load from the page now. */
export function allowsRead(entry: PageEntry): boolean {
  return (entry.protection ?? 3) !== 0;
}

/** True when the program may store to the page now (its protection and its mapping allow). */
export function allowsWrite(entry: PageEntry): boolean {
  return entry.writable && (entry.protection ?? 3) === 3;
}

export class ExosPageTable {
  private readonly pages = new Map<number, PageEntry>();
  /** Lowest address of the demand-zero data region. */
  heapBase = 0;
  /** The program break: data pages below it are valid. */
  programBreak = 0;

  get size(): number {
    return this.pages.size;
  }

  lookup(vaddr: number): PageEntry | undefined {
    return this.pages.get(vaddr >>> 12);
  }

  set(vaddr: number, entry: PageEntry): void {
    this.pages.set(vaddr >>> 12, entry);
  }

  delete(vaddr: number): boolean {
    return this.pages.delete(vaddr >>> 12);
  }

  /** Every mapped page as [vpn, entry], in no particular order. */
  entries(): IterableIterator<[number, PageEntry]> {
    return this.pages.entries();
  }

  /** True when a first touch of `vaddr` should allocate a zeroed page. */
  isDemandZero(vaddr: number): boolean {
    const v = vaddr >>> 0;
    if (v >= STACK_LOW && v < STACK_TOP) return true;
    return v >= this.heapBase && v < this.programBreak;
  }
}
