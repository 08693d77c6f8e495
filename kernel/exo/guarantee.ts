/**
 * The guaranteed minimum (DESIGN.md section 4): each environment may mark up to
 * GUARANTEED_FRAMES frames it owns with frame_guarantee (GRANT needed). The abort protocol never
 * repossesses them, and a revocation that names one, or asks for more frames than the
 * environment holds unguaranteed, fails with E_BUSY (revoke.ts). A guarantee is kept with the
 * frame's epoch, so it ends by itself when the frame is freed or taken.
 */
import { type Capability, type ResourceTable, RIGHT_GRANT } from '../caps/index.ts';
import { checkCap } from './cap-check.ts';
import type { Environment } from './env.ts';
import { type CallResult, E_BUSY, E_INVAL, E_NOMEM, fail, ok } from './errors.ts';
import type { Exokernel } from './kernel.ts';

/** Frames an environment may mark as never repossessed. */
export const GUARANTEED_FRAMES = 4;

/** env's guaranteed frames (still owned at the epoch they were guaranteed), ascending. */
export function guaranteedFrames(frames: ResourceTable, env: Environment): number[] {
  for (const [f, epoch] of env.guaranteedFrames) {
    if (frames.ownerOf(f) !== env.id || frames.epochOf(f) !== epoch) {
      env.guaranteedFrames.delete(f);
    }
  }
  return [...env.guaranteedFrames.keys()].sort((a, b) => a - b);
}

/** Frames env owns that may be revoked (not guaranteed), ascending. */
export function revocableFrames(frames: ResourceTable, env: Environment): number[] {
  const guaranteed = new Set(guaranteedFrames(frames, env));
  return frames.ownedBy(env.id).filter((f) => !guaranteed.has(f));
}

/**
 * frame_guarantee: GRANT on a frame env owns (else E_INVAL), not the frame a revocation under
 * way asks for (`asked`; else E_BUSY), at most GUARANTEED_FRAMES (else E_NOMEM). Returns how
 * many frames env has guaranteed; guaranteeing one twice changes nothing.
 */
export function guaranteeFrame(
  kernel: Exokernel,
  env: Environment,
  cap: Capability,
  asked: number | null,
): CallResult {
  const checked = checkCap(kernel.machine.cpu, kernel.frames, cap, RIGHT_GRANT);
  if (checked.error) return checked;
  const frame = cap.index;
  if (kernel.frames.ownerOf(frame) !== env.id) return fail(E_INVAL);
  if (asked === frame) return fail(E_BUSY);
  const held = guaranteedFrames(kernel.frames, env);
  if (held.includes(frame)) return ok(held.length);
  if (held.length >= GUARANTEED_FRAMES) return fail(E_NOMEM);
  env.guaranteedFrames.set(frame, kernel.frames.epochOf(frame) ?? 0);
  kernel.event('frame', env.id, `frame ${frame} guaranteed`);
  return ok(held.length + 1);
}
