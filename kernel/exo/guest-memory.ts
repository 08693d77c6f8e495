/**
 * The kernel's access to an environment's memory by virtual address, through the bindings the
 * environment installed (never through the hardware TLB, which is only a cache). Used to copy
 * kernel-call arguments (capabilities, buffers), to write exception save areas, and by the
 * TypeScript library-OS API. Every word moved is charged COSTS.wordAccess by the caller.
 */
import type { PhysicalMemory } from '../../machine/memory.ts';
import type { Environment } from './env.ts';

const ENTRYLO_D = 1 << 10;

/** Physical address of `vaddr` in `env`, or -1 if unmapped (or read-only when `write`). */
export function envPhysical(
  memory: PhysicalMemory,
  env: Environment,
  vaddr: number,
  write: boolean,
): number {
  if (vaddr < 0) return -1;
  const lo = env.bindings.get(vaddr >>> 12);
  if (lo === undefined) return -1;
  if (write && (lo & ENTRYLO_D) === 0) return -1;
  const p = ((lo & 0xfffff000) >>> 0) + (vaddr & 0xfff);
  return p < memory.size ? p : -1;
}

export function readEnvWord(
  memory: PhysicalMemory,
  env: Environment,
  vaddr: number,
): number | null {
  if ((vaddr & 3) !== 0) return null;
  const p = envPhysical(memory, env, vaddr, false);
  return p < 0 ? null : memory.i32[p >>> 2];
}

export function writeEnvWord(
  memory: PhysicalMemory,
  env: Environment,
  vaddr: number,
  value: number,
): boolean {
  if ((vaddr & 3) !== 0) return false;
  const p = envPhysical(memory, env, vaddr, true);
  if (p < 0) return false;
  memory.i32[p >>> 2] = value;
  return true;
}

export function readEnvBytes(
  memory: PhysicalMemory,
  env: Environment,
  vaddr: number,
  length: number,
): Uint8Array | null {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const p = envPhysical(memory, env, (vaddr + i) | 0, false);
    if (p < 0) return null;
    out[i] = memory.u8[p];
  }
  return out;
}

export function writeEnvBytes(
  memory: PhysicalMemory,
  env: Environment,
  vaddr: number,
  bytes: Uint8Array,
): boolean {
  // Check every page first so a failed write changes nothing.
  for (let i = 0; i < bytes.length; i++) {
    if (envPhysical(memory, env, (vaddr + i) | 0, true) < 0) return false;
  }
  for (let i = 0; i < bytes.length; i++) {
    memory.u8[envPhysical(memory, env, (vaddr + i) | 0, true)] = bytes[i];
  }
  return true;
}
