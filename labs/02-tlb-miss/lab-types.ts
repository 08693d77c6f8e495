/**
 * Lab 2, the interface between your page-fault handler and the library OS. Read it; do not
 * change it (the grader uses its own copy).
 */

/** A frame capability: pass it to bind; its fields are the kernel's business. */
export interface FrameCap {
  readonly kind: string;
  readonly index: number;
}

/**
 * One page in the library OS's page table. `writable`: the program may write it. `dirty`: it
 * has been written — a writable page is bound read-only until its first store, so that store
 * traps (a TLB modification fault) and the library OS learns the page is dirty.
 */
export interface PageEntry {
  frame: number;
  cap: FrameCap;
  writable: boolean;
  dirty: boolean;
}

/** The library OS's virtual memory, for your handlers. Every call costs emulated cycles. */
export interface Vm {
  /** The page-table entry for the page holding `vaddr`, or undefined. */
  lookup(vaddr: number): PageEntry | undefined;
  /** Records `entry` for the page holding `vaddr`. */
  insert(vaddr: number, entry: PageEntry): void;
  /** True when a first touch of `vaddr` should get a fresh zero page (heap and stack). */
  isDemandZero(vaddr: number): boolean;
  /** A fresh zeroed frame and its capability (kernel call frame_alloc), or null if none is left. */
  allocFrame(): { frame: number; cap: FrameCap } | null;
  /** Asks the kernel to map the page at `page` (page-aligned) to cap's frame (kernel call bind). */
  bind(page: number, cap: FrameCap, writable: boolean): boolean;
  /** Ends the program: out of memory. */
  outOfMemory(): void;
}

/** Bytes in a page; a page's address is `vaddr & ~(PAGE_SIZE - 1)`. */
export const PAGE_SIZE = 4096;
