/**
 * Lab 4, the kernel side of the abort protocol: when a library OS does not give back what the
 * kernel asked by the deadline, the kernel takes it by force. Read README.md for the steps;
 * lab-types.ts has the interface.
 */
import type { Judgement, KernelOps, RevocationState, VictimQuery } from './lab-types.ts';

/** Step 1, deadline enforcement: complied, abort, or pending. */
export function judge(s: RevocationState): Judgement {
  // TODO: look at s.givenBack, s.now, s.deadline and s.handlerDone.
  void s;
  return 'complied';
}

/** Step 2, forced repossession: the frames to take. */
export function chooseVictims(q: VictimQuery): number[] {
  // TODO: what is still owed, never a guaranteed frame.
  void q;
  return [];
}

/** Step 3, taking one frame from environment `env`. */
export function repossess(k: KernelOps, env: number, frame: number): void {
  // TODO: break every binding, cancel DMA, invalidate the capabilities, record the loss.
  void k;
  void env;
  void frame;
}
