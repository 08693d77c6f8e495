/**
 * The shapes of visible revocation (revoke.ts): what the kernel asks, what the library OS's
 * revoke hook is told and may use, and the record the inspector and the event log see.
 */
import type { EnvApi } from './env.ts';
import type { CallResult } from './errors.ts';

/** What kernel.revoke asks: N frames or one named frame, within deadlineUs. */
export type RevokeRequest = ({ count: number } | { frame: number }) & { deadlineUs: number };

/** What the library OS's revoke hook is told. */
export interface RevokeNotice {
  readonly id: number;
  /** Frames to give back (1 when a frame is named). */
  readonly count: number;
  /** The frame asked for, or null for "any count frames". */
  readonly frame: number | null;
  readonly deadlineUs: number;
  /** The cycle by which it must be done. */
  readonly deadline: number;
}

/** The api a revoke hook gets: its environment's, plus waiting and the time. */
export interface RevokeApi extends EnvApi {
  /** Idles until block transfer `id` completes (its result, as block_poll) or the deadline. */
  waitBlock(id: number): CallResult;
  /** The current cycle, charges so far included. */
  now(): number;
}

/** One revocation, as the inspector and the event log see it. */
export interface Revocation {
  readonly id: number;
  readonly env: number;
  readonly count: number;
  readonly frame: number | null;
  readonly deadlineUs: number;
  readonly startedAt: number;
  readonly deadline: number;
  outcome: 'pending' | 'complied' | 'aborted';
  /** Cycle it ended (never after the deadline), null while pending. */
  endedAt: number | null;
  /** Frames the abort protocol took. */
  repossessed: number[];
}
