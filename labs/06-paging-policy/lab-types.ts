/**
 * Lab 6, the interface between your paging policy and ExOS. Read it; do not change it (the
 * grader uses its own copy). Your policy.ts imports from here.
 *
 * ExOS pages for itself: when frame_alloc finds no free frame, it gives up one of its own
 * pages (writing it to disk first if it is dirty) and reuses the frame. Which page is your
 * policy's choice. ExOS sees page faults, not hits — the kernel's STLB answers those — so
 * "recent" means recently faulted or mapped in.
 */

/** A page that may be given up: data, heap or stack (text and ExOS's own pages never are). */
export interface ResidentPage {
  /** Virtual page number (the address >>> 12). */
  readonly vpn: number;
  /** Written since it was last clean: giving it up costs a disk write. */
  readonly dirty: boolean;
  /** A disk block holds its contents: giving it up (clean) costs nothing now. */
  readonly onDisk: boolean;
  /** When it was mapped in: a counter that grows with every page ExOS maps (not cycles). */
  readonly mappedAt: number;
}

/**
 * What the program said about itself with vm_policy (kernel/abi/vm-abi.ts): 'cyclic' after
 * vm_policy(POLICY_MRU), "I scan my pages cyclically"; 'none' otherwise.
 */
export type Advice = 'none' | 'cyclic';

/** Your policy: one instance per program, told of every fault, asked for every victim. */
export interface PagingPolicy {
  /**
   * ExOS takes a page fault on page `vpn` (before it maps anything). A fault that waits for
   * the disk is retried by the program; you hear of it once.
   */
  fault(vpn: number): void;
  /**
   * Frames ran out: return the vpn of the page in `resident` to give up. `resident` is never
   * empty; returning anything not in it is a bug the grader reports.
   */
  victim(resident: readonly ResidentPage[], advice: Advice): number;
}
