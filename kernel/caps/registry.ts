/**
 * ResourceTable: owners and epochs for the N resources of one kind (frames, disk blocks, time
 * slices, filters or environments), and the capabilities for them.
 *
 * Each resource is free, owned by an environment, or retired. Its epoch starts at 0 and is
 * bumped whenever the binding is broken — free, repossess, transfer of ownership — so every
 * capability minted before is STALE at once, however many copies are outstanding. Epochs are
 * 24 bits (capability.ts); a resource whose epoch would pass EPOCH_MAX is retired for good
 * instead of wrapping, so an old capability can never become current again.
 *
 * Allocation policy: allocate() takes the lowest free index, so the same calls on the same seed
 * give the same resources and the same capability words. allocateAt() takes a named index (a
 * library OS may want a particular frame, e.g. for page colouring).
 *
 * Recoverable failures (table full, index taken) return null; misuse that the kernel should
 * have ruled out by checking a capability first (freeing a free resource, a bad index) panics.
 */
import {
  type Capability,
  CapResult,
  check,
  EPOCH_MAX,
  INDEX_MAX,
  mint,
  type ResourceKind,
  RIGHTS_ALL,
} from './capability.ts';
import type { KernelSecret } from './secret.ts';

/** An environment id (non-negative integer). */
export type EnvId = number;

const FREE = -1;
const RETIRED = -2;

/** One resource as the inspector sees it. */
export interface ResourceEntry {
  readonly index: number;
  /** The owning environment, or 'free', or 'retired' (epoch exhausted). */
  readonly owner: EnvId | 'free' | 'retired';
  readonly epoch: number;
}

/** A plain, JSON-safe copy of a table for the inspector and for save/restore. */
export interface ResourceTableSnapshot {
  readonly kind: ResourceKind;
  readonly entries: readonly ResourceEntry[];
}

/** What allocate() hands back: the index and a capability with every right. */
export interface Allocation {
  readonly index: number;
  readonly cap: Capability;
}

export class ResourceTable {
  readonly kind: ResourceKind;
  readonly size: number;
  readonly #secret: KernelSecret;
  readonly #owners: Int32Array;
  readonly #epochs: Uint32Array;

  /** A table of `size` free resources of `kind`, all at epoch 0. */
  constructor(kind: ResourceKind, size: number, secret: KernelSecret) {
    if (!Number.isInteger(size) || size < 0 || size > INDEX_MAX + 1) {
      throw new Error(`ResourceTable: size ${size} out of range`);
    }
    this.kind = kind;
    this.size = size;
    this.#secret = secret;
    this.#owners = new Int32Array(size).fill(FREE);
    this.#epochs = new Uint32Array(size);
  }

  /** Give the lowest free resource to `owner`; null when none is free. */
  allocate(owner: EnvId): Allocation | null {
    const index = this.#owners.indexOf(FREE);
    return index < 0 ? null : this.allocateAt(index, owner);
  }

  /** Give resource `index` to `owner` if it is free; null if it is owned or retired. */
  allocateAt(index: number, owner: EnvId): Allocation | null {
    this.#checkIndex('allocateAt', index);
    if (!isEnvId(owner)) {
      throw new Error(`ResourceTable.allocateAt: owner ${owner} is not an environment id`);
    }
    if (this.#owners[index] !== FREE) return null;
    this.#owners[index] = owner;
    return { index, cap: this.mintFor(index, RIGHTS_ALL) };
  }

  /** Release an owned resource; its outstanding capabilities all become STALE. */
  free(index: number): void {
    this.repossess(index);
  }

  /**
   * Take an owned resource back by force (the abort protocol) and return its former owner,
   * for the repossession vector. Outstanding capabilities all become STALE.
   */
  repossess(index: number): EnvId {
    const owner = this.#ownedBy('repossess', index);
    this.#owners[index] = FREE;
    this.#bump(index);
    return owner;
  }

  /**
   * Move an owned resource to `newOwner`. The epoch is bumped, so the old owner's capabilities
   * (and any copies it handed out) stop working; the new owner gets the returned full-rights
   * capability. Null if the epoch was exhausted and the resource retired instead.
   */
  transferOwnership(index: number, newOwner: EnvId): Capability | null {
    this.#ownedBy('transferOwnership', index);
    if (!isEnvId(newOwner)) {
      throw new Error(
        `ResourceTable.transferOwnership: owner ${newOwner} is not an environment id`,
      );
    }
    if (!this.#bump(index)) return null;
    this.#owners[index] = newOwner;
    return this.mintFor(index, RIGHTS_ALL);
  }

  /**
   * Check a presented capability against this table: wrong kind or index is BADCAP, and any
   * capability for a retired resource is STALE.
   */
  check(cap: Capability, needed: number): CapResult {
    if (cap.kind !== this.kind) return CapResult.BADCAP;
    const result = check(this.#secret, cap, (r) => this.epochOf(r.index), needed);
    // A retired resource kept its last epoch (it cannot be bumped), so its last capabilities
    // still match it: they are refused here instead.
    const retired = result !== CapResult.BADCAP && this.#owners[cap.index] === RETIRED;
    return retired ? CapResult.STALE : result;
  }

  /** A capability for `index` at its current epoch (e.g. to re-issue a lost one). */
  mintFor(index: number, rights: number): Capability {
    this.#checkIndex('mintFor', index);
    return mint(this.#secret, { kind: this.kind, index }, rights, this.#epochs[index]);
  }

  /** Current epoch of `index`, or undefined if there is no such resource. */
  epochOf(index: number): number | undefined {
    return Number.isInteger(index) && index >= 0 && index < this.size
      ? this.#epochs[index]
      : undefined;
  }

  /** Owner of `index`: an environment id, 'free' or 'retired'. */
  ownerOf(index: number): EnvId | 'free' | 'retired' {
    this.#checkIndex('ownerOf', index);
    return ownerName(this.#owners[index]);
  }

  /** Indices owned by `owner`, ascending. */
  ownedBy(owner: EnvId): number[] {
    const out: number[] = [];
    this.#owners.forEach((o, i) => {
      if (o === owner) out.push(i);
    });
    return out;
  }

  /** Number of free resources. */
  freeCount(): number {
    return this.#owners.reduce((n, o) => (o === FREE ? n + 1 : n), 0);
  }

  /** A plain copy of every entry. */
  snapshot(): ResourceTableSnapshot {
    const entries = Array.from(this.#owners, (o, index) => ({
      index,
      owner: ownerName(o),
      epoch: this.#epochs[index],
    }));
    return { kind: this.kind, entries };
  }

  /** Restore owners and epochs from a snapshot of a table of the same kind and size. */
  restore(snapshot: ResourceTableSnapshot): void {
    if (snapshot.kind !== this.kind || snapshot.entries.length !== this.size) {
      throw new Error('ResourceTable.restore: snapshot is for a different table');
    }
    const bad = snapshot.entries.findIndex(
      ({ owner, epoch }) =>
        !(owner === 'free' || owner === 'retired' || isEnvId(owner)) ||
        !Number.isInteger(epoch) ||
        epoch < 0 ||
        epoch > EPOCH_MAX,
    );
    if (bad >= 0) throw new Error(`ResourceTable.restore: entry ${bad} is malformed`);
    snapshot.entries.forEach(({ owner, epoch }, i) => {
      this.#owners[i] = owner === 'free' ? FREE : owner === 'retired' ? RETIRED : owner;
      this.#epochs[i] = epoch;
    });
  }

  /** Bump the epoch; retire the resource instead if it is exhausted. True if still usable. */
  #bump(index: number): boolean {
    if (this.#epochs[index] >= EPOCH_MAX) {
      this.#owners[index] = RETIRED;
      return false;
    }
    this.#epochs[index] += 1;
    return true;
  }

  #ownedBy(op: string, index: number): EnvId {
    this.#checkIndex(op, index);
    const owner = this.#owners[index];
    if (owner < 0) throw new Error(`ResourceTable.${op}: ${this.kind} ${index} is not owned`);
    return owner;
  }

  #checkIndex(op: string, index: number): void {
    if (this.epochOf(index) === undefined) {
      throw new Error(
        `ResourceTable.${op}: ${this.kind} ${index} out of range 0..${this.size - 1}`,
      );
    }
  }
}

/** Environment ids are non-negative and fit the table's Int32Array. */
function isEnvId(owner: unknown): owner is EnvId {
  return typeof owner === 'number' && Number.isInteger(owner) && owner >= 0 && owner <= 0x7fffffff;
}

function ownerName(owner: number): EnvId | 'free' | 'retired' {
  return owner === FREE ? 'free' : owner === RETIRED ? 'retired' : owner;
}
