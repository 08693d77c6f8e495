/**
 * Capabilities for secure bindings (DESIGN.md section 4): the public face of kernel/caps.
 *
 * - secret.ts: the kernel secret derived from the machine seed, and the MAC.
 * - capability.ts: the capability value, rights, mint / check / narrow, result codes.
 * - format.ts: the four-word packed form and the printable `cap:…` form.
 * - registry.ts: ResourceTable, owners and epochs for one kind of resource.
 *
 * Result codes map onto the kernel's central error table as BADCAP → E_BADCAP,
 * STALE → E_STALE (or E_BADCAP), RIGHTS → E_RIGHTS.
 */
export {
  type Capability,
  CapResult,
  check,
  EPOCH_MAX,
  INDEX_MAX,
  isRights,
  isWellFormed,
  KIND_CODES,
  mint,
  type NarrowResult,
  narrow,
  RESOURCE_KINDS,
  type Resource,
  type ResourceKind,
  RIGHT_GRANT,
  RIGHT_READ,
  RIGHT_WRITE,
  RIGHTS_ALL,
  verify,
} from './capability.ts';
export {
  type CapWords,
  checkWords,
  type DecodeResult,
  decodeWords,
  encodeWords,
  formatCapability,
  formatRights,
  PRINTABLE_FORM,
  parseCapability,
} from './format.ts';
export {
  type Allocation,
  type EnvId,
  type ResourceEntry,
  ResourceTable,
  type ResourceTableSnapshot,
} from './registry.ts';
export { deriveSecret, KernelSecret } from './secret.ts';
