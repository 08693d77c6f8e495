/**
 * Lab 1: secure bindings. Your code is the exokernel's capability check behind a binding and
 * its software TLB. Read README.md for the steps; lab-types.ts has the interface.
 */
import type { CheckResult, FrameTable, PresentedCapability, SoftwareTlb } from './lab-types.ts';

/**
 * Steps 1 and 2: may the bearer of `cap` use a frame with the rights in `needed`?
 * The kernel calls this from `bind` (READ, plus WRITE for a writable mapping) and `frame_free`
 * (GRANT) before it changes anything.
 */
export function checkCapability(
  table: FrameTable,
  cap: PresentedCapability,
  needed: number,
): CheckResult {
  // TODO: refuse forged capabilities, stale ones and ones without the rights needed.
  void table;
  void cap;
  void needed;
  return 'ok';
}

/** Steps 3 and 4: the software TLB the kernel probes on every hardware TLB miss. */
export class Stlb implements SoftwareTlb {
  /** `size` is the number of entries the kernel wants (a power of two, 4096). */
  constructor(readonly size: number) {}

  lookup(asid: number, vpn: number): number {
    // TODO: return the cached EntryLo.
    void asid;
    void vpn;
    return 0;
  }

  insert(asid: number, vpn: number, entryLo: number): void {
    // TODO
    void asid;
    void vpn;
    void entryLo;
  }

  remove(asid: number, vpn: number): void {
    // TODO
    void asid;
    void vpn;
  }

  removeFrame(frame: number): number {
    // TODO
    void frame;
    return 0;
  }

  removeAsid(asid: number): void {
    // TODO
    void asid;
  }
}
