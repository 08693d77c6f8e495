/**
 * The receive half of a kernel's network-interface driver, shared by the exokernel
 * (kernel/exo/network.ts) and the monolithic baseline (kernel/mono/net.ts). It models the
 * receive ring of machine/devices/net.ts: the kernel posts NET_RX_RING page-sized buffers in
 * its own frames, enables the receive interrupt, and on each interrupt takes every filled
 * buffer (status, length, address), copies the frame out, acknowledges it and posts the buffer
 * again before handing the copy on.
 *
 * The ring itself charges no cycles: each kernel's `deliver` does its own demultiplexing and
 * cost charging, so both kernels keep their own policy on top of the same device protocol.
 */
import {
  NET_CONTROL,
  NET_CONTROL_RX_IE,
  NET_RX_ACK,
  NET_RX_ADDR,
  NET_RX_LEN,
  NET_RX_POST_ADDR,
  NET_RX_POST_SIZE,
  NET_RX_RING,
  NET_RX_STATUS,
} from '../../machine/devices/net.ts';
import type { Machine } from '../../machine/machine.ts';

const PAGE_BYTES = 4096;

export class NicRxRing {
  private started = false;

  /**
   * `firstFrame` is the first of NET_RX_RING consecutive kernel frames used as buffers;
   * `deliver` receives each arrived frame (a copy the kernel may keep) after it is re-posted.
   */
  constructor(
    private readonly machine: Machine,
    private readonly firstFrame: number,
    private readonly deliver: (packet: Uint8Array) => void,
  ) {}

  /** Posts the receive ring and enables the receive interrupt (only the first call acts). */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (let i = 0; i < NET_RX_RING; i++) this.post(this.firstFrame + i);
    this.machine.net.write(NET_CONTROL, 4, NET_CONTROL_RX_IE);
  }

  /** The receive interrupt: every waiting frame is copied, acknowledged, re-posted, delivered. */
  onInterrupt(): void {
    const nic = this.machine.net;
    const memory = this.machine.memory;
    while ((nic.read(NET_RX_STATUS, 4) & 1) !== 0) {
      const length = nic.read(NET_RX_LEN, 4);
      const addr = nic.read(NET_RX_ADDR, 4);
      const packet = memory.u8.slice(addr, addr + length);
      nic.write(NET_RX_ACK, 4, 1);
      this.post(addr >>> 12);
      this.deliver(packet);
    }
  }

  private post(frame: number): void {
    this.machine.net.write(NET_RX_POST_ADDR, 4, frame * PAGE_BYTES);
    this.machine.net.write(NET_RX_POST_SIZE, 4, PAGE_BYTES);
  }
}
