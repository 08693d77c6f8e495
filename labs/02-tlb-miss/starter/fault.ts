/**
 * Lab 2: the TLB-miss path of a library OS. The kernel upcalls pageFault when neither the TLB
 * nor its STLB knows a page; protectionFault when a store hits a page bound read-only. Read
 * README.md for the steps; lab-types.ts has the interface.
 */
import type { Vm } from './lab-types.ts';

/**
 * Map the page holding `vaddr` if the program may touch it (`write`: the access was a store).
 * Leave it unmapped otherwise: the kernel then reports a bad address to the program.
 */
export function pageFault(vm: Vm, vaddr: number, write: boolean): void {
  // TODO: look the page up; rebind it; or give a demand-zero address a fresh page.
  void vm;
  void vaddr;
  void write;
}

/** A store to a page bound read-only: true if the store may now be retried. */
export function protectionFault(vm: Vm, vaddr: number): boolean {
  // TODO
  void vm;
  void vaddr;
  return false;
}
