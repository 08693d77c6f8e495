/**
 * Visible revocation and the abort protocol: a handler that releases clean pages first meets a
 * 50 µs deadline; one that writes ten dirty pages to disk first misses it, and the kernel takes
 * the frames by force — bindings, STLB, TLB, capabilities and queued DMA all broken, the
 * repossession vector filled, the library OS told — while guaranteed frames stay put.
 */
import { describe, expect, it } from 'vitest';
import { CapResult } from '../../../kernel/caps/index.ts';
import { E_BUSY, E_INVAL, E_NOENV, E_NOMEM, E_OK, E_STALE } from '../../../kernel/exo/errors.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { EXC_REPOSSESS, GUARANTEED_FRAMES } from '../../../kernel/exo/revoke.ts';
import { DISK_ERR_CANCELLED } from '../../../machine/devices/disk.ts';
import { bootWith } from './helpers.ts';
import { mappingsOf, PagingLibOs } from './revoke-helpers.ts';

/** A kernel with one environment run by PagingLibOs: `dirty` dirty pages, then `clean` clean. */
function setup(dirty: number, clean: number) {
  const kernel = new Exokernel({ memoryBytes: 4 << 20 });
  const env = kernel.createEnv('paging')!;
  const os = new PagingLibOs(kernel, env);
  for (let i = 0; i < dirty; i++) os.addPage(true);
  for (let i = 0; i < clean; i++) os.addPage(false);
  return { kernel, env, os, api: kernel.calls.apiFor(env) };
}

describe('visible revocation', () => {
  it('a handler that releases clean pages first meets a 50 µs deadline', () => {
    const { kernel, env, os } = setup(10, 2);
    const cleanFrames = os.pages.filter((p) => !p.dirty).map((p) => p.frame);
    const got = kernel.revoke(env, { count: 2, deadlineUs: 50 });
    expect(got.error).toBe(E_OK);
    const rec = got.revocation!;
    expect(rec.outcome).toBe('complied');
    expect(rec.endedAt!).toBeLessThanOrEqual(rec.deadline);
    expect(rec.deadline - rec.startedAt).toBe(1250);
    expect(env.repossessed).toEqual([]);
    for (const f of cleanFrames) expect(kernel.frames.ownerOf(f)).toBe('free');
    const events = kernel.log.recent(10, { kind: 'revoke' }).map((e) => e.text);
    expect(events.at(-1)).toMatch(/^#1 complied in \d+(\.\d+)? µs$/);
    expect(kernel.revoker.pending()).toEqual([]);
  });

  it('a handler that writes ten dirty pages first misses it, and the kernel aborts', () => {
    const { kernel, env, os, api } = setup(10, 2);
    os.behaviour = 'queue-dirty';
    // Another environment shares the last dirty page through a copy of its capability.
    const other = kernel.createEnv('sharer')!;
    const shared = os.pages[9];
    expect(kernel.calls.apiFor(other).call('bind', 0x30000000, shared.cap, 0).error).toBe(E_OK);
    const before = kernel.frames.ownedBy(env.id);
    const oldCaps = new Map(os.pages.map((p) => [p.frame, p.cap]));

    const got = kernel.revoke(env, { count: 2, deadlineUs: 50 });
    const rec = got.revocation!;
    expect(rec.outcome).toBe('aborted');
    expect(rec.endedAt).toBe(rec.deadline);
    // The kernel chose the two highest unguaranteed frames: the two clean pages here.
    const taken = [...before].sort((a, b) => b - a).slice(0, 2);
    expect(rec.repossessed).toEqual(taken);
    expect(env.repossessed).toEqual(taken);
    expect(os.lost).toEqual(taken);
    for (const f of taken) {
      expect(mappingsOf(kernel, f)).toEqual([]);
      expect(kernel.frames.ownerOf(f)).toBe('free');
      expect(kernel.frames.check(oldCaps.get(f)!, 1)).toBe(CapResult.STALE);
      expect(api.call('bind', 0x20000000, oldCaps.get(f)!, 0).error).toBe(E_STALE);
    }
    expect(kernel.log.recent(1, { kind: 'abort' })[0].text).toMatch(/#1 not complied/);
  });

  it('the abort cancels DMA queued to a repossessed frame', () => {
    const { kernel, env, os, api } = setup(10, 0);
    os.behaviour = 'queue-dirty';
    const victim = os.pages[9];
    const got = kernel.revoke(env, { frame: victim.frame, deadlineUs: 50 });
    expect(got.revocation!.outcome).toBe('aborted');
    expect(env.repossessed).toEqual([victim.frame]);
    const lo = victim.frame * 4096;
    const touching = kernel.machine.disk
      .pendingRequests()
      .filter((r) => r.paddr < lo + 4096 && r.paddr + r.count * 512 > lo);
    expect(touching).toEqual([]);
    const id = os.queued.get(victim.frame)!;
    expect(api.call('block_poll', id)).toEqual({ value: DISK_ERR_CANCELLED, error: E_OK });
    // The sharer of nothing, the other writes still queued: only the victim's was cancelled.
    expect(kernel.machine.disk.pendingRequests().length).toBeGreaterThan(0);
    expect(mappingsOf(kernel, victim.frame)).toEqual([]);
  });

  it('a long enough deadline lets the dirty-page writer comply', () => {
    const { kernel, env, os } = setup(2, 0);
    os.behaviour = 'write-dirty';
    const rec = kernel.revoke(env, { count: 1, deadlineUs: 20_000 }).revocation!;
    expect(rec.outcome).toBe('complied');
    expect(rec.endedAt! - rec.startedAt).toBeGreaterThan(2 * 75_000);
  });

  it('a handler that gives nothing back, or swaps a frame for another, is aborted at once', () => {
    for (const behaviour of ['nothing', 'swap'] as const) {
      const { kernel, env, os } = setup(0, 3);
      os.behaviour = behaviour;
      const rec = kernel.revoke(env, { count: 1, deadlineUs: 1000 }).revocation!;
      expect(rec.outcome).toBe('aborted');
      expect(rec.endedAt!).toBeLessThan(rec.deadline);
      expect(env.repossessed.length).toBe(1);
    }
  });

  it('an environment without a revoke hook is aborted and its vector read by kernel calls', () => {
    const kernel = new Exokernel({ memoryBytes: 4 << 20 });
    const env = kernel.createEnv('bare')!;
    const api = kernel.calls.apiFor(env);
    const frames = [0, 1, 2].map(() => api.call('frame_alloc').value);
    const rec = kernel.revoke(env, { count: 2, deadlineUs: 50 }).revocation!;
    expect(rec.outcome).toBe('aborted');
    expect(api.call('repossessed_count')).toEqual({ value: 2, error: E_OK });
    expect(api.call('repossessed_get', 0).value).toBe(frames[2]);
    expect(api.call('repossessed_get', 1).value).toBe(frames[1]);
    expect(api.call('repossessed_get', 2).error).toBe(E_INVAL);
    expect(api.call('repossessed_get', -1).error).toBe(E_INVAL);
  });
});

describe('the guaranteed minimum', () => {
  it('guaranteed frames are never taken; asking for one fails with E_BUSY', () => {
    const { kernel, env, os, api } = setup(0, 6);
    os.behaviour = 'nothing';
    const kept = os.pages.slice(2, 2 + GUARANTEED_FRAMES);
    for (const [i, p] of kept.entries()) {
      expect(api.call('frame_guarantee', p.cap)).toEqual({ value: i + 1, error: E_OK });
    }
    expect(api.call('frame_guarantee', kept[0].cap)).toEqual({ value: 4, error: E_OK });
    expect(api.call('frame_guarantee', os.pages[0].cap).error).toBe(E_NOMEM);
    expect(kernel.revoker.guaranteedFrames(env)).toEqual(kept.map((p) => p.frame));

    expect(kernel.revoke(env, { frame: kept[0].frame, deadlineUs: 50 }).error).toBe(E_BUSY);
    expect(kernel.revoke(env, { count: 3, deadlineUs: 50 }).error).toBe(E_BUSY);
    expect(kernel.revoker.history).toEqual([]);

    const unguaranteed = [os.pages[1].frame, os.pages[0].frame];
    const rec = kernel.revoke(env, { count: 2, deadlineUs: 50 }).revocation!;
    expect(rec.outcome).toBe('aborted');
    expect(rec.repossessed).toEqual(unguaranteed);
    for (const p of kept) {
      expect(kernel.frames.ownerOf(p.frame)).toBe(env.id);
      expect(mappingsOf(kernel, p.frame).length).toBeGreaterThan(0);
    }
  });

  it('frame_guarantee checks its capability and ownership, and ends when the frame is freed', () => {
    const { kernel, env, os, api } = setup(0, 2);
    const other = kernel.createEnv('other')!;
    const otherApi = kernel.calls.apiFor(other);
    expect(otherApi.call('frame_guarantee', os.pages[0].cap).error).toBe(E_INVAL);
    const ro = api.call('cap_narrow', os.pages[0].cap, 1).cap!;
    expect(api.call('frame_guarantee', ro).error).toBe(3); // E_RIGHTS
    expect(api.call('frame_guarantee', os.pages[0].cap).error).toBe(E_OK);
    api.call('frame_free', os.pages[0].cap);
    expect(api.call('frame_guarantee', os.pages[0].cap).error).toBe(E_STALE);
    expect(kernel.revoker.guaranteedFrames(env)).toEqual([]);
  });
});

describe('bad revocation requests change nothing', () => {
  it('refuses bad deadlines, shapes, frames and environments', () => {
    const { kernel, env, os } = setup(0, 2);
    const other = kernel.createEnv('other')!;
    const mine = os.pages[0].frame;
    const bad = [
      { count: 1, deadlineUs: 0 },
      { count: 1, deadlineUs: Number.NaN },
      { count: 1, deadlineUs: Number.POSITIVE_INFINITY },
      { count: 0, deadlineUs: 50 },
      { count: 1.5, deadlineUs: 50 },
      { frame: -1, deadlineUs: 50 },
      { frame: 1 << 30, deadlineUs: 50 },
      { frame: 3, deadlineUs: 50 }, // a kernel frame
      { count: 1, frame: mine, deadlineUs: 50 },
      { deadlineUs: 50 },
    ];
    const owners = kernel.frames.snapshot();
    for (const request of bad) {
      // biome-ignore lint/suspicious/noExplicitAny: malformed requests on purpose
      expect(kernel.revoke(env, request as any).error).toBe(E_INVAL);
    }
    expect(kernel.revoke(other, { frame: mine, deadlineUs: 50 }).error).toBe(E_INVAL);
    kernel.endEnv(other, 'exited', 'done');
    expect(kernel.revoke(other, { count: 1, deadlineUs: 50 }).error).toBe(E_NOENV);
    expect(kernel.frames.snapshot()).toEqual(owners);
    expect(kernel.revoker.history).toEqual([]);
  });

  it('a handler cannot start a second revocation of its environment', () => {
    const { kernel, env, os } = setup(0, 3);
    let nested = -1;
    env.libos = {
      ...os,
      revoke: (api) => {
        nested = kernel.revoke(env, { count: 1, deadlineUs: 50 }).error;
        api.call('frame_free', os.pages[0].cap);
      },
    };
    expect(kernel.revoke(env, { count: 1, deadlineUs: 50 }).revocation!.outcome).toBe('complied');
    expect(nested).toBe(E_BUSY);
  });

  it('a handler that throws is aborted all the same, and the environment can be asked again', () => {
    const { kernel, env, os } = setup(0, 3);
    env.libos = {
      revoke: () => {
        throw new Error('library OS bug');
      },
    };
    expect(() => kernel.revoke(env, { count: 1, deadlineUs: 50 })).toThrow('library OS bug');
    expect(kernel.revoker.history[0].outcome).toBe('aborted');
    expect(env.repossessed.length).toBe(1);
    env.libos = os;
    expect(kernel.revoke(env, { count: 1, deadlineUs: 50 }).revocation!.outcome).toBe('complied');
  });

  it('after the abort the handler is preempted: its calls fail and change nothing', () => {
    const { kernel, env, os } = setup(1, 2);
    const results: number[] = [];
    env.libos = {
      revoke: (api) => {
        const p = os.pages[0];
        const id = api.call('block_write', p.block, p.cap).value;
        results.push(api.waitBlock(id).error);
        results.push(api.call('frame_free', os.pages[1].cap).error);
        results.push(api.call('frame_alloc').error);
      },
    };
    const owned = kernel.frames.ownedBy(env.id).length;
    const rec = kernel.revoke(env, { count: 1, deadlineUs: 50 }).revocation!;
    expect(rec.outcome).toBe('aborted');
    expect(results).toEqual([7, 7, 7]); // E_DEADLINE
    expect(kernel.frames.ownedBy(env.id).length).toBe(owned - 1);
  });
});

/** A MIPS library OS: a handler for EXC_REVOKE (frees `cap` if $s6 != 0) and EXC_REPOSSESS. */
const MIPS_LIBOS = (comply: number) => `
        .text
main:   li    $v0, 0x107          # set_exception_handler(handler, save)
        la    $a0, handler
        la    $a1, save
        syscall
        li    $v0, 0x102          # frame_alloc(&cap)
        la    $a0, cap
        syscall
        move  $s0, $v0
        li    $s6, ${comply}
loop:   b     loop
        nop
handler:
        srl   $t0, $a0, 2
        andi  $t0, $t0, 31        # the exception code
        li    $t1, 21             # EXC_REVOKE
        bne   $t0, $t1, repo
        nop
        move  $s5, $a1            # the frame asked for, or minus the count
        beq   $s6, $zero, resume
        nop
        li    $v0, 0x103          # frame_free(&cap)
        la    $a0, cap
        syscall
        li    $v0, 0x143          # revoke_done
        syscall
        move  $s7, $v0
resume: la    $t0, save
        lw    $t0, 0($t0)         # EPC
        jr    $t0
        nop
repo:   move  $s1, $t0
        li    $v0, 0x141          # repossessed_count
        syscall
        move  $s2, $v0
        li    $v0, 0x142          # repossessed_get(0)
        li    $a0, 0
        syscall
        move  $s3, $v0
        li    $v0, 0x101
        li    $a0, 0
        syscall
        .data
cap:    .space 16
save:   .space 64
`;

describe('revocation and repossession in MIPS code', () => {
  it('a MIPS handler asked with EXC_REVOKE frees the frame and complies by revoke_done', () => {
    const { kernel, env } = bootWith(MIPS_LIBOS(1));
    kernel.run(10_000); // loading charged 1024 cycles of zeroing per frame
    const regs = kernel.machine.cpu.regs;
    const frame = regs[16];
    const rec = kernel.revoke(env, { frame, deadlineUs: 50 }).revocation!;
    expect(rec.outcome).toBe('pending');
    expect(kernel.revoker.pending().map((r) => r.id)).toEqual([rec.id]);
    kernel.run(3000);
    expect(regs[21]).toBe(frame);
    expect(regs[23]).toBe(1);
    expect(rec.outcome).toBe('complied');
    expect(rec.endedAt!).toBeLessThanOrEqual(rec.deadline);
    expect(kernel.frames.ownerOf(frame)).toBe('free');
    expect(env.repossessed).toEqual([]);
    expect(kernel.revoker.pending()).toEqual([]);
    expect(env.state).toBe('runnable');
  });

  it('one that does not answer is aborted at the deadline; EXC_REPOSSESS reaches its handler', () => {
    const { kernel, env } = bootWith(MIPS_LIBOS(0));
    kernel.run(10_000); // loading charged 1024 cycles of zeroing per frame
    const frame = kernel.machine.cpu.regs[16];
    const rec = kernel.revoke(env, { count: 1, deadlineUs: 50 }).revocation!;
    expect(rec.outcome).toBe('pending');
    kernel.run(20_000);
    expect(kernel.machine.cpu.regs[21]).toBe(-1);
    expect(rec.outcome).toBe('aborted');
    expect(rec.endedAt).toBe(rec.deadline);
    expect(rec.repossessed).toEqual([frame]);
    expect(env.state).toBe('exited');
    expect(env.context.regs[17]).toBe(EXC_REPOSSESS);
    expect(env.context.regs[18]).toBe(1);
    expect(env.context.regs[19]).toBe(frame);
    expect(mappingsOf(kernel, frame)).toEqual([]);
  });

  it('revoke_done without a revocation under way is E_INVAL', () => {
    const kernel = new Exokernel({ memoryBytes: 4 << 20 });
    const env = kernel.createEnv('idle')!;
    expect(kernel.calls.apiFor(env).call('revoke_done').error).toBe(E_INVAL);
  });
});
