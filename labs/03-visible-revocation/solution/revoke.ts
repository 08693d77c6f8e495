/**
 * Lab 3, reference solution: the named frame whatever it holds; otherwise clean pages first
 * (releasing them costs nothing), then dirty ones, newest first, each written out before it
 * is released.
 */
import type { Page, Pager, RevokeNotice } from './lab-types.ts';

function victims(pages: Page[], notice: RevokeNotice): Page[] {
  if (notice.frame !== null) return pages.filter((p) => p.frame === notice.frame);
  const clean = pages.filter((p) => !p.dirty);
  const dirty = pages.filter((p) => p.dirty).reverse();
  return [...clean, ...dirty].slice(0, notice.count);
}

export function revoke(pager: Pager, notice: RevokeNotice): void {
  for (const page of victims(pager.pages(), notice)) {
    if (page.dirty && !pager.writeOut(page.vaddr)) return;
    if (!pager.release(page.vaddr)) return;
  }
}
