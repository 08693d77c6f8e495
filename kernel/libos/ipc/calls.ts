/**
 * ExOS's answers to the library-OS calls of abi.ts: pipes (pipes.ts), shared pages
 * (shared-page.ts), service names for LRPC, UDP (../net/udp.ts) and the stride scheduler
 * (../sched/stride.ts). ExOS's syscall hook asks here first; numbers that are not these fall
 * through to the SPIM/MARS calls. A call that has to wait hands the rest of the slice to the
 * environment it waits for (an asynchronous `pct`, which ExOS there takes by resuming where it
 * was) or, when there is none, gives it away (`yield`); it is run again (the kernel's 'retry').
 */
import type { EnvApi } from '../../exo/env.ts';
import { E_INVAL, E_NOENV, E_OK } from '../../exo/errors.ts';
import { PCT_ASYNC } from '../../exo/pct.ts';
import { ExosUdp } from '../net/udp.ts';
import {
  SYS_NAME_LOOKUP,
  SYS_NAME_PUBLISH,
  SYS_PIPE_CLOSE,
  SYS_PIPE_OPEN,
  SYS_PIPE_READ,
  SYS_PIPE_WRITE,
  SYS_SCHED_TICKETS,
  SYS_SHM_ATTACH,
  SYS_UDP_BIND,
  SYS_UDP_RECV,
  SYS_UDP_SEND,
} from './abi.ts';
import type { IpcHub } from './hub.ts';
import { ExosPipes, IPC_PAGES_VADDR, type PipeOutcome, type UserMemory } from './pipes.ts';
import { attachShared } from './shared-page.ts';

/** ExOS's memory as the IPC calls need it: copies, and whether a page is already in use. */
export interface IpcMemory extends UserMemory {
  isMapped(vaddr: number): boolean;
}

/** Shared pages may not go in ExOS's own area at the top of the user space. */
const SHM_LIMIT = IPC_PAGES_VADDR;

export class ExosIpc {
  readonly pipes: ExosPipes;
  readonly udp: ExosUdp;

  constructor(
    private readonly api: EnvApi,
    private readonly memory: IpcMemory,
    private readonly hub: IpcHub,
  ) {
    this.pipes = new ExosPipes(api, memory, hub);
    this.udp = new ExosUdp(api, memory);
  }

  /** Runs call `number` if it is one of abi.ts's; null if it is not. */
  handle(number: number): 'done' | 'retry' | null {
    const r = this.api.regs;
    const outcome = this.call(number, r[4], r[5], r[6], r[7]);
    if (outcome === null) return null;
    if (outcome === 'wait') {
      this.api.call('yield');
      return 'retry';
    }
    if (!Array.isArray(outcome)) {
      if (this.api.call('pct', outcome.waitFor, PCT_ASYNC).error !== E_OK) this.api.call('yield');
      return 'retry';
    }
    r[2] = outcome[0];
    r[3] = outcome[1];
    return 'done';
  }

  private call(n: number, a0: number, a1: number, a2: number, a3: number): PipeOutcome | null {
    switch (n) {
      case SYS_PIPE_OPEN:
        return this.pipes.open(a0, a1);
      case SYS_PIPE_READ:
        return this.pipes.read(a0, a1, a2);
      case SYS_PIPE_WRITE:
        return this.pipes.write(a0, a1, a2);
      case SYS_PIPE_CLOSE:
        return this.pipes.close(a0);
      case SYS_SHM_ATTACH:
        return this.shmAttach(a0, a1);
      case SYS_NAME_PUBLISH:
        this.hub.services.set(a0, this.api.env);
        return [0, E_OK];
      case SYS_NAME_LOOKUP:
        return this.lookup(a0);
      case SYS_UDP_BIND:
        return this.udp.bind(a0);
      case SYS_UDP_SEND:
        return this.udp.send(a0, a1, a2, a3);
      case SYS_UDP_RECV:
        return this.udpReceive(a0, a1);
      case SYS_SCHED_TICKETS:
        return this.tickets(a0, a1);
      default:
        return null;
    }
  }

  private shmAttach(key: number, vaddr: number): PipeOutcome {
    if (vaddr <= 0 || vaddr >= SHM_LIMIT || (vaddr & 0xfff) !== 0) return [-1, E_INVAL];
    if (this.memory.isMapped(vaddr)) return [-1, E_INVAL];
    const got = attachShared(this.api, this.hub.segments, key, vaddr);
    return got.error === E_OK ? [got.created ? 1 : 0, E_OK] : [-1, got.error];
  }

  /** The environment serving `key`; waits until one is published (a live one). */
  private lookup(key: number): PipeOutcome {
    const env = this.hub.services.get(key);
    if (env === undefined) return 'wait';
    return [env, E_OK];
  }

  private udpReceive(buf: number, len: number): PipeOutcome {
    const from = { host: 0, port: 0 };
    const got = this.udp.receive(buf, len, from);
    if (Array.isArray(got) && got[1] === E_OK) {
      this.api.regs[4] = from.host;
      this.api.regs[5] = from.port;
    }
    return got;
  }

  /** sched_tickets(env, n): env 0 is the caller; another must be a live environment. */
  private tickets(env: number, n: number): PipeOutcome {
    const api = env === 0 ? this.api : this.hub.apis.get(env);
    if (api === undefined) return [-1, E_NOENV];
    const error = this.hub.stride.setTickets(api, n);
    return error === E_OK ? [0, E_OK] : [-1, error];
  }

  /** The environment is exiting: its pipe ends close, its share of the CPU goes to others. */
  exiting(): void {
    this.pipes.closeAll();
    this.hub.stride.leave(this.api.env);
  }
}
