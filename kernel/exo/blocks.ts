/**
 * Disk blocks with the same ownership and capability rules as frames (DESIGN.md section 4,
 * "Secure bindings"). A block is BLOCK_BYTES (one page, SECTORS_PER_BLOCK sectors) of the disk;
 * a ResourceTable of kind 'block' records its owner and epoch, and capabilities name it.
 *
 *   block_alloc            a free block and a capability with every right
 *   block_free(b)          needs GRANT on b; its queued transfers are cancelled, its epoch bumped
 *   block_read(b, f)       disk -> memory: READ on the block, WRITE on the frame
 *   block_write(b, f)      memory -> disk: WRITE on the block, READ on the frame
 *   block_poll(id)         E_BUSY while the transfer is queued, then once its disk result
 *                          (DISK_OK 0, DISK_ERR_CANCELLED 4, …); only the environment that
 *                          queued it may poll it
 *
 * A transfer is one disk request of a whole block with DMA to or from a whole frame; its id is
 * the disk's tag. Both capabilities are checked before anything is queued. The kernel drives
 * the disk through its registers and drains completions itself (CONTROL.IE stays off), on every
 * block call. Breaking a frame's bindings cancels queued DMA to it (kernel.releaseFrame and the
 * abort protocol call disk.cancelFrame), so DMA never lands in a frame its requester lost.
 *
 * TypeScript library OSes may also wait for a transfer (waitFor): the CPU idles until the disk
 * completes it, which is how a revocation handler pays for writing dirty pages (revoke.ts).
 */

import {
  DISK_ACK,
  DISK_CMD_READ,
  DISK_CMD_WRITE,
  DISK_COMMAND,
  DISK_COUNT,
  DISK_DONE_RESULT,
  DISK_DONE_TAG,
  DISK_PADDR,
  DISK_SECTOR,
  DISK_TAG,
  SECTOR_SIZE,
} from '../../machine/devices/disk.ts';
import { PAGE_SIZE } from '../../machine/memory.ts';
import {
  type Capability,
  ResourceTable,
  RIGHT_GRANT,
  RIGHT_READ,
  RIGHT_WRITE,
} from '../caps/index.ts';
import { type CallImpl, checkCap } from './cap-check.ts';
import { COSTS } from './costs.ts';
import type { Environment } from './env.ts';
import { type CallResult, E_BUSY, E_DEADLINE, E_INVAL, E_NOMEM, fail, ok } from './errors.ts';
import { idleUntil } from './idle.ts';
import type { Exokernel } from './kernel.ts';

export const BLOCK_BYTES = PAGE_SIZE;
export const SECTORS_PER_BLOCK = BLOCK_BYTES / SECTOR_SIZE;

/** One queued or completed transfer, until its requester collects the result. */
export interface BlockRequest {
  readonly id: number;
  readonly env: number;
  readonly block: number;
  readonly frame: number;
  readonly command: 'read' | 'write';
  /** The disk's result code once complete, null while queued. */
  result: number | null;
}

export class Blocks {
  readonly table: ResourceTable;
  private readonly requests = new Map<number, BlockRequest>();

  constructor(private readonly kernel: Exokernel) {
    const sectors = kernel.machine.disk.store.sectors;
    this.table = new ResourceTable('block', Math.floor(sectors / SECTORS_PER_BLOCK), kernel.secret);
  }

  private get cpu() {
    return this.kernel.machine.cpu;
  }

  /** The kernel calls of this module, for the call table. */
  calls(): Record<string, CallImpl<Environment>> {
    return {
      block_alloc: (env) => this.alloc(env),
      block_free: (env, [cap]) => this.free(env, cap as Capability),
      block_read: (env, [b, f]) => this.transfer(env, b as Capability, f as Capability, 'read'),
      block_write: (env, [b, f]) => this.transfer(env, b as Capability, f as Capability, 'write'),
      block_poll: (env, [id]) => this.poll(env, id as number),
    };
  }

  alloc(env: Environment): CallResult & { cap?: Capability } {
    this.cpu.charge(COSTS.capabilityMint);
    const got = this.table.allocate(env.id);
    if (got === null) return fail(E_NOMEM);
    this.kernel.event('block', env.id, `allocated block ${got.index}`);
    return { ...ok(got.index), cap: got.cap };
  }

  free(env: Environment, cap: Capability): CallResult {
    const checked = checkCap(this.cpu, this.table, cap, RIGHT_GRANT);
    if (checked.error) return checked;
    this.release(cap.index);
    this.kernel.event('block', env.id, `freed block ${cap.index}`);
    return ok();
  }

  /** Frees an owned block: cancels its queued transfers, bumps its epoch. */
  private release(block: number): void {
    const lo = block * SECTORS_PER_BLOCK;
    this.kernel.machine.disk.cancelWhere(
      (r) => r.sector < lo + SECTORS_PER_BLOCK && r.sector + r.count > lo,
    );
    this.drain();
    this.table.free(block);
  }

  /** Frees every block `env` owns (the environment ended). */
  releaseAll(env: Environment): void {
    for (const block of this.table.ownedBy(env.id)) this.release(block);
  }

  /** Queues a whole-block transfer after checking both capabilities; returns its id. */
  transfer(
    env: Environment,
    block: Capability,
    frame: Capability,
    command: 'read' | 'write',
  ): CallResult {
    const reading = command === 'read';
    const b = checkCap(this.cpu, this.table, block, reading ? RIGHT_READ : RIGHT_WRITE);
    if (b.error) return b;
    const f = checkCap(this.cpu, this.kernel.frames, frame, reading ? RIGHT_WRITE : RIGHT_READ);
    if (f.error) return f;
    this.cpu.charge(COSTS.diskQueue);
    let id = this.submit(block.index, frame.index, reading);
    if (id === 0) {
      this.drain(); // completions count against the disk's queue depth
      id = this.submit(block.index, frame.index, reading);
    }
    if (id === 0) return fail(E_BUSY);
    this.requests.set(id, {
      id,
      env: env.id,
      block: block.index,
      frame: frame.index,
      command,
      result: null,
    });
    this.kernel.event(
      'block',
      env.id,
      `${command} block ${block.index} <-> frame ${frame.index} queued (#${id})`,
    );
    return ok(id);
  }

  /** Programs the disk's registers for one request; its tag, or 0 if the disk refused it. */
  private submit(block: number, frame: number, reading: boolean): number {
    const disk = this.kernel.machine.disk;
    disk.write(DISK_SECTOR, 4, block * SECTORS_PER_BLOCK);
    disk.write(DISK_PADDR, 4, frame * PAGE_SIZE);
    disk.write(DISK_COUNT, 4, SECTORS_PER_BLOCK);
    disk.write(DISK_COMMAND, 4, reading ? DISK_CMD_READ : DISK_CMD_WRITE);
    return disk.read(DISK_TAG, 4);
  }

  /**
   * Collects the disk's waiting completions into the requests they finish. Device events already
   * due are fired first: inside a trap the clock is current (cpu.run sets it before the trap), but
   * the main loop would only fire them at the end of the CPU's slice, so a program polling in a
   * loop would never see its transfer finish.
   */
  drain(): void {
    const machine = this.kernel.machine;
    // A revocation deadline due now must not abort from inside a trap (revoke.ts).
    this.kernel.revoker.deferDeadlines = true;
    machine.clock.fireDue();
    this.kernel.revoker.deferDeadlines = false;
    const disk = machine.disk;
    for (let tag = disk.read(DISK_DONE_TAG, 4); tag !== 0; tag = disk.read(DISK_DONE_TAG, 4)) {
      const result = disk.read(DISK_DONE_RESULT, 4);
      disk.write(DISK_ACK, 4, 0);
      const req = this.requests.get(tag);
      if (req === undefined) continue;
      req.result = result;
      this.kernel.event('block', req.env, `${req.command} #${tag} completed: result ${result}`);
    }
  }

  poll(env: Environment, id: number): CallResult {
    this.drain();
    const req = this.requests.get(id);
    if (req === undefined || req.env !== env.id) return fail(E_INVAL);
    if (req.result === null) return fail(E_BUSY);
    this.requests.delete(id);
    return ok(req.result);
  }

  /**
   * For TypeScript library OSes: idles the CPU until transfer `id` completes (then as poll) or
   * the clock reaches `limit` (E_DEADLINE). Not a kernel call: MIPS code polls. Must not be
   * called from inside a trap (idle.ts).
   */
  waitFor(env: Environment, id: number, limit = Number.POSITIVE_INFINITY): CallResult {
    const req = this.requests.get(id);
    if (req === undefined || req.env !== env.id) return fail(E_INVAL);
    const done = idleUntil(
      this.kernel.machine,
      () => {
        this.drain();
        return req.result !== null;
      },
      limit,
    );
    return done ? this.poll(env, id) : fail(E_DEADLINE);
  }

  /** Transfers not yet collected, for the inspector. */
  pending(): BlockRequest[] {
    this.drain();
    return [...this.requests.values()].map((r) => ({ ...r }));
  }
}
