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
import { ENTRYHI_ASID_MASK, ENTRYLO_G, TLB_ENTRIES, TLB_WIRED } from './cp0.ts';

/** `lookup` result when no entry matches. */
export const TLB_NO_MATCH = -1;
/** `lookup` result when two or more entries match (machine check). */
export const TLB_MULTIPLE = -2;

export class Tlb {
  /** Entries, readable by anyone; written only through write() so the index stays true. */
  readonly hi = new Int32Array(TLB_ENTRIES);
  readonly lo = new Int32Array(TLB_ENTRIES);
  /**
   * Index: VPN -> bit mask of the entries holding it, as two 32-bit halves in two maps (entries
   * 0..31 in `low`, 32..63 in `high`; a VPN missing from a map has mask 0 there). A lookup reads
   * the map entries instead of comparing all 64 entries; plain numbers, so a write allocates
   * nothing (tlbwr on every refill would otherwise feed the garbage collector).
   */
  private readonly low = new Map<number, number>();
  private readonly high = new Map<number, number>();

  constructor() {
    this.reset();
  }

  /** Sets entry i (hardware: tlbwi/tlbwr; the kernel: breaking an entry). */
  write(i: number, hi: number, lo: number): void {
    this.unindex(i);
    this.hi[i] = hi;
    this.lo[i] = lo;
    const vpn = hi >>> 12;
    const half = i < 32 ? this.low : this.high;
    half.set(vpn, (half.get(vpn) ?? 0) | (1 << (i & 31)));
  }

  private unindex(i: number): void {
    const vpn = this.hi[i] >>> 12;
    const half = i < 32 ? this.low : this.high;
    const mask = half.get(vpn);
    if (mask === undefined) return;
    const left = mask & ~(1 << (i & 31));
    if (left === 0) half.delete(vpn);
    else half.set(vpn, left);
  }

  /**
   * Leaves every entry unable to match a kuseg address: each gets a distinct VPN in kseg0
   * (which is never translated), so a reset TLB can never produce a duplicate match.
   */
  reset(): void {
    this.low.clear();
    this.high.clear();
    this.hi.fill(0);
    for (let i = 0; i < TLB_ENTRIES; i++) this.write(i, unmatchableHi(i), 0);
  }

  /**
   * Index of the entry matching `vaddr` under `asid` (already shifted into EntryHi position),
   * TLB_NO_MATCH, or TLB_MULTIPLE.
   */
  lookup(vaddr: number, asid: number): number {
    const vpn = vaddr >>> 12;
    const lowBits = this.low.get(vpn);
    const highBits = this.high.get(vpn);
    if (lowBits === undefined && highBits === undefined) return TLB_NO_MATCH;
    let found = TLB_NO_MATCH;
    for (let half = 0; half < 2; half++) {
      let bits = (half === 0 ? lowBits : highBits) ?? 0;
      while (bits !== 0) {
        const bit = 31 - Math.clz32(bits);
        bits &= ~(1 << bit);
        const i = half * 32 + bit;
        if ((this.lo[i] & ENTRYLO_G) === 0 && (this.hi[i] & ENTRYHI_ASID_MASK) !== asid) continue;
        if (found !== TLB_NO_MATCH) return TLB_MULTIPLE;
        found = i;
      }
    }
    return found;
  }

  /** Plain-data copy for snapshots and the inspector. */
  save(): { hi: number[]; lo: number[] } {
    return { hi: Array.from(this.hi), lo: Array.from(this.lo) };
  }

  restore(state: { hi: number[]; lo: number[] }): void {
    this.low.clear();
    this.high.clear();
    this.hi.fill(0);
    for (let i = 0; i < TLB_ENTRIES; i++) this.write(i, state.hi[i], state.lo[i]);
  }
}

/** An EntryHi that no translation looks up (a distinct kseg0 VPN per entry): an empty slot. */
export function unmatchableHi(i: number): number {
  return (0x80000000 + i * 0x1000) | 0;
}

/**
 * The Random register: it counts down from 63 to TLB_WIRED once per cycle and wraps, so it is a
 * pure function of emulated time (deterministic, unlike real silicon).
 */
export function randomIndex(cycles: number): number {
  const span = TLB_ENTRIES - TLB_WIRED;
  return TLB_ENTRIES - 1 - (cycles % span);
}
