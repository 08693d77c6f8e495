/**
 * Lab 2, reference solution: page-table lookup and rebind, demand-zero pages that start clean
 * (bound read-only), and the first store to a writable page making it dirty.
 */
import { PAGE_SIZE, type Vm } from './lab-types.ts';

export function pageFault(vm: Vm, vaddr: number, _write: boolean): void {
  const page = vaddr & ~(PAGE_SIZE - 1);
  const entry = vm.lookup(vaddr);
  if (entry !== undefined) {
    // Only a page already written is bound writable: the first store must still trap.
    vm.bind(page, entry.cap, entry.writable && entry.dirty);
    return;
  }
  if (!vm.isDemandZero(vaddr)) return;
  const got = vm.allocFrame();
  if (got === null) {
    vm.outOfMemory();
    return;
  }
  if (!vm.bind(page, got.cap, false)) return;
  vm.insert(page, { frame: got.frame, cap: got.cap, writable: true, dirty: false });
}

export function protectionFault(vm: Vm, vaddr: number): boolean {
  const entry = vm.lookup(vaddr);
  if (entry === undefined || !entry.writable) return false;
  entry.dirty = true;
  return vm.bind(vaddr & ~(PAGE_SIZE - 1), entry.cap, true);
}
