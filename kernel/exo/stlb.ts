/**
 * The software TLB (STLB): a large direct-mapped cache of bindings the kernel has already
 * checked, probed on every hardware TLB miss before the environment is asked (Aegis kept one;
 * its size is a machine parameter here, 4096 entries by default).
 *
 * An entry maps (ASID, VPN) to an EntryLo value (PFN | D | V). Installing a binding writes the
 * entry; a colliding binding simply replaces it (the library OS reinstalls on the next miss).
 * Breaking the bindings of a frame scans the table: revocation is rare, misses are not.
 */

export interface StlbStats {
  size: number;
  valid: number;
  hits: number;
  misses: number;
}

/**
 * What the kernel needs of a software TLB. Stlb below is the kernel's own; a lab may plug in
 * another (ExokernelOptions.stlb) — labs/01-secure-bindings has students write one.
 * probe returns the cached EntryLo or 0; every remove* must leave no entry behind that maps
 * what it names (a stale entry would let an environment reach a frame it no longer owns).
 */
export interface StlbStore {
  readonly size: number;
  readonly hits: number;
  readonly misses: number;
  probe(asid: number, vpn: number): number;
  insert(asid: number, vpn: number, entryLo: number): void;
  remove(asid: number, vpn: number): void;
  removeFrame(frame: number): number;
  removeAsid(asid: number): void;
  entries(): { asid: number; vpn: number; entryLo: number }[];
  stats(): StlbStats;
}

export class Stlb implements StlbStore {
  private readonly keys: Int32Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  hits = 0;
  misses = 0;

  /** `size` must be a power of two. */
  constructor(readonly size = 4096) {
    if (size < 1 || (size & (size - 1)) !== 0) {
      throw new Error(`Stlb: size ${size} is not a power of two`);
    }
    this.keys = new Int32Array(size).fill(-1);
    this.values = new Int32Array(size);
    this.mask = size - 1;
  }

  private static key(asid: number, vpn: number): number {
    return (asid << 20) | vpn;
  }

  private slot(key: number): number {
    // Mix the ASID into the low bits so environments using the same addresses do not collide.
    return (key ^ (key >>> 20) ^ (key >>> 9)) & this.mask;
  }

  /** EntryLo for (asid, vpn), or 0 when not cached. Counts a hit or a miss. */
  probe(asid: number, vpn: number): number {
    const key = Stlb.key(asid, vpn);
    const slot = this.slot(key);
    if (this.keys[slot] === key) {
      this.hits++;
      return this.values[slot];
    }
    this.misses++;
    return 0;
  }

  insert(asid: number, vpn: number, entryLo: number): void {
    const key = Stlb.key(asid, vpn);
    const slot = this.slot(key);
    this.keys[slot] = key;
    this.values[slot] = entryLo;
  }

  /** Removes the entry for (asid, vpn) if present. */
  remove(asid: number, vpn: number): void {
    const key = Stlb.key(asid, vpn);
    const slot = this.slot(key);
    if (this.keys[slot] === key) this.keys[slot] = -1;
  }

  /** Removes every entry mapping physical frame `frame`; returns how many. */
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

  /** Removes every entry of one ASID (an environment destroyed). */
  removeAsid(asid: number): void {
    for (let i = 0; i < this.size; i++) {
      if (this.keys[i] !== -1 && this.keys[i] >>> 20 === asid) this.keys[i] = -1;
    }
  }

  /** Every valid entry, for the inspector and the invariant checks. */
  entries(): { asid: number; vpn: number; entryLo: number }[] {
    const out: { asid: number; vpn: number; entryLo: number }[] = [];
    for (let i = 0; i < this.size; i++) {
      const k = this.keys[i];
      if (k !== -1) out.push({ asid: k >>> 20, vpn: k & 0xfffff, entryLo: this.values[i] });
    }
    return out;
  }

  stats(): StlbStats {
    let valid = 0;
    for (let i = 0; i < this.size; i++) if (this.keys[i] !== -1) valid++;
    return { size: this.size, valid, hits: this.hits, misses: this.misses };
  }
}
