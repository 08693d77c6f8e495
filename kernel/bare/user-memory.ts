/**
 * Host access to the user program's memory by virtual address, through the bare-mode page
 * table: what syscalls use to read a string argument or fill a buffer. Pages in demand-zero
 * regions are mapped on first touch exactly as the firmware would map them. An invalid address
 * stops the access and is reported to the caller (SPIM prints nothing and carries on).
 */
import type { PhysicalMemory } from '../../machine/memory.ts';
import type { BarePageTable } from './page-table.ts';

/** Longest string a syscall will read, so a missing terminator cannot run away. */
export const MAX_STRING_BYTES = 1 << 20;

export class UserMemory {
  constructor(
    private readonly memory: PhysicalMemory,
    private readonly pages: BarePageTable,
  ) {}

  /**
   * Physical address of one byte: kseg0/kseg1 addresses (the exception handler's strings)
   * map directly, kuseg ones through the page table — mapping a demand-zero page on the way
   * unless `allocate` is false. -1 when not addressable.
   */
  physical(vaddr: number, allocate = true): number {
    if (vaddr >= 0) return allocate ? this.pages.resolve(vaddr) : this.pages.lookup(vaddr);
    if (vaddr >>> 0 >= 0xc0000000) return -1;
    const p = vaddr & 0x1fffffff;
    return p < this.memory.size ? p : -1;
  }

  /** Bytes of the NUL-terminated string at `vaddr` (without the NUL); stops at a bad page. */
  readCString(vaddr: number): Uint8Array {
    const out: number[] = [];
    let v = vaddr;
    while (out.length < MAX_STRING_BYTES) {
      const p = this.physical(v);
      if (p < 0) break;
      const b = this.memory.u8[p];
      if (b === 0) break;
      out.push(b);
      v = (v + 1) | 0;
    }
    return Uint8Array.from(out);
  }

  /** `len` bytes at `vaddr`, or null if any of them is not addressable. */
  readBytes(vaddr: number, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const p = this.physical((vaddr + i) | 0);
      if (p < 0) return null;
      out[i] = this.memory.u8[p];
    }
    return out;
  }

  /** Writes bytes at `vaddr`; returns how many were written before a bad address. */
  writeBytes(vaddr: number, bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i++) {
      const p = this.physical((vaddr + i) | 0);
      if (p < 0) return i;
      this.memory.u8[p] = bytes[i];
    }
    return bytes.length;
  }
}
