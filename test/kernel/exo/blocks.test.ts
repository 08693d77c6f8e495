/**
 * Disk blocks: the same ownership and capability rules as frames. Transfers move a whole block
 * to or from a whole frame by DMA; both capabilities are checked first, and a refused call
 * queues nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../../kernel/caps/index.ts';
import { BLOCK_BYTES } from '../../../kernel/exo/blocks.ts';
import {
  E_BADCAP,
  E_BUSY,
  E_INVAL,
  E_NOMEM,
  E_OK,
  E_RIGHTS,
  E_STALE,
} from '../../../kernel/exo/errors.ts';
import { Exokernel, type ExokernelOptions } from '../../../kernel/exo/kernel.ts';
import { DISK_ERR_CANCELLED, DISK_OK } from '../../../machine/devices/disk.ts';
import { sparseStore } from '../../../machine/devices/disk-store.ts';
import { bootWith } from './helpers.ts';

const PAGE_A = 0x10000000;
const PAGE_B = 0x10001000;

function setup(options: ExokernelOptions = {}) {
  const kernel = new Exokernel({ memoryBytes: 4 << 20, ...options });
  const env = kernel.createEnv('disk')!;
  const api = kernel.calls.apiFor(env);
  const a = api.call('frame_alloc');
  const b = api.call('frame_alloc');
  api.call('bind', PAGE_A, a.cap!, 1);
  api.call('bind', PAGE_B, b.cap!, 1);
  const block = api.call('block_alloc');
  return { kernel, env, api, frameA: a.cap!, frameB: b.cap!, block: block.cap! };
}

const queued = (kernel: Exokernel) => kernel.machine.disk.pendingRequests().length;

describe('disk blocks', () => {
  it('writes a frame to a block and reads it back into another frame', () => {
    const { kernel, env, api, frameA, frameB, block } = setup();
    for (let i = 0; i < 1024; i++) api.writeWord(PAGE_A + 4 * i, i * 0x01010101);
    const w = api.call('block_write', block, frameA);
    expect(w.error).toBe(E_OK);
    expect(api.call('block_poll', w.value).error).toBe(E_BUSY);
    const start = kernel.cycles;
    expect(kernel.blocks.waitFor(env, w.value)).toEqual({ value: DISK_OK, error: E_OK });
    expect(kernel.cycles - start).toBeGreaterThanOrEqual(50_000 + 8 * 3_200);
    const r = api.call('block_read', block, frameB);
    expect(kernel.blocks.waitFor(env, r.value)).toEqual({ value: DISK_OK, error: E_OK });
    for (let i = 0; i < 1024; i += 97)
      expect(api.readWord(PAGE_B + 4 * i)).toBe((i * 0x01010101) | 0);
    const onDisk = kernel.machine.disk.store.read(block.index * 8, 8);
    expect(onDisk.length).toBe(BLOCK_BYTES);
    expect(new DataView(onDisk.buffer).getInt32(4 * 5, true)).toBe(5 * 0x01010101);
    // A result is collected once.
    expect(api.call('block_poll', r.value).error).toBe(E_INVAL);
  });

  it('checks both capabilities, and a refused transfer queues nothing', () => {
    const { kernel, api, frameA, block } = setup();
    const readOnlyBlock = api.call('cap_narrow', block, 1).cap!;
    const writeOnlyBlock = api.call('cap_narrow', block, 2).cap!;
    const readOnlyFrame = api.call('cap_narrow', frameA, 1).cap!;
    const writeOnlyFrame = api.call('cap_narrow', frameA, 2).cap!;
    const forged: Capability = { ...block, macLo: (block.macLo ^ 1) >>> 0 };
    const cases: [string, Capability, Capability, number][] = [
      ['block_write', readOnlyBlock, frameA, E_RIGHTS],
      ['block_read', writeOnlyBlock, frameA, E_RIGHTS],
      ['block_read', block, readOnlyFrame, E_RIGHTS],
      ['block_write', block, writeOnlyFrame, E_RIGHTS],
      ['block_write', forged, frameA, E_BADCAP],
      ['block_read', frameA, frameA, E_BADCAP],
      ['block_read', block, block, E_BADCAP],
    ];
    for (const [call, b, f, error] of cases) {
      expect(api.call(call, b, f).error, `${call} ${error}`).toBe(error);
    }
    expect(api.call('block_read', 5, frameA).error).toBe(E_BADCAP);
    expect(queued(kernel)).toBe(0);
    // The narrowed rights that do suffice.
    expect(api.call('block_write', readOnlyBlock, readOnlyFrame).error).toBe(E_RIGHTS);
    expect(api.call('block_write', writeOnlyBlock, readOnlyFrame).error).toBe(E_OK);
    expect(api.call('block_read', readOnlyBlock, writeOnlyFrame).error).toBe(E_OK);
    expect(queued(kernel)).toBe(2);
  });

  it('freeing a block needs GRANT, cancels its transfers and makes its capabilities stale', () => {
    const { kernel, env, api, frameA, block } = setup();
    const other = kernel.calls.apiFor(kernel.createEnv('other')!);
    const id = api.call('block_write', block, frameA).value;
    const noGrant = api.call('cap_narrow', block, 3).cap!;
    expect(api.call('block_free', noGrant).error).toBe(E_RIGHTS);
    expect(other.call('block_poll', id).error).toBe(E_INVAL);
    expect(api.call('block_free', block).error).toBe(E_OK);
    expect(api.call('block_poll', id)).toEqual({ value: DISK_ERR_CANCELLED, error: E_OK });
    expect(queued(kernel)).toBe(0);
    expect(api.call('block_write', block, frameA).error).toBe(E_STALE);
    expect(api.call('block_free', block).error).toBe(E_STALE);
    expect(kernel.blocks.table.ownerOf(block.index)).toBe('free');
    expect(kernel.blocks.waitFor(env, 12345).error).toBe(E_INVAL);
  });

  it('freeing a frame cancels the DMA queued to it', () => {
    const { kernel, api, frameA, frameB, block } = setup();
    const toA = api.call('block_read', block, frameA).value;
    const fromB = api.call('block_write', block, frameB).value;
    expect(api.call('frame_free', frameA).error).toBe(E_OK);
    expect(api.call('block_poll', toA)).toEqual({ value: DISK_ERR_CANCELLED, error: E_OK });
    expect(kernel.machine.disk.pendingRequests().map((r) => r.tag)).toEqual([fromB]);
  });

  it('runs out of blocks with E_NOMEM and of queue slots with E_BUSY', () => {
    const { kernel, api, frameA } = setup({ disk: sparseStore(24) });
    expect(kernel.blocks.table.size).toBe(3);
    const more = [api.call('block_alloc'), api.call('block_alloc')];
    expect(more.map((m) => m.error)).toEqual([E_OK, E_OK]);
    expect(api.call('block_alloc').error).toBe(E_NOMEM);
    for (let i = 0; i < 16; i++)
      expect(api.call('block_write', more[0].cap!, frameA).error).toBe(E_OK);
    expect(api.call('block_write', more[0].cap!, frameA).error).toBe(E_BUSY);
    expect(queued(kernel)).toBe(16);
  });

  it('an ended environment gives its blocks back', () => {
    const { kernel, env, block } = setup();
    kernel.endEnv(env, 'exited', 'done');
    expect(kernel.blocks.table.ownerOf(block.index)).toBe('free');
  });

  it('works from MIPS code: allocate, write, poll until done', () => {
    const { kernel, env } = bootWith(`
        .text
main:   li    $v0, 0x102          # frame_alloc(&fcap)
        la    $a0, fcap
        syscall
        li    $v0, 0x150          # block_alloc(&bcap)
        la    $a0, bcap
        syscall
        move  $s0, $v0
        li    $v0, 0x153          # block_write(&bcap, &fcap)
        la    $a0, bcap
        la    $a1, fcap
        syscall
        move  $s1, $v0
        move  $s2, $v1
poll:   li    $v0, 0x154          # block_poll(id)
        move  $a0, $s1
        syscall
        li    $t0, ${E_BUSY}
        beq   $v1, $t0, poll
        nop
        move  $s3, $v0
        move  $s4, $v1
        li    $v0, 0x101
        li    $a0, 0
        syscall
        .data
fcap:   .space 16
bcap:   .space 16
`);
    expect(kernel.run(1_000_000).reason).toBe('halted');
    const r = env.context.regs;
    expect(r[18]).toBe(E_OK);
    expect(r[17]).toBeGreaterThan(0);
    expect([r[19], r[20]]).toEqual([DISK_OK, E_OK]);
    expect(kernel.cycles).toBeGreaterThan(75_000);
  });
});
