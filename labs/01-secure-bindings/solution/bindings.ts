/**
 * Lab 1, reference solution: the capability check behind a binding and a direct-mapped
 * software TLB.
 */
import type { CheckResult, FrameTable, PresentedCapability, SoftwareTlb } from './lab-types.ts';

/** Genuine (a frame capability whose MAC matches), current (epoch), then holding the rights. */
export function checkCapability(
  table: FrameTable,
  cap: PresentedCapability,
  needed: number,
): CheckResult {
  // A genuine capability for another kind of resource must not pass as a frame's.
  if (cap.kind !== 'frame' || !table.macMatches(cap)) return 'forged';
  const epoch = table.epochOf(cap.index);
  if (epoch === undefined) return 'forged';
  if (epoch !== cap.epoch || table.isRetired(cap.index)) return 'stale';
  return (cap.rights & needed) === needed ? 'ok' : 'rights';
}

/**
 * Direct-mapped: one slot per hash of (asid, vpn); a colliding insert replaces the old entry,
 * which only costs a later upcall. Keys are (asid << 20) | vpn; -1 marks an empty slot.
 */
export class Stlb implements SoftwareTlb {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;

  constructor(readonly size: number) {
    this.keys = new Int32Array(size).fill(-1);
    this.values = new Int32Array(size);
  }

  private slot(key: number): number {
    return (key ^ (key >>> 20) ^ (key >>> 9)) & (this.size - 1);
  }

  lookup(asid: number, vpn: number): number {
    const key = (asid << 20) | vpn;
    const slot = this.slot(key);
    return this.keys[slot] === key ? this.values[slot] : 0;
  }

  insert(asid: number, vpn: number, entryLo: number): void {
    const key = (asid << 20) | vpn;
    const slot = this.slot(key);
    this.keys[slot] = key;
    this.values[slot] = entryLo;
  }

  remove(asid: number, vpn: number): void {
    const key = (asid << 20) | vpn;
    const slot = this.slot(key);
    if (this.keys[slot] === key) this.keys[slot] = -1;
  }

  removeFrame(frame: number): number {
    let removed = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.keys[i] !== -1 && this.values[i] >>> 12 === frame) {
        this.keys[i] = -1;
        removed++;
      }
    }
    return removed;
  }

  removeAsid(asid: number): void {
    for (let i = 0; i < this.size; i++) {
      if (this.keys[i] !== -1 && this.keys[i] >>> 20 === asid) this.keys[i] = -1;
    }
  }
}
