/**
 * Capabilities: the secure bindings of DESIGN.md section 4. A capability names one resource
 * (a kind and an index), the rights its bearer has, and the resource's epoch when it was
 * minted, and carries a 64-bit MAC under the kernel secret (secret.ts). It does not name a
 * holder: capabilities are bearer tokens, handed over explicitly by copying their four words.
 *
 * Packed form, four 32-bit words, as MIPS code passes it in $a0..$a3 or in memory:
 *
 *   word 0   31........24 23..................0
 *            kind code     resource index (0 .. 2^24-1)
 *   word 1   31........24 23..................0
 *            rights        epoch (0 .. 2^24-1)
 *   word 2   MAC bits 63..32   } first 8 bytes of HMAC-SHA256(secret, tag || word0 || word1),
 *   word 3   MAC bits 31..0    } big-endian
 *
 * Kind codes start at 1 so an all-zero block of memory is never a well-formed capability.
 * Rights bits (bits 3..7 of the rights byte are reserved and must be zero):
 *
 *   READ  (1)  read the resource: map a frame readable, read a disk block, inspect a slice,
 *              filter or environment.
 *   WRITE (2)  change it: map a frame writable, write a block, run in or set the handlers of a
 *              slice, replace or remove a filter, set an environment's contexts.
 *   GRANT (4)  hand the resource itself on: transfer its ownership to another environment or
 *              free it. Narrowed copies never need GRANT (narrowing only removes power), but a
 *              narrowed copy keeps GRANT only if asked for and already held.
 *
 * The kernel decides per call which rights it needs; this module only answers "does this
 * capability verify, is it current, and does it hold these rights".
 */
import type { KernelSecret } from './secret.ts';

/** The resources the kernel multiplexes, each named by kind and index. */
export type ResourceKind = 'frame' | 'block' | 'slice' | 'filter' | 'env';

/** Kind codes as packed in word 0; 0 is deliberately unused. */
export const KIND_CODES: Readonly<Record<ResourceKind, number>> = Object.freeze({
  frame: 1,
  block: 2,
  slice: 3,
  filter: 4,
  env: 5,
});

export const RESOURCE_KINDS: readonly ResourceKind[] = Object.freeze([
  'frame',
  'block',
  'slice',
  'filter',
  'env',
]);

export const RIGHT_READ = 1;
export const RIGHT_WRITE = 2;
export const RIGHT_GRANT = 4;
/** Every defined right: what allocate() hands the owner. */
export const RIGHTS_ALL = RIGHT_READ | RIGHT_WRITE | RIGHT_GRANT;

/** Largest resource index and epoch the 24-bit fields can hold. */
export const INDEX_MAX = 0xffffff;
export const EPOCH_MAX = 0xffffff;

/** One resource, without rights or epoch. */
export interface Resource {
  readonly kind: ResourceKind;
  readonly index: number;
}

/** A capability as a TypeScript value. macHi/macLo are words 2 and 3 (unsigned). */
export interface Capability extends Resource {
  readonly rights: number;
  readonly epoch: number;
  readonly macHi: number;
  readonly macLo: number;
}

/**
 * Result codes of check() and narrow(). The kernel's central error table is expected to map
 * them as: OK → success, BADCAP → E_BADCAP, STALE → E_STALE (or E_BADCAP if the kernel prefers
 * not to tell a bearer that its capability was once good), RIGHTS → E_RIGHTS.
 */
export const CapResult = {
  /** The capability verifies, is current and holds the needed rights. */
  OK: 0,
  /** Malformed, MAC mismatch (forged or altered), wrong kind, or no such resource. */
  BADCAP: 1,
  /** Genuine, but minted for an earlier epoch: the resource was freed or repossessed since. */
  STALE: 2,
  /** Genuine and current, but it lacks a needed right (or narrow asked for more). */
  RIGHTS: 3,
} as const;
export type CapResult = (typeof CapResult)[keyof typeof CapResult];

/** True when `rights` is a rights byte using only defined bits. */
export function isRights(rights: number): boolean {
  return Number.isInteger(rights) && rights >= 0 && (rights & ~RIGHTS_ALL) === 0;
}

/** True when `value` is an integer in 0..max. */
function inField(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}

/** True when every field of `cap` fits its packed field (the MAC is not checked here). */
export function isWellFormed(cap: Capability): boolean {
  return (
    Object.hasOwn(KIND_CODES, cap.kind) &&
    inField(cap.index, INDEX_MAX) &&
    isRights(cap.rights) &&
    inField(cap.epoch, EPOCH_MAX) &&
    inField(cap.macHi, 0xffffffff) &&
    inField(cap.macLo, 0xffffffff)
  );
}

/** Words 0 and 1 of the packed form. Precondition: the fields are in range. */
export function headerWords(
  kind: ResourceKind,
  index: number,
  rights: number,
  epoch: number,
): [number, number] {
  return [((KIND_CODES[kind] << 24) | index) >>> 0, ((rights << 24) | epoch) >>> 0];
}

/**
 * Mint a capability for `resource` with `rights` at `epoch`. Only the kernel calls this, after
 * it has decided the caller may have those rights. Panics on out-of-range fields (a kernel bug).
 */
export function mint(
  secret: KernelSecret,
  resource: Resource,
  rights: number,
  epoch: number,
): Capability {
  const { kind, index } = resource;
  if (!Object.hasOwn(KIND_CODES, kind)) throw new Error(`mint: unknown kind ${String(kind)}`);
  if (!inField(index, INDEX_MAX)) throw new Error(`mint: index ${index} out of range`);
  if (!isRights(rights)) throw new Error(`mint: rights ${rights} not a rights set`);
  if (!inField(epoch, EPOCH_MAX)) throw new Error(`mint: epoch ${epoch} out of range`);
  const [macHi, macLo] = secret.mac(...headerWords(kind, index, rights, epoch));
  return { kind, index, rights, epoch, macHi, macLo };
}

/** True when `cap` is well formed and its MAC is the one the kernel would have minted. */
export function verify(secret: KernelSecret, cap: Capability): boolean {
  if (!isWellFormed(cap)) return false;
  const [hi, lo] = secret.mac(...headerWords(cap.kind, cap.index, cap.rights, cap.epoch));
  return hi === cap.macHi && lo === cap.macLo;
}

/**
 * Check a presented capability. `epochOf` gives the resource's current epoch, or undefined if
 * there is no such resource. Checks in order: genuine (BADCAP), current (STALE), holds every
 * right in `needed` (RIGHTS). Panics if `needed` is not a rights set (a kernel bug).
 */
export function check(
  secret: KernelSecret,
  cap: Capability,
  epochOf: (resource: Resource) => number | undefined,
  needed: number,
): CapResult {
  if (!isRights(needed)) throw new Error(`check: needed rights ${needed} not a rights set`);
  if (!verify(secret, cap)) return CapResult.BADCAP;
  const current = epochOf({ kind: cap.kind, index: cap.index });
  if (current === undefined) return CapResult.BADCAP;
  if (current !== cap.epoch) return CapResult.STALE;
  return (cap.rights & needed) === needed ? CapResult.OK : CapResult.RIGHTS;
}

export type NarrowResult =
  | { readonly code: typeof CapResult.OK; readonly cap: Capability }
  | { readonly code: typeof CapResult.BADCAP | typeof CapResult.RIGHTS };

/**
 * A copy of `cap` holding only `rights`, which must be a subset of the rights it holds (asking
 * for any right not held is RIGHTS, never a wider capability). The original is verified first,
 * so narrow cannot launder a forged capability into a genuine one. Epoch is kept: narrowing a
 * stale capability gives a stale capability. A rights value outside the defined bits is RIGHTS.
 */
export function narrow(secret: KernelSecret, cap: Capability, rights: number): NarrowResult {
  if (!verify(secret, cap)) return { code: CapResult.BADCAP };
  if (!isRights(rights) || (rights & ~cap.rights) !== 0) return { code: CapResult.RIGHTS };
  return { code: CapResult.OK, cap: mint(secret, cap, rights, cap.epoch) };
}
