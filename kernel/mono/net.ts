/**
 * The baseline's network: a conventional kernel's packet filter (the Ultrix/CMU packet filter,
 * MPF-style). Processes hand the kernel filter bytecode; the kernel keeps it as data and, on
 * every receive interrupt, INTERPRETS each installed filter over the arrived frame until one
 * accepts, then queues the frame for that filter's process. The exokernel runs the same
 * bytecode compiled (kernel/exo/network.ts); both charge from COSTS, so the difference is the
 * interpreter's fetch/decode/dispatch per filter instruction (filterInterpretStep) and the
 * full trap frame the baseline saves for the interrupt (kernel.ts).
 *
 * System calls, the exokernel's numbers and arguments so one receiving program runs under
 * both kernels (syscalls.ts dispatches):
 *   0x160 filter_install(prog, nwords, min_length, cap_out)  verified like the exokernel's;
 *         returns the filter id (cap_out is left alone: the baseline has no capabilities)
 *   0x162 net_recv(buf, len)    the oldest frame queued for the caller; E_BUSY if none
 *   0x163 net_send(buf, len)    transmits; E_BUSY while the previous frame is going out
 */
import { NET_MTU, NET_RX_RING } from '../../machine/devices/net.ts';
import { COSTS } from '../exo/costs.ts';
import { E_BUSY, E_FAULT, E_INVAL, E_OK } from '../exo/errors.ts';
import { decodeProgram, FilterTable } from '../filter/index.ts';
import { NicRxRing } from '../nic/rx-ring.ts';
import { nicTransmit } from '../nic/transmit.ts';
import type { MonoKernel } from './kernel.ts';
import type { Process } from './process.ts';

/** Kernel frames for the receive ring and the transmit buffer (below KERNEL_FRAMES). */
const RX_FRAME_FIRST = 200;
const TX_FRAME = RX_FRAME_FIRST + NET_RX_RING;
const QUEUE_LIMIT = 64;
const MAX_FILTER_INSNS = 256;

type Outcome = [number, number];

export class MonoNet {
  /** The installed filters, run by the interpreter (owner = pid). */
  readonly filters = new FilterTable();
  private readonly queues = new Map<number, Uint8Array[]>();
  /** The receive ring; each arrived frame goes to deliver. */
  private readonly ring: NicRxRing;
  delivered = 0;
  unclaimed = 0;

  constructor(private readonly kernel: MonoKernel) {
    this.filters.useInterpreter = true;
    this.ring = new NicRxRing(kernel.machine, RX_FRAME_FIRST, (packet) => this.deliver(packet));
  }

  /** The receive interrupt: every waiting frame through the interpreted filters. */
  onInterrupt(): void {
    this.ring.onInterrupt();
  }

  private charge(cycles: number): void {
    this.kernel.machine.cpu.charge(cycles);
  }

  private deliver(packet: Uint8Array): void {
    const result = this.filters.demux(packet);
    this.charge(
      COSTS.packetReceive + result.steps * (COSTS.filterInterpretStep + COSTS.filterStepCompiled),
    );
    if (result.match === null) {
      this.unclaimed++;
      return;
    }
    let queue = this.queues.get(result.match.owner);
    if (!queue) this.queues.set(result.match.owner, (queue = []));
    if (queue.length >= QUEUE_LIMIT) return;
    queue.push(packet);
    this.delivered++;
  }

  install(p: Process, addr: number, words: number, minLength: number): Outcome {
    if (words <= 0 || words % 2 !== 0 || words > 2 * MAX_FILTER_INSNS) return [-1, E_INVAL];
    if (minLength < 0 || minLength > NET_MTU) return [-1, E_INVAL];
    const raw: number[] = [];
    for (let i = 0; i < words; i++) {
      const w = this.kernel.readWord(p, addr + 4 * i);
      if (w === null) return [-1, E_FAULT];
      raw.push(w >>> 0);
    }
    const program = decodeProgram(raw);
    this.charge(COSTS.filterInstall + program.length * COSTS.filterVerifyPerInsn);
    const installed = this.filters.install(p.pid, program, { minLength });
    if (!installed.ok) return [-1, installed.code === 'E_BUSY' ? E_BUSY : E_INVAL];
    this.ring.start();
    return [installed.id, E_OK];
  }

  receive(p: Process, buf: number, len: number): Outcome {
    if (len < 0 || len > NET_MTU) return [-1, E_INVAL];
    const queue = this.queues.get(p.pid);
    if (!queue || queue.length === 0) return [-1, E_BUSY];
    const packet = queue[0].subarray(0, len);
    if (!this.kernel.writeBytes(p, buf, packet)) return [-1, E_FAULT];
    queue.shift();
    this.charge(Math.ceil(packet.length / 4) * COSTS.wordAccess);
    return [packet.length, E_OK];
  }

  send(p: Process, buf: number, len: number): Outcome {
    if (len <= 0 || len > NET_MTU) return [-1, E_INVAL];
    const bytes = this.kernel.readBytes(p, buf, len);
    if (bytes === null) return [-1, E_FAULT];
    if (!nicTransmit(this.kernel.machine, TX_FRAME, bytes)) return [-1, E_BUSY];
    this.charge(Math.ceil(len / 4) * COSTS.wordAccess);
    return [len, E_OK];
  }

  /** A process ended: its filters and queue go. */
  procEnded(p: Process): void {
    this.filters.removeOwner(p.pid);
    this.queues.delete(p.pid);
  }
}
