/**
 * A network interface fed by a scripted, deterministic traffic source. Window at NET_BASE
 * (addresses.ts), interrupt line IRQ_NET (IP5, Cause bit 13).
 *
 *   +0x00 RX_STATUS     r    bit 0 FRAME (a received frame waits), bits 15..8 posted buffers,
 *                            bits 23..16 waiting frames
 *   +0x04 RX_LEN        r    length in bytes of the oldest waiting frame, 0 if none
 *   +0x08 RX_ADDR       r    physical address of the buffer it was DMA'd into
 *   +0x0c RX_ACK        w    drops the oldest waiting frame (its buffer is the guest's again)
 *   +0x10 RX_POST_ADDR  r/w  physical address of a receive buffer to post
 *   +0x14 RX_POST_SIZE  w    posts the buffer [RX_POST_ADDR, +size) to the receive ring;
 *                            refused (silently: the posted count does not grow) when the ring
 *                            holds NET_RX_RING buffers (posted plus waiting), the size is 0 or
 *                            the buffer is not in RAM
 *   +0x18 RX_DROPS      r/w  frames dropped because no posted buffer was free or large enough;
 *                            any write clears it
 *   +0x1c CONTROL       r/w  bit 0 receive interrupt enable, bit 1 transmit interrupt enable
 *   +0x20 TX_ADDR       r/w  physical address of the frame to send
 *   +0x24 TX_LEN        r/w  writing starts sending TX_LEN bytes from TX_ADDR (ignored while
 *                            BUSY); reads the last length written
 *   +0x28 TX_STATUS     r    bit 0 BUSY, bit 1 DONE, bits 15..8 result: NET_TX_OK,
 *                            NET_TX_ERR_DMA (not in RAM), NET_TX_ERR_LEN (0 or over NET_MTU)
 *   +0x2c TX_ACK        w    clears DONE
 *   other offsets read 0, writes to them are ignored.
 *
 * Receiving: each scripted frame arrives at its cycle and is DMA'd whole into the oldest posted
 * buffer, then waits for RX_ACK. Transmitting reads the frame from memory when TX_LEN is written
 * and hands it to the host NET_TX_SETUP_CYCLES + NET_TX_BYTE_CYCLES per byte later (10 Mb/s
 * Ethernet: 0.8 µs a byte), when DONE is set. Errors set DONE at once. The line is held while
 * (receive IE and a frame waits) or (transmit IE and DONE).
 *
 * A kernel repossessing a frame calls cancelFrame/cancelWhere to unpost receive buffers in it.
 */
import type { AccessWidth, Device, DeviceContext, DeviceState } from '../device.ts';
import { PAGE_SIZE } from '../memory.ts';
import { DEVICE_WINDOW_SIZE, IRQ_NET, NET_BASE } from './addresses.ts';
import {
  base64ToBytes,
  bytesToBase64,
  registerOffset,
  sliceRegister,
  writeValue,
} from './registers.ts';

export const NET_RX_STATUS = 0x00;
export const NET_RX_LEN = 0x04;
export const NET_RX_ADDR = 0x08;
export const NET_RX_ACK = 0x0c;
export const NET_RX_POST_ADDR = 0x10;
export const NET_RX_POST_SIZE = 0x14;
export const NET_RX_DROPS = 0x18;
export const NET_CONTROL = 0x1c;
export const NET_TX_ADDR = 0x20;
export const NET_TX_LEN = 0x24;
export const NET_TX_STATUS = 0x28;
export const NET_TX_ACK = 0x2c;

export const NET_CONTROL_RX_IE = 1;
export const NET_CONTROL_TX_IE = 2;
export const NET_TX_BUSY = 1;
export const NET_TX_DONE = 2;
export const NET_TX_OK = 0;
export const NET_TX_ERR_DMA = 1;
export const NET_TX_ERR_LEN = 2;

export const NET_MTU = 1514;
export const NET_RX_RING = 16;
export const NET_TX_SETUP_CYCLES = 240;
export const NET_TX_BYTE_CYCLES = 20;

/** A frame and the cycle it arrives (scripted input) or left (transmit log). */
export interface NetFrame {
  at: number;
  bytes: Uint8Array;
}

/** Scripted arrivals in cycle order: a list, or a factory of a fresh (seeded) generator. */
export type NetSource = readonly NetFrame[] | (() => Iterator<NetFrame>);

/** Where transmitted frames go (a log, a test, another machine's inject()). */
export interface NetHost {
  transmit(frame: NetFrame): void;
}

export interface RxBuffer {
  addr: number;
  size: number;
}

interface NetState {
  control: number;
  posted: RxBuffer[];
  waiting: { addr: number; len: number }[];
  drops: number;
  postAddr: number;
  txAddr: number;
  txLen: number;
  txStatus: number;
  txDoneAt: number | null;
  txFrame: string;
  consumed: number;
  injected: { at: number; bytes: string }[];
}

export class NetDevice implements Device {
  readonly name = 'net';
  readonly base = NET_BASE;
  readonly size = DEVICE_WINDOW_SIZE;
  private s: NetState = NetDevice.initial();
  private txFrame: Uint8Array = new Uint8Array(0);
  private injected: NetFrame[] = [];
  private arrivals: Iterator<NetFrame> = [][Symbol.iterator]();
  private generation = 0;

  constructor(
    private readonly ctx: DeviceContext,
    private readonly source: NetSource = [],
    private readonly host: NetHost = { transmit: () => {} },
  ) {
    this.reset();
  }

  private static initial(): NetState {
    return {
      control: 0,
      posted: [],
      waiting: [],
      drops: 0,
      postAddr: 0,
      txAddr: 0,
      txLen: 0,
      txStatus: 0,
      txDoneAt: null,
      txFrame: '',
      consumed: 0,
      injected: [],
    };
  }

  read(offset: number, width: AccessWidth): number {
    return sliceRegister(this.register(registerOffset(offset)), offset, width);
  }

  private register(offset: number): number {
    const s = this.s;
    const head = s.waiting[0];
    switch (offset) {
      case NET_RX_STATUS:
        return (head ? 1 : 0) | (s.posted.length << 8) | (s.waiting.length << 16);
      case NET_RX_LEN:
        return head?.len ?? 0;
      case NET_RX_ADDR:
        return head?.addr ?? 0;
      case NET_RX_POST_ADDR:
        return s.postAddr;
      case NET_RX_DROPS:
        return s.drops;
      case NET_CONTROL:
        return s.control;
      case NET_TX_ADDR:
        return s.txAddr;
      case NET_TX_LEN:
        return s.txLen;
      case NET_TX_STATUS:
        return s.txStatus;
      default:
        return 0;
    }
  }

  write(offset: number, width: AccessWidth, value: number): void {
    const v = writeValue(offset, width, value);
    if (v === null) return;
    const s = this.s;
    if (offset === NET_RX_ACK) s.waiting.shift();
    else if (offset === NET_RX_POST_ADDR) s.postAddr = v >>> 0;
    else if (offset === NET_RX_POST_SIZE) this.post(s.postAddr, v >>> 0);
    else if (offset === NET_RX_DROPS) s.drops = 0;
    else if (offset === NET_CONTROL) s.control = v & (NET_CONTROL_RX_IE | NET_CONTROL_TX_IE);
    else if (offset === NET_TX_ADDR) s.txAddr = v >>> 0;
    else if (offset === NET_TX_LEN) this.startTransmit(v >>> 0);
    else if (offset === NET_TX_ACK) s.txStatus &= ~(NET_TX_DONE | 0xff00);
    this.updateLine();
  }

  /** Host: a frame arrives at cycle `at` (default now), e.g. looped back from another machine. */
  inject(bytes: Uint8Array, at = this.ctx.clock.cycles): void {
    const frame = { at, bytes: bytes.slice() };
    this.injected.push(frame);
    this.scheduleInjected(frame);
  }

  /** The receive buffers currently posted, oldest first. */
  postedBuffers(): readonly RxBuffer[] {
    return this.s.posted.map((b) => ({ ...b }));
  }

  /** Unposts every receive buffer `pred` accepts (no DMA will reach it); returns them. */
  cancelWhere(pred: (buf: RxBuffer) => boolean): RxBuffer[] {
    const gone = this.s.posted.filter((b) => pred({ ...b }));
    this.s.posted = this.s.posted.filter((b) => !gone.includes(b));
    return gone.map((b) => ({ ...b }));
  }

  /** Unposts every receive buffer overlapping physical frame `frame`. */
  cancelFrame(frame: number): RxBuffer[] {
    const lo = frame * PAGE_SIZE;
    const hi = lo + PAGE_SIZE;
    return this.cancelWhere((b) => b.addr < hi && b.addr + b.size > lo);
  }

  reset(): void {
    this.s = NetDevice.initial();
    this.txFrame = new Uint8Array(0);
    this.injected = [];
    this.generation++;
    this.arrivals = this.openSource(0);
    this.scheduleArrival();
    this.updateLine();
  }

  save(): DeviceState {
    return {
      ...structuredClone(this.s),
      txFrame: bytesToBase64(this.txFrame),
      injected: this.injected.map((f) => ({ at: f.at, bytes: bytesToBase64(f.bytes) })),
    };
  }

  /** Restores after the clock; the source must be the one the saved device was built with. */
  restore(state: DeviceState): void {
    this.s = structuredClone(state as unknown as NetState);
    this.txFrame = base64ToBytes(this.s.txFrame);
    this.injected = this.s.injected.map((f) => ({ at: f.at, bytes: base64ToBytes(f.bytes) }));
    this.generation++;
    this.arrivals = this.openSource(this.s.consumed);
    this.scheduleArrival();
    for (const frame of this.injected) this.scheduleInjected(frame);
    if (this.s.txDoneAt !== null) this.scheduleTxDone(this.s.txDoneAt);
    this.updateLine();
  }

  private post(addr: number, size: number): void {
    const s = this.s;
    if (s.posted.length + s.waiting.length >= NET_RX_RING) return;
    if (size === 0 || !this.ctx.memory.contains(addr, size)) return;
    s.posted.push({ addr, size });
  }

  /** DMA's an arriving frame into the oldest posted buffer, or counts a drop. */
  private receive(bytes: Uint8Array): void {
    const s = this.s;
    const buf = s.posted[0];
    if (!buf || bytes.length > buf.size) {
      s.drops = (s.drops + 1) | 0;
      return;
    }
    s.posted.shift();
    this.ctx.memory.writeBytes(buf.addr, bytes);
    s.waiting.push({ addr: buf.addr, len: bytes.length });
    this.updateLine();
  }

  private startTransmit(len: number): void {
    const s = this.s;
    if ((s.txStatus & NET_TX_BUSY) !== 0) return;
    s.txLen = len;
    let result = NET_TX_OK;
    if (len === 0 || len > NET_MTU) result = NET_TX_ERR_LEN;
    else if (!this.ctx.memory.contains(s.txAddr, len)) result = NET_TX_ERR_DMA;
    if (result !== NET_TX_OK) {
      s.txStatus = NET_TX_DONE | (result << 8);
      return;
    }
    this.txFrame = this.ctx.memory.readBytes(s.txAddr, len);
    s.txStatus = NET_TX_BUSY;
    this.scheduleTxDone(this.ctx.clock.cycles + NET_TX_SETUP_CYCLES + len * NET_TX_BYTE_CYCLES);
  }

  private scheduleTxDone(at: number): void {
    const generation = this.generation;
    this.s.txDoneAt = at;
    this.ctx.clock.schedule(at, () => {
      if (generation !== this.generation) return;
      this.s.txDoneAt = null;
      this.s.txStatus = NET_TX_DONE;
      this.host.transmit({ at, bytes: this.txFrame });
      this.txFrame = new Uint8Array(0);
      this.updateLine();
    });
  }

  /** A fresh iterator over the script with its first `skip` frames consumed. */
  private openSource(skip: number): Iterator<NetFrame> {
    const src = this.source;
    const it = typeof src === 'function' ? src() : src[Symbol.iterator]();
    for (let i = 0; i < skip; i++) it.next();
    return it;
  }

  private scheduleArrival(): void {
    const next = this.arrivals.next();
    if (next.done) return;
    const generation = this.generation;
    this.ctx.clock.schedule(next.value.at, () => {
      if (generation !== this.generation) return;
      this.s.consumed++;
      this.receive(next.value.bytes);
      this.scheduleArrival();
    });
  }

  private scheduleInjected(frame: NetFrame): void {
    const generation = this.generation;
    this.ctx.clock.schedule(frame.at, () => {
      if (generation !== this.generation) return;
      this.injected.splice(this.injected.indexOf(frame), 1);
      this.receive(frame.bytes);
    });
  }

  private updateLine(): void {
    const s = this.s;
    const rx = (s.control & NET_CONTROL_RX_IE) !== 0 && s.waiting.length > 0;
    const tx = (s.control & NET_CONTROL_TX_IE) !== 0 && (s.txStatus & NET_TX_DONE) !== 0;
    if (rx || tx) this.ctx.irq.raise(IRQ_NET);
    else this.ctx.irq.lower(IRQ_NET);
  }
}
