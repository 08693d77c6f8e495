/**
 * ExOS's default revocation handler: the kernel asks for frames back by a deadline
 * (kernel/exo/revoke.ts) and ExOS chooses which, cleans them and releases them.
 *
 * Policy: a named frame is given back whatever it holds. For "any N frames" ExOS gives clean
 * pages first (demand-zero pages never written: releasing them costs nothing, the next touch
 * makes a new zero page), then dirty pages, newest mapping first. A dirty page is written to a
 * disk block first (block_write, waiting for the disk: that device time counts against the
 * deadline) and read back on its next touch. Pages under a swap-in are left alone.
 *
 * This is the lesson of lab 3: releasing clean pages meets a 50 µs deadline; writing ten dirty
 * pages first does not.
 */

import { E_OK } from '../exo/errors.ts';
import type { RevokeApi, RevokeNotice } from '../exo/revoke.ts';
import { PAGE_SIZE, type PageEntry } from './page-table.ts';
import type { ExosVm } from './vm.ts';

/** Victims for `notice`, in the order ExOS gives them back. */
export function chooseVictims(vm: ExosVm, notice: RevokeNotice): [number, PageEntry][] {
  const pages = [...vm.pages.entries()];
  if (notice.frame !== null) return pages.filter(([, e]) => e.frame === notice.frame);
  const clean = pages.filter(([, e]) => !e.dirty);
  const dirty = pages.filter(([, e]) => e.dirty).reverse();
  return [...clean, ...dirty].slice(0, notice.count);
}

/** Gives back the victims: writes dirty ones out, then unbinds and frees each. */
export function releasePages(api: RevokeApi, vm: ExosVm, notice: RevokeNotice): number {
  let released = 0;
  for (const [vpn, entry] of chooseVictims(vm, notice)) {
    const page = vpn * PAGE_SIZE;
    if (entry.dirty && !writeOut(api, vm, vpn, entry)) break;
    // A clean page read back from disk still has its copy there (paging.ts).
    if (!entry.dirty && entry.diskCopy !== undefined) vm.swapped.set(vpn, entry.diskCopy);
    api.call('unbind', page);
    if (api.call('frame_free', entry.cap).error !== E_OK) break;
    vm.pages.delete(page);
    released++;
  }
  return released;
}

/** Copies a dirty page to a fresh disk block and remembers it; false if the disk refused. */
function writeOut(api: RevokeApi, vm: ExosVm, vpn: number, entry: PageEntry): boolean {
  let block = entry.diskCopy;
  if (block === undefined) {
    const got = api.call('block_alloc');
    if (got.error !== E_OK || got.cap === undefined) return false;
    block = got.cap;
  }
  const queued = api.call('block_write', block, entry.cap);
  if (queued.error !== E_OK) {
    if (entry.diskCopy === undefined) api.call('block_free', block);
    return false;
  }
  if (api.waitBlock(queued.value).error !== E_OK) return false;
  vm.swapped.set(vpn, block);
  return true;
}
