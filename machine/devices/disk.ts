/**
 * A block disk with DMA and a request queue. Window at DISK_BASE (addresses.ts), interrupt
 * line IRQ_DISK (IP4, Cause bit 12).
 *
 *   +0x00 SECTOR       r/w  first sector of the next request
 *   +0x04 PADDR        r/w  physical address of its DMA buffer
 *   +0x08 COUNT        r/w  number of 512-byte sectors, 1..DISK_MAX_COUNT
 *   +0x0c COMMAND      w    1 READ (disk to memory) or 2 WRITE (memory to disk): queues a
 *                           request from SECTOR, PADDR, COUNT; reads 0
 *   +0x10 TAG          r    tag (1, 2, …) of the request the last COMMAND queued; 0 if it was
 *                           refused (unknown command, or DISK_QUEUE_DEPTH requests plus
 *                           unacknowledged completions already outstanding)
 *   +0x14 STATUS       r    bit 0 BUSY (a request is in service), bit 1 DONE (a completion
 *                           waits), bits 15..8 queued requests, bits 23..16 waiting completions
 *   +0x18 CONTROL      r/w  bit 0 interrupt enable
 *   +0x1c DONE_TAG     r    tag of the oldest waiting completion, 0 if none
 *   +0x20 DONE_RESULT  r    its result: DISK_OK, DISK_ERR_SECTOR, DISK_ERR_DMA, DISK_ERR_COUNT,
 *                           DISK_ERR_CANCELLED
 *   +0x24 ACK          w    drops the oldest completion
 *   +0x28 CAPACITY     r    size of the disk in sectors
 *   other offsets read 0, writes to them are ignored.
 *
 * Requests are served one at a time in FIFO order. One takes DISK_SEEK_CYCLES (2 ms: seek and
 * rotation of a mid-90s disk) plus DISK_SECTOR_CYCLES per sector (512 bytes at 4 MB/s is
 * 128 µs), counted from when its service starts. The DMA happens at the completion cycle, all
 * at once, bounds-checked: a buffer outside RAM completes with DISK_ERR_DMA and copies nothing.
 * The line is held while CONTROL.IE is set and a completion waits.
 *
 * The host owns the backing store (an image Uint8Array or a sparse store) and its file; save()
 * holds the queue and completions, not the disk's contents. A kernel that repossesses a frame
 * calls cancelFrame or cancelWhere so no queued DMA touches it; cancelled requests complete
 * at once with DISK_ERR_CANCELLED.
 */
import type { AccessWidth, Device, DeviceContext, DeviceState } from '../device.ts';
import { PAGE_SIZE } from '../memory.ts';
import { DEVICE_WINDOW_SIZE, DISK_BASE, IRQ_DISK } from './addresses.ts';
import { type DiskStore, imageStore } from './disk-store.ts';
import { registerOffset, sliceRegister, writeValue } from './registers.ts';

export const DISK_SECTOR = 0x00;
export const DISK_PADDR = 0x04;
export const DISK_COUNT = 0x08;
export const DISK_COMMAND = 0x0c;
export const DISK_TAG = 0x10;
export const DISK_STATUS = 0x14;
export const DISK_CONTROL = 0x18;
export const DISK_DONE_TAG = 0x1c;
export const DISK_DONE_RESULT = 0x20;
export const DISK_ACK = 0x24;
export const DISK_CAPACITY = 0x28;

export const DISK_CMD_READ = 1;
export const DISK_CMD_WRITE = 2;
export const DISK_STATUS_BUSY = 1;
export const DISK_STATUS_DONE = 2;
export const DISK_CONTROL_IE = 1;

export const DISK_OK = 0;
export const DISK_ERR_SECTOR = 1;
export const DISK_ERR_DMA = 2;
export const DISK_ERR_COUNT = 3;
export const DISK_ERR_CANCELLED = 4;

export const SECTOR_SIZE = 512;
export const DISK_MAX_COUNT = 128;
export const DISK_QUEUE_DEPTH = 16;
export const DISK_SEEK_CYCLES = 50_000;
export const DISK_SECTOR_CYCLES = 3_200;

export interface DiskRequest {
  tag: number;
  command: typeof DISK_CMD_READ | typeof DISK_CMD_WRITE;
  sector: number;
  paddr: number;
  count: number;
}

export interface DiskCompletion {
  tag: number;
  result: number;
}

export interface DiskState extends DeviceState {
  sector: number;
  paddr: number;
  count: number;
  lastTag: number;
  nextTag: number;
  control: number;
  queue: DiskRequest[];
  /** Cycle at which the head of the queue completes, or null when idle. */
  doneAt: number | null;
  completions: DiskCompletion[];
}

/** Device cycles a request of `count` sectors takes once its service starts. */
export function diskRequestCycles(count: number): number {
  return DISK_SEEK_CYCLES + count * DISK_SECTOR_CYCLES;
}

export class DiskDevice implements Device {
  readonly name = 'disk';
  readonly base = DISK_BASE;
  readonly size = DEVICE_WINDOW_SIZE;
  readonly store: DiskStore;
  private s: DiskState = DiskDevice.initial();
  private generation = 0;

  constructor(
    private readonly ctx: DeviceContext,
    store: DiskStore | Uint8Array,
  ) {
    this.store = store instanceof Uint8Array ? imageStore(store) : store;
  }

  private static initial(): DiskState {
    return {
      sector: 0,
      paddr: 0,
      count: 0,
      lastTag: 0,
      nextTag: 1,
      control: 0,
      queue: [],
      doneAt: null,
      completions: [],
    };
  }

  read(offset: number, width: AccessWidth): number {
    return sliceRegister(this.register(registerOffset(offset)), offset, width);
  }

  private register(offset: number): number {
    const s = this.s;
    const head = s.completions[0];
    switch (offset) {
      case DISK_SECTOR:
        return s.sector;
      case DISK_PADDR:
        return s.paddr;
      case DISK_COUNT:
        return s.count;
      case DISK_TAG:
        return s.lastTag;
      case DISK_STATUS:
        return (
          (s.queue.length > 0 ? DISK_STATUS_BUSY : 0) |
          (head ? DISK_STATUS_DONE : 0) |
          (s.queue.length << 8) |
          (s.completions.length << 16)
        );
      case DISK_CONTROL:
        return s.control;
      case DISK_DONE_TAG:
        return head?.tag ?? 0;
      case DISK_DONE_RESULT:
        return head?.result ?? 0;
      case DISK_CAPACITY:
        return this.store.sectors;
      default:
        return 0;
    }
  }

  write(offset: number, width: AccessWidth, value: number): void {
    const v = writeValue(offset, width, value);
    if (v === null) return;
    const s = this.s;
    if (offset === DISK_SECTOR) s.sector = v >>> 0;
    else if (offset === DISK_PADDR) s.paddr = v >>> 0;
    else if (offset === DISK_COUNT) s.count = v >>> 0;
    else if (offset === DISK_COMMAND) s.lastTag = this.submit(v);
    else if (offset === DISK_CONTROL) s.control = v & DISK_CONTROL_IE;
    else if (offset === DISK_ACK) s.completions.shift();
    this.updateLine();
  }

  /** Queues a request from the registers; returns its tag, or 0 when refused. */
  private submit(command: number): number {
    const s = this.s;
    if (command !== DISK_CMD_READ && command !== DISK_CMD_WRITE) return 0;
    if (s.queue.length + s.completions.length >= DISK_QUEUE_DEPTH) return 0;
    const tag = s.nextTag;
    s.nextTag = (s.nextTag % 0x7fffffff) + 1;
    s.queue.push({ tag, command, sector: s.sector, paddr: s.paddr, count: s.count });
    if (s.queue.length === 1) this.startHead();
    return tag;
  }

  /** The requests not yet completed, oldest (the one in service) first. */
  pendingRequests(): readonly DiskRequest[] {
    return this.s.queue.map((r) => ({ ...r }));
  }

  /**
   * Cancels every pending request `pred` accepts, before any of its DMA happens; each
   * completes with DISK_ERR_CANCELLED. Returns the cancelled requests.
   */
  cancelWhere(pred: (req: DiskRequest) => boolean): DiskRequest[] {
    const s = this.s;
    const cancelled = s.queue.filter((r) => pred({ ...r }));
    if (cancelled.length === 0) return [];
    const headCancelled = cancelled.includes(s.queue[0]);
    s.queue = s.queue.filter((r) => !cancelled.includes(r));
    for (const r of cancelled) s.completions.push({ tag: r.tag, result: DISK_ERR_CANCELLED });
    if (headCancelled) this.startHead();
    this.updateLine();
    return cancelled.map((r) => ({ ...r }));
  }

  /** Cancels every pending request whose DMA buffer overlaps physical frame `frame`. */
  cancelFrame(frame: number): DiskRequest[] {
    const lo = frame * PAGE_SIZE;
    const hi = lo + PAGE_SIZE;
    return this.cancelWhere((r) => r.paddr < hi && r.paddr + r.count * SECTOR_SIZE > lo);
  }

  reset(): void {
    this.s = DiskDevice.initial();
    this.generation++;
    this.updateLine();
  }

  save(): DiskState {
    return structuredClone(this.s);
  }

  restore(state: DeviceState): void {
    this.s = structuredClone(state as DiskState);
    this.generation++;
    if (this.s.doneAt !== null) this.schedule(this.s.doneAt);
    this.updateLine();
  }

  /** Starts serving the head of the queue now (or goes idle). */
  private startHead(): void {
    this.generation++;
    const head = this.s.queue[0];
    this.s.doneAt = head ? this.ctx.clock.cycles + diskRequestCycles(head.count) : null;
    if (this.s.doneAt !== null) this.schedule(this.s.doneAt);
  }

  private schedule(at: number): void {
    const generation = this.generation;
    this.ctx.clock.schedule(at, () => {
      if (generation !== this.generation) return;
      const req = this.s.queue.shift()!;
      this.s.completions.push({ tag: req.tag, result: this.transfer(req) });
      this.startHead();
      this.updateLine();
    });
  }

  /** Performs a request's DMA; returns its result code. Never throws. */
  private transfer(req: DiskRequest): number {
    if (req.count < 1 || req.count > DISK_MAX_COUNT) return DISK_ERR_COUNT;
    if (req.sector + req.count > this.store.sectors) return DISK_ERR_SECTOR;
    const bytes = req.count * SECTOR_SIZE;
    if (!this.ctx.memory.contains(req.paddr, bytes)) return DISK_ERR_DMA;
    if (req.command === DISK_CMD_READ) {
      this.ctx.memory.writeBytes(req.paddr, this.store.read(req.sector, req.count));
    } else {
      this.store.write(req.sector, this.ctx.memory.readBytes(req.paddr, bytes));
    }
    return DISK_OK;
  }

  private updateLine(): void {
    const on = (this.s.control & DISK_CONTROL_IE) !== 0 && this.s.completions.length > 0;
    if (on) this.ctx.irq.raise(IRQ_DISK);
    else this.ctx.irq.lower(IRQ_DISK);
  }
}
