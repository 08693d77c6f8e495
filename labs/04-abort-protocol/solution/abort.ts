/**
 * Lab 4, the kernel side of the abort protocol: when a library OS does not give back what the
 * kernel asked by the deadline, the kernel takes it by force. Read README.md for the steps;
 * lab-types.ts has the interface.
 */
import type { Judgement, KernelOps, RevocationState, VictimQuery } from './lab-types.ts';

/**
 * Step 1, deadline enforcement. The kernel asks after everything the handler does and when it
 * returns. Given back by the deadline: complied. Past the deadline, or the handler returned
 * without giving back: abort. Otherwise: pending.
 */
export function judge(s: RevocationState): Judgement {
  if (s.givenBack && s.now <= s.deadline) return 'complied';
  if (s.handlerDone || s.now >= s.deadline) return 'abort';
  return 'pending';
}

/**
 * Step 2, forced repossession: what is still owed, never a guaranteed frame. The named frame
 * unless given back; else the `owed` highest-numbered frames that are not guaranteed.
 */
export function chooseVictims(q: VictimQuery): number[] {
  if (q.frame !== null) {
    return q.givenBack || q.guaranteed.includes(q.frame) ? [] : [q.frame];
  }
  if (q.owed <= 0) return [];
  const takeable = q.owned.filter((f) => !q.guaranteed.includes(f));
  return takeable.slice(-q.owed).reverse();
}

/**
 * Step 3, taking one frame: break every binding, then the capabilities, then record the loss.
 * Bindings first: while any mapping remains, a program could still write the frame.
 */
export function repossess(k: KernelOps, env: number, frame: number): void {
  for (const b of k.bindingsOf(frame)) k.unbind(b.env, b.vpn);
  k.stlbDropFrame(frame);
  k.tlbDropFrame(frame);
  k.cancelDma(frame);
  k.invalidate(frame);
  k.recordLoss(env, frame);
}
