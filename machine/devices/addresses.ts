/**
 * Where the devices live: one 4 KiB window each in the physical device range (memory.ts), and
 * the interrupt line each one drives. The kernel reaches a window uncached through kseg1 at
 * 0xa0000000 + base.
 *
 *   physical      kseg1         device        interrupt line (Cause bit)
 *   0x1fe00000    0xa1e00000    console       IP3 receiver (bit 11), IP2 transmitter (bit 10)
 *   0x1fe01000    0xa1e01000    disk          IP4 (bit 12)
 *   0x1fe02000    0xa1e02000    network       IP5 (bit 13)
 *   (CP0)         -             timer         IP7 (bit 15), IRQ_TIMER in cp0.ts
 *
 * The console lines follow SPIM (mem.h): the keyboard is "hardware interrupt 1" (RECV_INT_LEVEL
 * 3, Cause bit 11) and the display "hardware interrupt 0" (TRANS_INT_LEVEL 2, Cause bit 10), so
 * SPIM exception handlers that test Cause bits 10 and 11 work unchanged. IP6 is unused.
 */

export const CONSOLE_BASE = 0x1fe00000;
export const DISK_BASE = 0x1fe01000;
export const NET_BASE = 0x1fe02000;
export const DEVICE_WINDOW_SIZE = 0x1000;

/** SPIM's address for the console registers; bare mode aliases it onto CONSOLE_BASE. */
export const SPIM_MMIO_BASE = 0xffff0000 | 0;

/** Kernel virtual address of a physical address through kseg1 (unmapped, uncached). */
export function kseg1(paddr: number): number {
  return (0xa0000000 + paddr) | 0;
}

export const IRQ_CONSOLE_TX = 2;
export const IRQ_CONSOLE_RX = 3;
export const IRQ_DISK = 4;
export const IRQ_NET = 5;
