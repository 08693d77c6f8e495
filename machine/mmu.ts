/**
 * Address translation: the R3000 segment rules, the guest TLB, and a small direct-mapped
 * translation cache in front of it (qemu's softmmu idea, DESIGN.md "How the emulator gets fast").
 *
 *   0x00000000..0x7fffffff  kuseg  mapped through the TLB, user and kernel
 *   0x80000000..0x9fffffff  kseg0  physical = vaddr - 0x80000000, kernel only
 *   0xa0000000..0xbfffffff  kseg1  physical = vaddr - 0xa0000000, kernel only (devices live here)
 *   0xc0000000..0xffffffff  kseg2  mapped through the TLB, kernel only
 *
 * In bare (SPIM) mode the console's window 0xffff0000..0xffff000f is additionally reachable
 * unmapped from both modes, as SPIM's memory-mapped I/O is; the exokernel leaves it off.
 *
 * The cache has six tables: {read, write, fetch} x {kernel, user}. A slot holds the virtual
 * page number it translates (tag) and the physical base of that page. Slots are filled only for
 * pages wholly in RAM; write slots only when the TLB entry's D bit is set. So a hit is always a
 * legal RAM access, and everything else (devices, faults, Mod) takes the slow path. Slots are
 * cleared for the old and new VPN on TLBWI/TLBWR and all at once on an ASID change.
 */
import {
  ENTRYHI_ASID_MASK,
  ENTRYLO_D,
  ENTRYLO_G,
  ENTRYLO_PFN_MASK,
  ENTRYLO_V,
  EXC_ADEL,
  EXC_ADES,
  EXC_MCHECK,
  EXC_MOD,
  EXC_TLBL,
  EXC_TLBS,
} from './cp0.ts';
import { PAGE_MASK, PAGE_SHIFT, PAGE_SIZE } from './memory.ts';
import { TLB_MULTIPLE, TLB_NO_MATCH, Tlb } from './tlb.ts';

export const ACCESS_READ = 0;
export const ACCESS_WRITE = 1;
export const ACCESS_FETCH = 2;
export type Access = 0 | 1 | 2;

export const CACHE_SLOTS = 512;
export const CACHE_MASK = CACHE_SLOTS - 1;

/** SPIM's memory-mapped console registers, as bare mode exposes them. */
export const SPIM_CONSOLE_VADDR = 0xffff0000;
export const SPIM_CONSOLE_BYTES = 16;

export class Mmu {
  readonly tlb = new Tlb();
  /** Current ASID, in EntryHi position (bits 11..6). */
  asid = 0;
  /** Tag and base tables, index mode * 3 + access (mode 0 kernel, 1 user). */
  readonly tags: Int32Array[] = [];
  readonly bases: Int32Array[] = [];
  /**
   * Frames holding compiled code (non-zero entries), or null when no block compiler runs. Such
   * frames get no write slots, so every store to them takes the slow path, where the bus tells
   * the compiler to drop the blocks it overwrites.
   */
  codePages: Uint8Array | null = null;
  /** Physical base of the SPIM console window, or -1 when bare-mode console mapping is off. */
  spimConsolePhys = -1;

  /** Details of the last failed translation: Cause.ExcCode and whether it takes the UTLB vector. */
  faultCode = 0;
  faultUtlb = false;
  /** EntryLo of the entry the last mapped translation used (for the write-slot D check). */
  private lastEntryLo = 0;

  constructor(private readonly ramSize: number) {
    for (let i = 0; i < 6; i++) {
      this.tags.push(new Int32Array(CACHE_SLOTS).fill(-1));
      this.bases.push(new Int32Array(CACHE_SLOTS));
    }
  }

  /** Forgets every cached translation. */
  flushAll(): void {
    for (const t of this.tags) t.fill(-1);
  }

  /** Forgets cached translations of the page holding `vaddr`. */
  flushPage(vaddr: number): void {
    const vpn = vaddr >>> PAGE_SHIFT;
    const slot = vpn & CACHE_MASK;
    for (const t of this.tags) if (t[slot] === vpn) t[slot] = -1;
  }

  /**
   * Fills the cache with TLB entry i's mapping when it applies to the current ASID, is valid,
   * maps RAM, and is the only entry matching its page (a duplicate must still reach the slow
   * path and raise a machine check). kuseg pages go to both modes, kseg2 to kernel mode only.
   */
  prime(i: number): void {
    const hi = this.tlb.hi[i];
    const lo = this.tlb.lo[i];
    if ((lo & ENTRYLO_V) === 0) return;
    if ((lo & ENTRYLO_G) === 0 && (hi & ENTRYHI_ASID_MASK) !== this.asid) return;
    const page = (lo & ENTRYLO_PFN_MASK) >>> 0;
    if (page + PAGE_SIZE > this.ramSize) return;
    const kuseg = hi >= 0;
    if (!kuseg && hi >>> 0 < 0xc0000000) return;
    if (this.tlb.lookup(hi, this.asid) !== i) return;
    const vpn = hi >>> PAGE_SHIFT;
    const slot = vpn & CACHE_MASK;
    const writable = (lo & ENTRYLO_D) !== 0 && !this.holdsCode(page);
    const lastMode = kuseg ? 1 : 0;
    for (let mode = 0; mode <= lastMode; mode++) {
      const table = mode * 3;
      this.tags[table + ACCESS_READ][slot] = vpn;
      this.bases[table + ACCESS_READ][slot] = page;
      if (writable) {
        this.tags[table + ACCESS_WRITE][slot] = vpn;
        this.bases[table + ACCESS_WRITE][slot] = page;
      }
    }
  }

  /** Sets the current ASID from an EntryHi value, flushing the cache when it changes. */
  setAsid(entryHi: number): void {
    const asid = entryHi & ENTRYHI_ASID_MASK;
    if (asid !== this.asid) {
      this.asid = asid;
      this.flushAll();
    }
  }

  /**
   * Physical address for `vaddr`, or -1 with faultCode/faultUtlb set. Alignment is the caller's
   * check. Fills the translation cache on success when the page is ordinary RAM.
   */
  translate(vaddr: number, access: Access, user: boolean): number {
    let paddr: number;
    if (vaddr >= 0) {
      paddr = this.mapped(vaddr, access, true);
    } else if (this.spimConsolePhys >= 0 && vaddr >>> 0 >= SPIM_CONSOLE_VADDR) {
      const off = (vaddr >>> 0) - SPIM_CONSOLE_VADDR;
      if (off < SPIM_CONSOLE_BYTES) return this.spimConsolePhys + off;
      return this.badSegment(access);
    } else if (user) {
      return this.badSegment(access);
    } else if (vaddr < (0xc0000000 | 0)) {
      paddr = vaddr & 0x1fffffff;
    } else {
      paddr = this.mapped(vaddr, access, false);
    }
    if (paddr >= 0) this.fill(vaddr, paddr, access, user);
    return paddr;
  }

  /** Address error: a user access outside kuseg (or past SPIM's console window). */
  private badSegment(access: Access): number {
    this.faultCode = access === ACCESS_WRITE ? EXC_ADES : EXC_ADEL;
    this.faultUtlb = false;
    return -1;
  }

  private mapped(vaddr: number, access: Access, kuseg: boolean): number {
    const index = this.tlb.lookup(vaddr, this.asid);
    const miss = access === ACCESS_WRITE ? EXC_TLBS : EXC_TLBL;
    if (index === TLB_NO_MATCH) {
      this.faultCode = miss;
      this.faultUtlb = kuseg;
      return -1;
    }
    if (index === TLB_MULTIPLE) {
      this.faultCode = EXC_MCHECK;
      this.faultUtlb = false;
      return -1;
    }
    const lo = this.tlb.lo[index];
    if ((lo & ENTRYLO_V) === 0) {
      this.faultCode = miss;
      this.faultUtlb = false;
      return -1;
    }
    if (access === ACCESS_WRITE && (lo & ENTRYLO_D) === 0) {
      this.faultCode = EXC_MOD;
      this.faultUtlb = false;
      return -1;
    }
    this.lastEntryLo = lo;
    return ((lo & ENTRYLO_PFN_MASK) >>> 0) + (vaddr & PAGE_MASK);
  }

  private fill(vaddr: number, paddr: number, access: Access, user: boolean): void {
    const page = paddr - (paddr & PAGE_MASK);
    if (page + PAGE_SIZE > this.ramSize) return;
    const vpn = vaddr >>> PAGE_SHIFT;
    const slot = vpn & CACHE_MASK;
    const table = (user ? 3 : 0) + access;
    if (access === ACCESS_WRITE && this.holdsCode(page)) return;
    this.tags[table][slot] = vpn;
    this.bases[table][slot] = page;
    // A read of a writable mapped page may as well prime the write slot, and vice versa.
    if (
      access === ACCESS_READ &&
      vaddr >= 0 &&
      (this.lastEntryLo & ENTRYLO_D) !== 0 &&
      !this.holdsCode(page)
    ) {
      this.tags[table + 1][slot] = vpn;
      this.bases[table + 1][slot] = page;
    }
  }

  /** True when physical page base `page` holds compiled code (stores must take the slow path). */
  private holdsCode(page: number): boolean {
    return this.codePages !== null && this.codePages[page >>> PAGE_SHIFT] !== 0;
  }

  /** Drops every write slot that points at physical page base `page` (it now holds code). */
  dropWriteSlots(page: number): void {
    for (let table = ACCESS_WRITE; table < 6; table += 3) {
      const tags = this.tags[table];
      const bases = this.bases[table];
      for (let s = 0; s < CACHE_SLOTS; s++) if (tags[s] !== -1 && bases[s] === page) tags[s] = -1;
    }
  }
}
