/**
 * The network through downloaded packet filters (Aegis's DPF, kernel/filter/). The kernel is
 * the network interface's driver: it keeps receive buffers posted in its own frames, and on
 * the receive interrupt it runs every arrived frame through the installed filters (compiled;
 * the interpreter is kept for comparison) and queues it for the environment whose filter
 * accepted it. Environments install filters (verified at download time; a filter whose claim
 * overlaps another environment's is refused), receive from their queue and send.
 *
 * Filters are resources like frames: installing one hands back a capability (kind 'filter');
 * removing it needs that capability with WRITE.
 */

import { NET_MTU, NET_RX_RING } from '../../machine/devices/net.ts';
import { type Capability, CapResult, ResourceTable, RIGHT_WRITE } from '../caps/index.ts';
import { decodeProgram, FilterTable } from '../filter/index.ts';
import { NicRxRing } from '../nic/rx-ring.ts';
import { nicTransmit } from '../nic/transmit.ts';
import type { CallOutcome } from './call-table.ts';
import { COSTS } from './costs.ts';
import type { Environment } from './env.ts';
import {
  E_BADCAP,
  E_BUSY,
  E_FAULT,
  E_INVAL,
  E_NOMEM,
  E_RIGHTS,
  E_STALE,
  fail,
  ok,
} from './errors.ts';
import { readEnvBytes, writeEnvBytes } from './guest-memory.ts';
import type { Exokernel } from './kernel.ts';

/** Kernel frames holding the receive ring and the transmit buffer (inside KERNEL_FRAMES). */
const RX_FRAME_FIRST = 200;
const TX_FRAME = RX_FRAME_FIRST + NET_RX_RING;
/** Packets queued per environment before new ones are dropped. */
export const QUEUE_LIMIT = 64;
/** Longest filter program, in instructions (two words each). */
const MAX_FILTER_INSNS = 256;
const MAX_FILTERS = 256;

export class KernelNet {
  readonly filters = new FilterTable();
  /** Filter capabilities: index -> the FilterTable id installed under it. */
  private readonly resources: ResourceTable;
  private readonly idOf = new Map<number, number>();
  private readonly queues = new Map<number, Uint8Array[]>();
  /** The receive ring; each arrived frame goes to deliver. */
  private readonly ring: NicRxRing;
  delivered = 0;
  unclaimed = 0;
  dropped = 0;

  constructor(private readonly kernel: Exokernel) {
    this.resources = new ResourceTable('filter', MAX_FILTERS, kernel.secret);
    this.ring = new NicRxRing(kernel.machine, RX_FRAME_FIRST, (packet) => this.deliver(packet));
  }

  /** Posts the receive ring and enables the receive interrupt (once). */
  start(): void {
    this.ring.start();
  }

  /** The receive interrupt: demultiplexes every waiting frame; charges the filter steps. */
  onInterrupt(): void {
    this.ring.onInterrupt();
  }

  private deliver(packet: Uint8Array): void {
    const result = this.filters.demux(packet);
    const perStep = this.filters.useInterpreter
      ? COSTS.filterInterpretStep + COSTS.filterStepCompiled
      : COSTS.filterStepCompiled;
    this.kernel.machine.cpu.charge(COSTS.packetReceive + result.steps * perStep);
    if (result.match === null) {
      this.unclaimed++;
      this.kernel.event('filter', -1, `packet of ${packet.length} bytes claimed by no filter`);
      return;
    }
    const owner = result.match.owner;
    let queue = this.queues.get(owner);
    if (!queue) this.queues.set(owner, (queue = []));
    if (queue.length >= QUEUE_LIMIT) {
      this.dropped++;
      return;
    }
    queue.push(packet);
    this.delivered++;
    this.kernel.event(
      'filter',
      owner,
      `packet of ${packet.length} bytes accepted by filter ${result.match.id} (${result.steps} steps, ${result.filtersRun} filters run)`,
    );
  }

  /** filter_install: the program is `words` 32-bit words at `addr` (two per instruction). */
  install(env: Environment, addr: number, words: number, minLength: number): CallOutcome {
    if (words <= 0 || words % 2 !== 0 || words > 2 * MAX_FILTER_INSNS) return fail(E_INVAL);
    if (minLength < 0 || minLength > NET_MTU) return fail(E_INVAL);
    const bytes = readEnvBytes(this.kernel.machine.memory, env, addr, words * 4);
    if (bytes === null) return fail(E_FAULT);
    const view = new DataView(bytes.buffer);
    const raw = Array.from({ length: words }, (_, i) => view.getUint32(i * 4, true));
    return this.installProgram(env, decodeProgram(raw), minLength);
  }

  /** Installs a decoded program for `env` (the REPL and TypeScript library OSes use this). */
  installProgram(
    env: Environment,
    program: ReturnType<typeof decodeProgram>,
    minLength: number,
  ): CallOutcome {
    this.kernel.machine.cpu.charge(
      COSTS.filterInstall + program.length * COSTS.filterVerifyPerInsn,
    );
    if (this.resources.freeCount() === 0) return fail(E_NOMEM);
    const installed = this.filters.install(env.id, program, { minLength });
    if (!installed.ok) {
      this.kernel.event('filter', env.id, `refused: ${installed.message}`);
      return fail(installed.code === 'E_BUSY' ? E_BUSY : E_INVAL);
    }
    const got = this.resources.allocate(env.id)!;
    this.idOf.set(got.index, installed.id);
    this.start();
    this.kernel.event(
      'filter',
      env.id,
      `installed filter ${installed.id} (${program.length} instructions), verified and compiled`,
    );
    return { ...ok(installed.id), cap: got.cap };
  }

  /** filter_remove: needs the filter's capability with WRITE. */
  remove(cap: Capability): CallOutcome {
    const checked = this.resources.check(cap, RIGHT_WRITE);
    if (checked !== CapResult.OK) {
      return fail(
        checked === CapResult.STALE ? E_STALE : checked === CapResult.RIGHTS ? E_RIGHTS : E_BADCAP,
      );
    }
    const id = this.idOf.get(cap.index)!;
    this.filters.remove(id);
    this.idOf.delete(cap.index);
    this.resources.free(cap.index);
    return ok();
  }

  /** net_recv: the oldest packet queued for `env`, copied to buf (cut to len); E_BUSY if none. */
  receive(env: Environment, buf: number, len: number): CallOutcome {
    if (len < 0 || len > NET_MTU) return fail(E_INVAL);
    const queue = this.queues.get(env.id);
    if (!queue || queue.length === 0) return fail(E_BUSY);
    const packet = queue[0].subarray(0, len);
    if (!writeEnvBytes(this.kernel.machine.memory, env, buf, packet)) return fail(E_FAULT);
    queue.shift();
    this.kernel.machine.cpu.charge(Math.ceil(packet.length / 4) * COSTS.wordAccess);
    return ok(packet.length);
  }

  /** net_send: transmits len bytes from buf; E_BUSY while the previous frame is going out. */
  send(env: Environment, buf: number, len: number): CallOutcome {
    if (len <= 0 || len > NET_MTU) return fail(E_INVAL);
    const bytes = readEnvBytes(this.kernel.machine.memory, env, buf, len);
    if (bytes === null) return fail(E_FAULT);
    if (!nicTransmit(this.kernel.machine, TX_FRAME, bytes)) return fail(E_BUSY);
    this.kernel.machine.cpu.charge(Math.ceil(len / 4) * COSTS.wordAccess);
    return ok(len);
  }

  /** Packets waiting for `env`. */
  pending(env: Environment): number {
    return this.queues.get(env.id)?.length ?? 0;
  }

  /** An environment ended: its filters and its queue go. */
  envEnded(env: Environment): void {
    for (const index of this.resources.ownedBy(env.id)) {
      this.filters.remove(this.idOf.get(index)!);
      this.idOf.delete(index);
      this.resources.free(index);
    }
    this.queues.delete(env.id);
  }
}
