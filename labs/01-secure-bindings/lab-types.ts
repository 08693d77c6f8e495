/**
 * Lab 1, the interface between your code and the exokernel. Read it; do not change it (the
 * grader uses its own copy). Your bindings.ts imports the types from here.
 */

/** Rights bits of a capability. */
export const RIGHT_READ = 1;
export const RIGHT_WRITE = 2;
export const RIGHT_GRANT = 4;

/**
 * A capability as a program presents it. It names a resource (kind and index), the rights its
 * bearer has and the resource's epoch when it was minted, and carries a MAC: the first 64 bits
 * of an HMAC over those fields under a secret only the kernel knows.
 */
export interface PresentedCapability {
  readonly kind: string;
  readonly index: number;
  readonly rights: number;
  readonly epoch: number;
  readonly macHi: number;
  readonly macLo: number;
}

/** What the kernel knows about its physical frames, for your check. */
export interface FrameTable {
  /** True when `cap`'s MAC is the one the kernel would have minted for its fields. */
  macMatches(cap: PresentedCapability): boolean;
  /** The frame's current epoch, or undefined when there is no frame `index`. */
  epochOf(index: number): number | undefined;
  /** True when frame `index` (which exists) used up its epochs and was retired for good. */
  isRetired(index: number): boolean;
}

/**
 * Your check's verdict. The kernel turns it into the call's error code:
 * 'ok' → success, 'forged' → E_BADCAP, 'stale' → E_STALE, 'rights' → E_RIGHTS.
 */
export type CheckResult = 'ok' | 'forged' | 'stale' | 'rights';

/**
 * A software TLB: a cache of bindings the kernel has already checked, keyed by (ASID, VPN).
 * The value is the hardware EntryLo to load: (frame << 12) | D (1 << 10) | V (1 << 9).
 */
export interface SoftwareTlb {
  /** The cached EntryLo for (asid, vpn), or 0 when there is none. */
  lookup(asid: number, vpn: number): number;
  /** Caches (asid, vpn) → entryLo, replacing what was there for that key (or its slot). */
  insert(asid: number, vpn: number, entryLo: number): void;
  /** Drops the entry for (asid, vpn), if any. */
  remove(asid: number, vpn: number): void;
  /** Drops every entry that maps `frame` (entryLo >>> 12 === frame); returns how many. */
  removeFrame(frame: number): number;
  /** Drops every entry of `asid` (its environment ended). */
  removeAsid(asid: number): void;
}
