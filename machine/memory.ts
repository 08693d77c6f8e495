/**
 * Physical memory: one ArrayBuffer of RAM starting at physical address 0, with typed views so
 * the CPU can read a word, halfword or byte without assembling it from bytes. The guest is
 * little-endian like every host Node runs on, so the views need no byte swapping.
 *
 * Physical address map:
 *
 *   0x00000000 .. size-1        RAM (size is a machine parameter, a multiple of 4 KiB)
 *   0x1fe00000 .. 0x1fffffff    device windows (see machine/devices/, one 4 KiB page each)
 *
 * Everything else on the bus is a bus error. The kernel reaches physical address P unmapped at
 * 0x80000000 + P (kseg0, cached) and 0xa0000000 + P (kseg1, uncached).
 */

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
export const PAGE_MASK = PAGE_SIZE - 1;

/** Largest RAM we allow: it must stay below the device windows. */
export const MAX_RAM_BYTES = 0x1fe00000;
export const DEVICE_WINDOW_BASE = 0x1fe00000;

export class PhysicalMemory {
  readonly size: number;
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;

  /** Allocates `bytes` of zeroed RAM; `bytes` must be a positive multiple of the page size. */
  constructor(bytes: number) {
    if (
      !Number.isInteger(bytes) ||
      bytes <= 0 ||
      bytes % PAGE_SIZE !== 0 ||
      bytes > MAX_RAM_BYTES
    ) {
      throw new RangeError(
        `memory size must be a positive multiple of 4 KiB up to ${MAX_RAM_BYTES} bytes, not ${bytes}`,
      );
    }
    this.size = bytes;
    this.buffer = new ArrayBuffer(bytes);
    this.u8 = new Uint8Array(this.buffer);
    this.i8 = new Int8Array(this.buffer);
    this.u16 = new Uint16Array(this.buffer);
    this.i16 = new Int16Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
  }

  /** Number of 4 KiB frames of RAM. */
  get frames(): number {
    return this.size >>> PAGE_SHIFT;
  }

  /** True when [paddr, paddr+len) lies inside RAM. */
  contains(paddr: number, len = 1): boolean {
    return paddr >= 0 && len >= 0 && paddr + len <= this.size;
  }

  /** Copies bytes into RAM at a physical address (loaders and DMA); caller checks bounds. */
  writeBytes(paddr: number, bytes: Uint8Array): void {
    this.u8.set(bytes, paddr);
  }

  /** Copies `len` bytes out of RAM at a physical address; caller checks bounds. */
  readBytes(paddr: number, len: number): Uint8Array {
    return this.u8.slice(paddr, paddr + len);
  }

  /** Word at a 4-byte aligned physical address (int32). */
  readWord(paddr: number): number {
    return this.i32[paddr >>> 2];
  }

  writeWord(paddr: number, value: number): void {
    this.i32[paddr >>> 2] = value;
  }
}
