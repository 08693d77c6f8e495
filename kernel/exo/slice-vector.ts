/**
 * The CPU's slice vector as plain data (EXOKERNEL.md, "CPU"): `count` positions run round robin
 * in position order. Each position is a resource of kind 'slice' with an owner and capabilities
 * (ResourceTable), and a donation chain:
 *
 *   chain[p] = [owner, donee, donee's donee, …]     [] when the position is unowned
 *
 * The last environment of the chain is the position's runner: the one that gets the CPU when
 * the position comes round. A synchronous protected control transfer pushes the callee onto the
 * chains the caller runs; transferring back pops it (see donate). Timing, deadlines and
 * penalties live in slices.ts; this file only answers "who runs which position".
 */
import { type Allocation, type KernelSecret, ResourceTable } from '../caps/index.ts';

/** The next slice instance to run: its position, runner and length after penalties. */
export interface Pick {
  position: number;
  env: number;
  length: number;
  /** Positions passed over because their runner's penalty ate the whole slice. */
  skipped: { position: number; env: number }[];
  /** Every runner's penalty debt once this pick is taken. */
  debts: Map<number, number>;
}

/** What a synchronous transfer did to the chains. */
export interface Donation {
  how: 'donated' | 'returned' | 'none';
  positions: number[];
}

export class SliceVector {
  readonly table: ResourceTable;
  private readonly chains: number[][];

  constructor(
    readonly count: number,
    secret: KernelSecret,
  ) {
    this.table = new ResourceTable('slice', count, secret);
    this.chains = Array.from({ length: count }, () => []);
  }

  /** The owner of position `p`, or null when it is unowned. */
  owner(p: number): number | null {
    return this.chains[p][0] ?? null;
  }

  /** The environment that runs position `p`, or null when it is unowned. */
  runner(p: number): number | null {
    return this.chains[p].at(-1) ?? null;
  }

  /** The chain of position `p` (a copy). */
  chain(p: number): number[] {
    return [...this.chains[p]];
  }

  /** True when some position has an owner. */
  anyOwned(): boolean {
    return this.chains.some((c) => c.length > 0);
  }

  /** Gives position `p` (or the lowest free one when p is -1) to `env`; null if taken or none. */
  allocate(env: number, p: number): Allocation | null {
    const got = p < 0 ? this.table.allocate(env) : this.table.allocateAt(p, env);
    if (got !== null) this.chains[got.index] = [env];
    return got;
  }

  /** Frees position `p`: its capabilities go stale and every donation of it ends. */
  free(p: number): void {
    this.table.free(p);
    this.chains[p] = [];
  }

  /** Removes `env` everywhere: frees the positions it owns, drops it from other chains. */
  removeEnv(env: number): void {
    for (let p = 0; p < this.count; p++) {
      if (this.chains[p][0] === env) this.free(p);
      else this.chains[p] = this.chains[p].filter((e) => e !== env);
    }
  }

  /**
   * The next instance after position `from` (-1: start at 0): the first owned position whose
   * runner's debt is smaller than a slice; a runner whose debt covers the whole slice loses it
   * (the debt shrinks by one slice) and the search goes on. Null when no position is owned.
   * Pure: the caller commits the returned debts.
   */
  pick(from: number, length: number, debts: ReadonlyMap<number, number>): Pick | null {
    if (!this.anyOwned()) return null;
    const left = new Map(debts);
    const skipped: Pick['skipped'] = [];
    for (let step = 1; ; step++) {
      const p = (((from + step) % this.count) + this.count) % this.count;
      const env = this.runner(p);
      if (env === null) continue;
      const debt = left.get(env) ?? 0;
      if (debt >= length) {
        left.set(env, debt - length);
        skipped.push({ position: p, env });
        continue;
      }
      left.delete(env);
      return { position: p, env, length: length - debt, skipped, debts: left };
    }
  }

  /**
   * Synchronous donation from `from` to `to`, made while position `current` runs. If `to` had
   * donated positions to `from` (it is next-to-last in their chains) this is a return: those
   * positions go back to `to`. Otherwise, when `from` runs `current`, every position with the
   * same chain as `current` (the current slice and its future instances, and the caller's other
   * slices held the same way) gets `to` pushed on its chain. Otherwise nothing changes.
   */
  donate(from: number, to: number, current: number): Donation {
    const returned: number[] = [];
    this.chains.forEach((c, p) => {
      if (c.length >= 2 && c.at(-1) === from && c.at(-2) === to) returned.push(p);
    });
    if (returned.length > 0) {
      for (const p of returned) this.chains[p].pop();
      return { how: 'returned', positions: returned };
    }
    if (current < 0 || this.runner(current) !== from) return { how: 'none', positions: [] };
    const key = this.chains[current].join(',');
    const donated: number[] = [];
    this.chains.forEach((c, p) => {
      if (c.join(',') === key) donated.push(p);
    });
    for (const p of donated) this.chains[p].push(to);
    return { how: 'donated', positions: donated };
  }
}
