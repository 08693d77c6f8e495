/**
 * Lab 4, the library-OS side: the kernel took frames by force and raised the repossession
 * exception. Repair ExOS's page table so the program keeps running. Read README.md, step 4.
 */
import type { RecoveryVm } from './lab-types.ts';

/** The repossession exception: `frames` were taken. */
export function recover(vm: RecoveryVm, frames: readonly number[]): void {
  // TODO: find the pages that lived in those frames and repair them.
  void vm;
  void frames;
}
