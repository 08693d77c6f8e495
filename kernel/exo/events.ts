/**
 * The kernel's event log: what happened, to whom, at which cycle. Bounded (the oldest events
 * are dropped), plain data, read by the inspector, the panes and the grader.
 */

export type EventKind =
  | 'env' // created, destroyed, aborted
  | 'exception' // dispatched to an environment's handler
  | 'upcall' // a library-OS handler ran (page fault, syscall …)
  | 'refill' // a TLB miss refilled from the STLB
  | 'bind' // a binding installed
  | 'unbind' // a binding removed
  | 'frame' // allocated, freed
  | 'call' // a kernel call returned an error
  | 'revoke'
  | 'abort'
  | 'block' // a disk block allocated or freed, a transfer queued or completed
  | 'slice' // allocated, freed, started, end-of-slice upcall, overrun, yield, donation
  | 'pct' // a protected control transfer
  | 'filter';

export interface KernelEvent {
  cycle: number;
  kind: EventKind;
  /** The environment concerned, or -1 for the kernel itself. */
  env: number;
  text: string;
}

export class EventLog {
  private events: KernelEvent[] = [];
  /** Events dropped because the log was full. */
  dropped = 0;
  /** Events ever added, per kind (dropped ones included): exact counts for rates. */
  readonly totals: Partial<Record<EventKind, number>> = {};

  constructor(private readonly limit = 4096) {}

  add(event: KernelEvent): void {
    this.totals[event.kind] = (this.totals[event.kind] ?? 0) + 1;
    this.events.push(event);
    if (this.events.length > this.limit * 2) {
      const excess = this.events.length - this.limit;
      this.dropped += excess;
      this.events = this.events.slice(excess);
    }
  }

  /** The newest `count` events (all by default), optionally only of one kind or environment. */
  recent(count = this.limit, filter: { kind?: EventKind; env?: number } = {}): KernelEvent[] {
    const matching = this.events.filter(
      (e) =>
        (filter.kind === undefined || e.kind === filter.kind) &&
        (filter.env === undefined || e.env === filter.env),
    );
    return matching.slice(-Math.min(count, this.limit));
  }
}
