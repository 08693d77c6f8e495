/**
 * Shared memory by capability: one frame bound into several environments. The first
 * environment to use a name allocates the frame (so it owns it: the page lives until that
 * environment ends or frees it) and publishes a READ|WRITE capability without GRANT (no one
 * else can free it); later ones bind the same frame with that capability, which the kernel
 * checks like any other.
 */
import { type Capability, RIGHT_READ, RIGHT_WRITE } from '../../caps/index.ts';
import type { EnvApi } from '../../exo/env.ts';
import { E_OK, E_STALE } from '../../exo/errors.ts';

export type AttachResult = { error: number; created: boolean };

/**
 * Binds the page named `key` in `names` at `vaddr` (writable). With `create` false, a name
 * that does not exist (or whose frame is gone) is not created: E_STALE.
 */
export function attachShared(
  api: EnvApi,
  names: Map<number, Capability>,
  key: number,
  vaddr: number,
  create = true,
): AttachResult {
  const existing = names.get(key);
  if (existing !== undefined) {
    const bound = api.call('bind', vaddr, existing, 1);
    if (bound.error === E_OK) return { error: E_OK, created: false };
    if (bound.error !== E_STALE) return { error: bound.error, created: false };
    names.delete(key); // its creator has ended: the frame went with it
  }
  if (!create) return { error: E_STALE, created: false };
  const frame = api.call('frame_alloc');
  if (frame.error !== E_OK) return { error: frame.error, created: false };
  const bound = api.call('bind', vaddr, frame.cap!, 1);
  if (bound.error !== E_OK) {
    api.call('frame_free', frame.cap!);
    return { error: bound.error, created: false };
  }
  const shared = api.call('cap_narrow', frame.cap!, RIGHT_READ | RIGHT_WRITE);
  names.set(key, shared.cap ?? frame.cap!);
  return { error: E_OK, created: true };
}
