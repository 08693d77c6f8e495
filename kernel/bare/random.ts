/**
 * A small seeded pseudo-random generator (mulberry32) for MARS's random-number syscalls.
 * Deterministic for a given seed on every host; never Math.random.
 */
export class SeededRandom {
  private state_: number;

  constructor(seed: number) {
    this.state_ = seed | 0;
  }

  /** The generator's whole state, for snapshots. */
  get state(): number {
    return this.state_;
  }

  set state(value: number) {
    this.state_ = value | 0;
  }

  /** Next uniformly distributed 32-bit value, as an unsigned number. */
  nextUint32(): number {
    this.state_ = (this.state_ + 0x6d2b79f5) | 0;
    let t = this.state_;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, bound) for 0 < bound <= 2^31. */
  below(bound: number): number {
    return Math.floor((this.nextUint32() / 0x100000000) * bound);
  }

  /** Uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 0x100000000;
  }
}
