/**
 * Lab 4, the interface between your code and the exokernel and its library OS. Read it; do
 * not change it (the grader uses its own copy). abort.ts and recover.ts import from here.
 */

// ---- the kernel side (abort.ts) ----

/** Where a revocation stands, as your judge sees it. Times are emulated cycles. */
export interface RevocationState {
  /** The library OS has given back what was asked (the named frame, or count frames net). */
  readonly givenBack: boolean;
  /** The current cycle (every charge so far included). */
  readonly now: number;
  /** The cycle by which it must be given back. */
  readonly deadline: number;
  /** The library OS's revocation handler has returned: nothing more will come from it. */
  readonly handlerDone: boolean;
}

/** Your judge's verdict: complied, abort now (take by force), or wait and look again. */
export type Judgement = 'complied' | 'abort' | 'pending';

/** What an abort must decide: which frames to take. */
export interface VictimQuery {
  /** The frame the kernel asked for, or null when it asked for `count` frames of any kind. */
  readonly frame: number | null;
  /** Whether what was asked is given back already (a late answer still counts for this). */
  readonly givenBack: boolean;
  /** For a count request: how many frames are still owed (may be 0 or less: nothing owed). */
  readonly owed: number;
  /** Frames the environment owns now, ascending. */
  readonly owned: readonly number[];
  /** Its guaranteed frames (frame_guarantee), ascending: never repossessed. */
  readonly guaranteed: readonly number[];
}

/** The kernel's primitives your repossess composes. Environments are named by id. */
export interface KernelOps {
  /** Every binding that maps `frame`, in every environment: its id and virtual page number. */
  bindingsOf(frame: number): { env: number; vpn: number }[];
  /** Removes environment env's binding of page vpn (its record, its STLB and TLB entries). */
  unbind(env: number, vpn: number): void;
  /** Drops every STLB entry whose EntryLo maps `frame`, in every ASID. */
  stlbDropFrame(frame: number): void;
  /** Invalidates every hardware TLB entry whose PFN is `frame`. */
  tlbDropFrame(frame: number): void;
  /** Cancels the disk transfers queued into or out of `frame` (DMA is a binding too). */
  cancelDma(frame: number): void;
  /**
   * Takes `frame` from its owner and bumps its epoch: every capability for it goes stale at
   * once. Call it once per frame, while the environment still owns it.
   */
  invalidate(frame: number): void;
  /** Appends `frame` to env's repossession vector (what the library OS reads afterwards). */
  recordLoss(env: number, frame: number): void;
}

// ---- the library-OS side (recover.ts) ----

/** One page of ExOS's page table. */
export interface PageView {
  readonly vaddr: number;
  readonly frame: number;
  /** Written since it was last clean. */
  readonly dirty: boolean;
  /** A disk block holds exactly what the page held when it was last clean. */
  readonly onDisk: boolean;
}

/** ExOS's virtual memory, as your recovery handler may change it. */
export interface RecoveryVm {
  /** Every page ExOS has mapped. */
  pages(): PageView[];
  /**
   * Drops the page from the table: the next touch of a heap or stack address gets a fresh
   * zeroed page, any other address is a fault.
   */
  forget(vaddr: number): void;
  /**
   * Drops the page and marks it as on disk, so the next touch reads its disk copy back.
   * False (and nothing changes) when the page has no copy on disk.
   */
  reloadFromDisk(vaddr: number): boolean;
  /** Tells the program a page's contents are lost (a line on its diagnostics). */
  reportLost(vaddr: number): void;
}
