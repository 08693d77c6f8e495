/**
 * Lab 6: application-specific paging. Your policy chooses which page ExOS gives up when
 * memory runs out. Read README.md for the steps; lab-types.ts has the interface.
 */
import type { Advice, PagingPolicy, ResidentPage } from './lab-types.ts';

export class Policy implements PagingPolicy {
  fault(vpn: number): void {
    // TODO (optional): remember what you need about the program's faults.
    void vpn;
  }

  victim(resident: readonly ResidentPage[], advice: Advice): number {
    // TODO step 1: always a page from `resident`.
    // TODO step 2: for a cyclic scan, the page needed furthest in the future.
    // TODO step 3: otherwise, a page the program has stopped using.
    void resident;
    void advice;
    return 0;
  }
}
