/**
 * Lab 4, the library-OS side: the kernel took frames by force and raised the repossession
 * exception. Repair ExOS's page table so the program keeps running. Read README.md, step 4.
 */
import type { RecoveryVm } from './lab-types.ts';

/**
 * Every page that lived in a repossessed frame goes: reloaded from its disk copy when it has
 * one (its contents are safe there), else forgotten and reported lost. Other pages stay.
 */
export function recover(vm: RecoveryVm, frames: readonly number[]): void {
  const taken = new Set(frames);
  for (const page of vm.pages()) {
    if (!taken.has(page.frame)) continue;
    if (!page.dirty && page.onDisk && vm.reloadFromDisk(page.vaddr)) continue;
    vm.forget(page.vaddr);
    vm.reportLost(page.vaddr);
  }
}
