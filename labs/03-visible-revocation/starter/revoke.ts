/**
 * Lab 3: visible revocation. The kernel asks for frames back by a deadline; your handler picks
 * the victims, saves what must be saved and gives them back. Read README.md for the steps.
 */
import type { Pager, RevokeNotice } from './lab-types.ts';

export function revoke(pager: Pager, notice: RevokeNotice): void {
  // TODO: choose victims (the named frame, or `count` pages: which ones?), write dirty ones to
  // disk, release them — all before notice.deadline.
  void pager;
  void notice;
}
