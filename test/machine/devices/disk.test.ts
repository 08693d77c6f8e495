import { describe, expect, it } from 'vitest';
import { IRQ_DISK } from '../../../machine/devices/addresses.ts';
import {
  DISK_ACK,
  DISK_CAPACITY,
  DISK_CMD_READ,
  DISK_CMD_WRITE,
  DISK_COMMAND,
  DISK_CONTROL,
  DISK_COUNT,
  DISK_DONE_RESULT,
  DISK_DONE_TAG,
  DISK_ERR_CANCELLED,
  DISK_ERR_DMA,
  DISK_ERR_SECTOR,
  DISK_OK,
  DISK_PADDR,
  DISK_QUEUE_DEPTH,
  DISK_SECTOR,
  DISK_STATUS,
  DISK_TAG,
  DiskDevice,
  diskRequestCycles,
} from '../../../machine/devices/disk.ts';
import { sparseStore } from '../../../machine/devices/disk-store.ts';
import { context, runTo } from './context.ts';

function fresh(image = new Uint8Array(64 * 512)) {
  const ctx = context();
  const disk = new DiskDevice(ctx, image);
  disk.reset();
  disk.write(DISK_CONTROL, 4, 1);
  return { ctx, disk, image };
}

/** Queues a request through the registers; returns its tag. */
function submit(disk: DiskDevice, cmd: number, sector: number, paddr: number, count: number) {
  disk.write(DISK_SECTOR, 4, sector);
  disk.write(DISK_PADDR, 4, paddr);
  disk.write(DISK_COUNT, 4, count);
  disk.write(DISK_COMMAND, 4, cmd);
  return disk.read(DISK_TAG, 4);
}

describe('DiskDevice', () => {
  it('reads sectors into memory by DMA after the documented time', () => {
    const { ctx, disk, image } = fresh();
    image.fill(0xab, 3 * 512, 5 * 512);
    expect(disk.read(DISK_CAPACITY, 4)).toBe(64);
    const tag = submit(disk, DISK_CMD_READ, 3, 0x2000, 2);
    expect(tag).toBe(1);
    expect(disk.read(DISK_STATUS, 4)).toBe(0x101);
    const done = diskRequestCycles(2);
    runTo(ctx, done - 1);
    expect(ctx.memory.u8[0x2000]).toBe(0);
    expect(ctx.irq.isRaised(IRQ_DISK)).toBe(false);
    runTo(ctx, done);
    expect(ctx.irq.isRaised(IRQ_DISK)).toBe(true);
    expect(ctx.memory.u8[0x2000]).toBe(0xab);
    expect(ctx.memory.u8[0x2000 + 1023]).toBe(0xab);
    expect(ctx.memory.u8[0x2000 + 1024]).toBe(0);
    expect(disk.read(DISK_STATUS, 4)).toBe(0x10002);
    expect(disk.read(DISK_DONE_TAG, 4)).toBe(tag);
    expect(disk.read(DISK_DONE_RESULT, 4)).toBe(DISK_OK);
    disk.write(DISK_ACK, 4, 0);
    expect(ctx.irq.isRaised(IRQ_DISK)).toBe(false);
    expect(disk.read(DISK_STATUS, 4)).toBe(0);
  });

  it('round-trips a write then a read, served in order', () => {
    const ctx = context();
    const store = sparseStore(1000);
    const disk = new DiskDevice(ctx, store);
    disk.reset();
    ctx.memory.u8.set([1, 2, 3, 4], 0x1000);
    const w = submit(disk, DISK_CMD_WRITE, 900, 0x1000, 1);
    const r = submit(disk, DISK_CMD_READ, 900, 0x3000, 1);
    runTo(ctx, diskRequestCycles(1));
    expect(store.written()).toEqual([900]);
    expect(disk.read(DISK_DONE_TAG, 4)).toBe(w);
    expect(ctx.memory.u8[0x3000]).toBe(0);
    runTo(ctx, 2 * diskRequestCycles(1));
    disk.write(DISK_ACK, 4, 0);
    expect(disk.read(DISK_DONE_TAG, 4)).toBe(r);
    expect([...ctx.memory.u8.subarray(0x3000, 0x3004)]).toEqual([1, 2, 3, 4]);
  });

  it('reports DMA outside RAM and sectors past the end as errors', () => {
    const { ctx, disk } = fresh();
    submit(disk, DISK_CMD_READ, 0, 0xffff0000, 1);
    submit(disk, DISK_CMD_READ, 63, 0, 2);
    runTo(ctx, 2 * diskRequestCycles(2));
    expect(disk.read(DISK_DONE_RESULT, 4)).toBe(DISK_ERR_DMA);
    disk.write(DISK_ACK, 4, 0);
    expect(disk.read(DISK_DONE_RESULT, 4)).toBe(DISK_ERR_SECTOR);
  });

  it('refuses unknown commands and a full queue', () => {
    const { disk } = fresh();
    expect(submit(disk, 7, 0, 0, 1)).toBe(0);
    for (let i = 0; i < DISK_QUEUE_DEPTH; i++) expect(submit(disk, 1, 0, 0, 1)).toBe(i + 1);
    expect(submit(disk, 1, 0, 0, 1)).toBe(0);
  });

  it('cancels queued DMA to a repossessed frame, including the one in service', () => {
    const { ctx, disk, image } = fresh();
    image.fill(0x55);
    const a = submit(disk, DISK_CMD_READ, 0, 0x2000, 1); // frame 2, in service
    const b = submit(disk, DISK_CMD_READ, 0, 0x4000, 1); // frame 4
    const c = submit(disk, DISK_CMD_READ, 0, 0x1e00, 2); // overlaps frame 2
    runTo(ctx, 100);
    const cancelled = disk.cancelFrame(2);
    expect(cancelled.map((r) => r.tag)).toEqual([a, c]);
    expect(disk.pendingRequests().map((r) => r.tag)).toEqual([b]);
    expect(disk.read(DISK_DONE_RESULT, 4)).toBe(DISK_ERR_CANCELLED);
    runTo(ctx, 100 + diskRequestCycles(1));
    expect(ctx.memory.u8[0x2000]).toBe(0);
    expect(ctx.memory.u8[0x1fff]).toBe(0);
    expect(ctx.memory.u8[0x4000]).toBe(0x55);
  });

  it('save and restore continue identically', () => {
    const a = fresh();
    a.image.fill(7);
    submit(a.disk, DISK_CMD_READ, 1, 0x100, 1);
    submit(a.disk, DISK_CMD_READ, 2, 0x800, 3);
    runTo(a.ctx, 1000);
    const state = JSON.parse(JSON.stringify(a.disk.save()));
    const b = fresh(a.image);
    b.ctx.clock.cycles = 1000;
    b.disk.restore(state);
    for (const { ctx, disk } of [a, b]) {
      runTo(ctx, diskRequestCycles(1) + diskRequestCycles(3));
      expect(disk.read(DISK_STATUS, 4)).toBe(0x20002);
      expect(ctx.memory.u8[0x800 + 3 * 512 - 1]).toBe(7);
      expect(ctx.irq.isRaised(IRQ_DISK)).toBe(true);
    }
  });
});
