/**
 * Pure helpers for the memory pane: the owner of every physical frame, one character per frame,
 * and hex/ASCII lines of physical memory.
 *
 *   frame map row:   256 111..............KKKK
 *   hex line:        00400000  3c 02 00 00 …  |<...|
 */
import type { KernelView } from '../../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../../kernel/exo/kernel.ts';
import { KERNEL_OWNER } from '../../../kernel/exo/kernel.ts';
import { hex2, hex8 } from './format.ts';
import { ownerLetter } from './theme.ts';

export type FrameOwner = number | 'kernel' | 'free' | 'retired';

/**
 * The owner of each frame. With the kernel, read from its frame table (a copy); without it,
 * rebuilt from the snapshot, which knows each environment's frames but only the count of the
 * kernel's, so those are drawn as the lowest unowned frames (where the kernel takes them at boot).
 */
export function frameOwners(view: KernelView, kernel?: Exokernel): FrameOwner[] {
  if (kernel) {
    return kernel.frames
      .snapshot()
      .entries.map((e) => (e.owner === KERNEL_OWNER ? 'kernel' : e.owner));
  }
  const owners: FrameOwner[] = Array(view.frames.total).fill('free');
  for (const env of view.envs) for (const f of env.frames) owners[f] = env.id;
  let kernelFrames = view.frames.kernel;
  for (let f = 0; f < owners.length && kernelFrames > 0; f++) {
    if (owners[f] === 'free') {
      owners[f] = 'kernel';
      kernelFrames--;
    }
  }
  return owners;
}

/** One character per owner: K kernel, . free, x retired, an environment's letter. */
export const frameChar = (owner: FrameOwner): string =>
  owner === 'kernel'
    ? 'K'
    : owner === 'free'
      ? '.'
      : owner === 'retired'
        ? 'x'
        : ownerLetter(owner);

/** Frames per map row that fit `width` after a 5-character label: 64, 32, 16, 8 or 4. */
export function framesPerRow(width: number): number {
  return [64, 32, 16, 8].find((n) => 5 + n <= width) ?? 4;
}

/** Bytes per hex line that fit `width`: 16, 8 or 4. */
export function bytesPerLine(width: number): number {
  return [16, 8].find((n) => 10 + 3 * n - 1 + 2 + n + 2 <= width) ?? 4;
}

/** A hex/ASCII line of `bytes` starting at physical `address`; bytes outside RAM show `..`. */
export function hexLine(address: number, bytes: readonly (number | undefined)[]): string {
  const hex = bytes.map((b) => (b === undefined ? '..' : hex2(b))).join(' ');
  const ascii = bytes
    .map((b) => (b !== undefined && b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'))
    .join('');
  return `${hex8(address)}  ${hex}  |${ascii}|`;
}

/** `count` bytes of physical memory from `address` (read-only; undefined outside RAM). */
export function readPhysical(
  kernel: Exokernel,
  address: number,
  count: number,
): (number | undefined)[] {
  const ram = kernel.machine.memory;
  return Array.from({ length: count }, (_, i) => {
    const a = address + i;
    return ram.contains(a) ? ram.u8[a] : undefined;
  });
}
