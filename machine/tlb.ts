/**
 * The R3000 TLB: 64 fully associative entries, each a pair (EntryHi, EntryLo).
 *
 *   EntryHi  31..12 VPN   11..6 ASID
 *   EntryLo  31..12 PFN   11 N   10 D   9 V   8 G
 *
 * An entry matches a virtual address when the VPNs are equal and either G is set or the ASIDs
 * are equal. V is checked after the match: a matching invalid entry is a TLB miss that goes to
 * the general vector, not the UTLB vector (R3000 manual, "TLB exceptions"). Two matching
 * entries are a machine check.
 */
import { ENTRYHI_ASID_MASK, ENTRYHI_VPN_MASK, ENTRYLO_G, TLB_ENTRIES, TLB_WIRED } from './cp0.ts';

/** `lookup` result when no entry matches. */
export const TLB_NO_MATCH = -1;
/** `lookup` result when two or more entries match (machine check). */
export const TLB_MULTIPLE = -2;

export class Tlb {
  readonly hi = new Int32Array(TLB_ENTRIES);
  readonly lo = new Int32Array(TLB_ENTRIES);

  constructor() {
    this.reset();
  }

  /**
   * Leaves every entry unable to match a kuseg address: each gets a distinct VPN in kseg0
   * (which is never translated), so a reset TLB can never produce a duplicate match.
   */
  reset(): void {
    for (let i = 0; i < TLB_ENTRIES; i++) {
      this.hi[i] = (0x80000000 + i * 0x1000) | 0;
      this.lo[i] = 0;
    }
  }

  /**
   * Index of the entry matching `vaddr` under `asid` (already shifted into EntryHi position),
   * TLB_NO_MATCH, or TLB_MULTIPLE.
   */
  lookup(vaddr: number, asid: number): number {
    const hi = this.hi;
    const lo = this.lo;
    const vpn = vaddr & ENTRYHI_VPN_MASK;
    let found = TLB_NO_MATCH;
    for (let i = 0; i < TLB_ENTRIES; i++) {
      const h = hi[i];
      if ((h & ENTRYHI_VPN_MASK) !== vpn) continue;
      if ((lo[i] & ENTRYLO_G) === 0 && (h & ENTRYHI_ASID_MASK) !== asid) continue;
      if (found !== TLB_NO_MATCH) return TLB_MULTIPLE;
      found = i;
    }
    return found;
  }

  /** Plain-data copy for snapshots and the inspector. */
  save(): { hi: number[]; lo: number[] } {
    return { hi: Array.from(this.hi), lo: Array.from(this.lo) };
  }

  restore(state: { hi: number[]; lo: number[] }): void {
    this.hi.set(state.hi);
    this.lo.set(state.lo);
  }
}

/**
 * The Random register: it counts down from 63 to TLB_WIRED once per cycle and wraps, so it is a
 * pure function of emulated time (deterministic, unlike real silicon).
 */
export function randomIndex(cycles: number): number {
  const span = TLB_ENTRIES - TLB_WIRED;
  return TLB_ENTRIES - 1 - (cycles % span);
}
