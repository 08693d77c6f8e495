/**
 * Lab 6: application-specific paging. Your policy chooses which page ExOS gives up when
 * memory runs out. Read README.md for the steps; lab-types.ts has the interface.
 */
import type { Advice, PagingPolicy, ResidentPage } from './lab-types.ts';

export class Policy implements PagingPolicy {
  /** When each page last faulted (a count of faults, not cycles). */
  private readonly lastFault = new Map<number, number>();
  private faults = 0;

  fault(vpn: number): void {
    this.lastFault.set(vpn, ++this.faults);
  }

  /**
   * A cyclic scan: the page mapped most recently is the one needed furthest in the future
   * (MRU). Otherwise the page idle longest (by its last fault, then its mapping), clean pages
   * with a copy on disk first among equals: they cost no write.
   */
  victim(resident: readonly ResidentPage[], advice: Advice): number {
    if (advice === 'cyclic') {
      return resident.reduce((a, b) => (b.mappedAt > a.mappedAt ? b : a)).vpn;
    }
    const idle = (p: ResidentPage) => this.lastFault.get(p.vpn) ?? p.mappedAt;
    let best = resident[0]!;
    for (const p of resident) {
      const older = idle(p) < idle(best);
      const cheaper = idle(p) === idle(best) && !p.dirty && best.dirty;
      if (older || cheaper) best = p;
    }
    return best.vpn;
  }
}
