/**
 * Lab 3, the interface between your revocation handler and the library OS. Read it; do not
 * change it (the grader uses its own copy).
 */

/** One page the library OS has mapped. */
export interface Page {
  readonly vaddr: number;
  readonly frame: number;
  /** Written since it was mapped: its only copy is in the frame. */
  readonly dirty: boolean;
}

/** What the kernel asks: `count` frames of your choice, or the one `frame`, by `deadline`. */
export interface RevokeNotice {
  readonly count: number;
  readonly frame: number | null;
  readonly deadlineUs: number;
  /** The cycle by which it must be done (1 cycle = 40 ns; 50 µs = 1250 cycles). */
  readonly deadline: number;
}

/** The library OS's side of paging, for your handler. Every call costs emulated cycles. */
export interface Pager {
  /** The mapped pages, oldest mapping first. */
  pages(): Page[];
  /**
   * Copies the page to a fresh disk block and waits for the disk (device time: about 1 ms per
   * page, so it does not fit a 50 µs deadline). The library OS reads it back on the next touch.
   * False if the disk refused or the deadline passed.
   */
  writeOut(vaddr: number): boolean;
  /** Unmaps the page and frees its frame (its contents are gone unless written out). */
  release(vaddr: number): boolean;
  /** The current cycle. */
  now(): number;
}
