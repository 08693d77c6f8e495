/**
 * The rendezvous that the ExOS environments of one machine share: which frame a named pipe or
 * shared page lives in (as a capability), which environment serves a name (LRPC), and ExOS's
 * stride scheduler. It stands in for the name server a library OS would ask; it hands out
 * capabilities but grants nothing by itself: the kernel checks every capability when an
 * environment binds the frame, and a capability whose frame was freed (its creator exited) is
 * stale, so the name is free to be created again.
 *
 * One hub per kernel (ipcHubFor). Nothing here is visible to MIPS code except through the
 * library-OS calls of abi.ts.
 */
import type { Capability } from '../../caps/index.ts';
import type { EnvApi } from '../../exo/env.ts';
import { StrideScheduler } from '../sched/stride.ts';

export class IpcHub {
  /** Named pipes: key -> READ|WRITE capability of the ring page (owned by its first reader). */
  readonly pipes = new Map<number, Capability>();
  /** Shared pages: key -> READ|WRITE capability (owned by the environment that created it). */
  readonly segments = new Map<number, Capability>();
  /** Published services: key -> environment id. */
  readonly services = new Map<number, number>();
  readonly stride = new StrideScheduler();
  /** The kernel-call API of every ExOS environment on the machine, by id (for the scheduler). */
  readonly apis = new Map<number, EnvApi>();
}

const hubs = new WeakMap<object, IpcHub>();

/** The hub of the machine run by `kernel` (created on first use). */
export function ipcHubFor(kernel: object): IpcHub {
  let hub = hubs.get(kernel);
  if (!hub) hubs.set(kernel, (hub = new IpcHub()));
  return hub;
}
