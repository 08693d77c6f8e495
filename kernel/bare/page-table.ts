/**
 * The bare-mode page table as the host sees it: the same two-level table the firmware's refill
 * routine walks (layout.ts), read and written through physical memory. The loader uses it to
 * place the program; syscalls use it to reach user buffers by virtual address. Both allocate
 * frames from the firmware's own bump allocator, so host and firmware never disagree.
 */
import type { PhysicalMemory } from '../../machine/memory.ts';
import {
  ENTRYLO_D,
  ENTRYLO_V,
  FIRMWARE_VARS_PADDR,
  FW_BREAK,
  FW_FRAME_LIMIT,
  FW_HEAP_BASE,
  FW_NEXT_FRAME,
  KSEG0,
  PAGE_DIRECTORY_PADDR,
  STACK_LOW,
} from './layout.ts';

const PAGE = 4096;

export class BarePageTable {
  constructor(private readonly memory: PhysicalMemory) {}

  /**
   * Sets up an empty directory, the allocator over [firstFrame, end of RAM), and the
   * demand-zero data region [heapBase, programBreak).
   */
  init(firstFrame: number, heapBase: number, programBreak: number): void {
    this.setVar(FW_HEAP_BASE, heapBase);
    this.memory.u8.fill(0, PAGE_DIRECTORY_PADDR, PAGE_DIRECTORY_PADDR + PAGE);
    this.setVar(FW_NEXT_FRAME, firstFrame);
    this.setVar(FW_FRAME_LIMIT, this.memory.size);
    this.setVar(FW_BREAK, programBreak);
  }

  get programBreak(): number {
    return this.getVar(FW_BREAK) >>> 0;
  }

  set programBreak(value: number) {
    this.setVar(FW_BREAK, value);
  }

  /** Lowest address of the demand-zero data region. */
  get heapBase(): number {
    return this.getVar(FW_HEAP_BASE) >>> 0;
  }

  /** Frames still free. */
  get freeFrames(): number {
    return ((this.getVar(FW_FRAME_LIMIT) >>> 0) - (this.getVar(FW_NEXT_FRAME) >>> 0)) / PAGE;
  }

  /** True when the firmware would allocate a page for `vaddr` on first touch. */
  isDemandZero(vaddr: number): boolean {
    const v = vaddr >>> 0;
    if (v >= STACK_LOW && v < 0x80000000) return true;
    return v >= this.heapBase && v < this.programBreak;
  }

  /** Physical address of `vaddr` if its page is mapped, else -1. Never allocates. */
  lookup(vaddr: number): number {
    const pte = this.pteAddress(vaddr, false);
    if (pte < 0) return -1;
    const entry = this.memory.i32[pte >>> 2];
    if ((entry & ENTRYLO_V) === 0) return -1;
    return ((entry & 0xfffff000) >>> 0) + (vaddr & 0xfff);
  }

  /**
   * Physical address of `vaddr`, mapping a fresh zeroed page first when the address is in a
   * demand-zero region (or `force` is set, as the loader does for text). -1 when the address is
   * invalid or memory is exhausted.
   */
  resolve(vaddr: number, force = false): number {
    const found = this.lookup(vaddr);
    if (found >= 0) return found;
    if (!force && !this.isDemandZero(vaddr)) return -1;
    const pte = this.pteAddress(vaddr, true);
    if (pte < 0) return -1;
    const frame = this.allocFrame();
    if (frame < 0) return -1;
    this.memory.i32[pte >>> 2] = frame | ENTRYLO_D | ENTRYLO_V;
    return frame + (vaddr & 0xfff);
  }

  private pteAddress(vaddr: number, create: boolean): number {
    if (vaddr < 0) return -1;
    const dirEntry = PAGE_DIRECTORY_PADDR + ((vaddr >>> 22) << 2);
    let table = this.memory.i32[dirEntry >>> 2];
    if (table === 0) {
      if (!create) return -1;
      const frame = this.allocFrame();
      if (frame < 0) return -1;
      table = (frame + KSEG0) | 0;
      this.memory.i32[dirEntry >>> 2] = table;
    }
    return ((table - KSEG0) >>> 0) + (((vaddr >>> 12) & 1023) << 2);
  }

  private allocFrame(): number {
    const next = this.getVar(FW_NEXT_FRAME) >>> 0;
    if (next + PAGE > this.getVar(FW_FRAME_LIMIT) >>> 0) return -1;
    this.setVar(FW_NEXT_FRAME, next + PAGE);
    this.memory.u8.fill(0, next, next + PAGE);
    return next;
  }

  private getVar(offset: number): number {
    return this.memory.i32[(FIRMWARE_VARS_PADDR + offset) >>> 2];
  }

  private setVar(offset: number, value: number): void {
    this.memory.i32[(FIRMWARE_VARS_PADDR + offset) >>> 2] = value | 0;
  }
}
