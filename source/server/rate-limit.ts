/**
 * Failed-login rate limiting per client address: more than maxFailures failures within
 * failWindowMs locks the address out for lockoutMs, during which every attempt is refused,
 * even one with the right key (so a brute-force run learns nothing). Time comes from `clock`
 * so tests can move it.
 */
export interface RateLimitOptions {
  maxFailures: number;
  failWindowMs: number;
  lockoutMs: number;
  clock?: () => number;
}

/** Addresses remembered before old ones are swept out. */
const SWEEP_AT = 10_000;

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private readonly clock: () => number;

  constructor(private readonly o: RateLimitOptions) {
    this.clock = o.clock ?? Date.now;
  }

  /** Whether `address` is locked out now. */
  locked(address: string): boolean {
    const until = this.lockedUntil.get(address);
    if (until === undefined) return false;
    if (this.clock() < until) return true;
    this.lockedUntil.delete(address);
    return false;
  }

  /** Records a failure; returns true when this failure locked the address out. */
  fail(address: string): boolean {
    const t = this.clock();
    if (this.failures.size > SWEEP_AT) this.sweep(t);
    const recent = (this.failures.get(address) ?? []).filter((f) => t - f < this.o.failWindowMs);
    recent.push(t);
    if (recent.length >= this.o.maxFailures) {
      this.failures.delete(address);
      this.lockedUntil.set(address, t + this.o.lockoutMs);
      return true;
    }
    this.failures.set(address, recent);
    return false;
  }

  /** Forgets addresses whose failures are all older than the window (a scan of many). */
  private sweep(t: number): void {
    for (const [address, times] of this.failures) {
      if (times.every((f) => t - f >= this.o.failWindowMs)) this.failures.delete(address);
    }
    for (const [address, until] of this.lockedUntil)
      if (t >= until) this.lockedUntil.delete(address);
  }

  /** A successful login clears the address's failures. */
  succeed(address: string): void {
    this.failures.delete(address);
  }
}
