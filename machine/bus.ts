/**
 * The physical bus: routes a physical access to RAM or to the device whose window holds it.
 * This is the slow path; the CPU reaches RAM directly through its translation cache.
 * An access that hits neither RAM nor a device window is a bus error, reported by setting
 * `error` (the CPU turns it into IBE/DBE) — never a JS exception.
 */
import type { AccessWidth, Device } from './device.ts';
import { PAGE_SHIFT, type PhysicalMemory } from './memory.ts';

export class Bus {
  /** Set by read/write when the address decodes to nothing; the caller clears it. */
  error = false;
  /** Set when an access reached a device, so the CPU can end its slice and let events run. */
  touchedDevice = false;
  private readonly byPage = new Map<number, Device>();
  /**
   * Frames holding compiled code (the MMU's codePages) and who to tell when a CPU store lands
   * in one; null when no block compiler runs.
   */
  codePages: Uint8Array | null = null;
  codeWritten: ((paddr: number, width: number) => void) | null = null;

  constructor(readonly memory: PhysicalMemory) {}

  /** Maps a device's window; windows are whole pages and must not overlap RAM or each other. */
  attach(device: Device): void {
    if (device.base < this.memory.size) {
      throw new Error(`Bus.attach: ${device.name} window overlaps RAM`);
    }
    const pages = Math.max(1, Math.ceil(device.size / (1 << PAGE_SHIFT)));
    for (let p = 0; p < pages; p++) {
      const page = (device.base >>> PAGE_SHIFT) + p;
      if (this.byPage.has(page))
        throw new Error(`Bus.attach: ${device.name} overlaps another device`);
      this.byPage.set(page, device);
    }
  }

  /** The device whose window holds `paddr`, if any. */
  deviceAt(paddr: number): Device | undefined {
    return this.byPage.get(paddr >>> PAGE_SHIFT);
  }

  /** Reads an aligned value; sign- or zero-extension is the caller's job (bytes come 0..255). */
  read(paddr: number, width: AccessWidth): number {
    const mem = this.memory;
    if (paddr + width <= mem.size) {
      if (width === 4) return mem.i32[paddr >>> 2];
      if (width === 2) return mem.u16[paddr >>> 1];
      return mem.u8[paddr];
    }
    const device = this.deviceAt(paddr);
    if (device !== undefined && paddr - device.base + width <= device.size) {
      this.touchedDevice = true;
      return device.read(paddr - device.base, width);
    }
    this.error = true;
    return 0;
  }

  write(paddr: number, width: AccessWidth, value: number): void {
    const mem = this.memory;
    if (paddr + width <= mem.size) {
      if (width === 4) mem.i32[paddr >>> 2] = value;
      else if (width === 2) mem.u16[paddr >>> 1] = value;
      else mem.u8[paddr] = value;
      if (this.codePages !== null && this.codePages[paddr >>> PAGE_SHIFT] !== 0)
        this.codeWritten!(paddr, width);
      return;
    }
    const device = this.deviceAt(paddr);
    if (device !== undefined && paddr - device.base + width <= device.size) {
      this.touchedDevice = true;
      device.write(paddr - device.base, width, value);
      return;
    }
    this.error = true;
  }
}
