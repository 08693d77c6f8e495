/**
 * The exokernel's core paths, driven by MIPS programs in an environment: kernel calls from
 * `syscall`, secure bindings checked against capabilities, the STLB answering TLB misses, and
 * environments ended by exit or by an unhandled exception.
 */
import { describe, expect, it } from 'vitest';
import { E_BADCAP, E_OK, E_RIGHTS, E_STALE } from '../../../kernel/exo/errors.ts';
import { bootWith } from './helpers.ts';

const ALLOC_BIND = `
        .text
main:   li    $v0, 0x102          # frame_alloc(&cap)
        la    $a0, cap
        syscall
        li    $v0, 0x104          # bind(0x20000000, &cap, writable)
        li    $a0, 0x20000000
        la    $a1, cap
        li    $a2, 1
        syscall
        move  $s1, $v1
        li    $t0, 0x20000000
        li    $t1, 1234
        sw    $t1, 0($t0)
        lw    $s2, 0($t0)
`;
const EXIT = `
        li    $v0, 0x101
        li    $a0, 7
        syscall
        .data
cap:    .space 16
ro:     .space 16
`;

describe('kernel calls and secure bindings from MIPS code', () => {
  it('allocates a frame, binds it and uses it, then exits with a status', () => {
    const { kernel, env } = bootWith(ALLOC_BIND + EXIT);
    expect(kernel.run(100_000).reason).toBe('halted');
    expect(env.state).toBe('exited');
    expect(env.exitCode).toBe(7);
    expect(env.context.regs[17]).toBe(E_OK);
    expect(env.context.regs[18]).toBe(1234);
  });

  it('refuses a forged capability with E_BADCAP and changes nothing', () => {
    const { kernel, env } = bootWith(`${ALLOC_BIND}
        la    $t0, cap
        lw    $t1, 12($t0)
        xori  $t1, $t1, 1          # flip one bit of the MAC
        sw    $t1, 12($t0)
        li    $v0, 0x104
        li    $a0, 0x20001000
        la    $a1, cap
        li    $a2, 1
        syscall
        move  $s3, $v1
${EXIT}`);
    kernel.run(100_000);
    expect(env.context.regs[19]).toBe(E_BADCAP);
    expect(env.bindings.has(0x20001)).toBe(false);
  });

  it('a read-only narrowed capability cannot make a writable mapping', () => {
    const { kernel, env } = bootWith(`${ALLOC_BIND}
        li    $v0, 0x106          # cap_narrow(&cap, READ, &ro)
        la    $a0, cap
        li    $a1, 1
        la    $a2, ro
        syscall
        li    $v0, 0x104          # bind writable with the read-only capability
        li    $a0, 0x20002000
        la    $a1, ro
        li    $a2, 1
        syscall
        move  $s3, $v1
        li    $v0, 0x104          # read-only binding is fine
        li    $a0, 0x20002000
        la    $a1, ro
        li    $a2, 0
        syscall
        move  $s4, $v1
        li    $t0, 0x20002000
        lw    $s5, 0($t0)         # reads what was written through the writable mapping
${EXIT}`);
    kernel.run(100_000);
    const r = env.context.regs;
    expect(r[19]).toBe(E_RIGHTS);
    expect(r[20]).toBe(E_OK);
    expect(r[21]).toBe(1234);
  });

  it('freeing a frame makes every capability for it stale and breaks its bindings', () => {
    const { kernel, env } = bootWith(`${ALLOC_BIND}
        li    $v0, 0x103          # frame_free(&cap)
        la    $a0, cap
        syscall
        li    $v0, 0x104          # bind again with the old capability
        li    $a0, 0x20000000
        la    $a1, cap
        li    $a2, 1
        syscall
        move  $s3, $v1
${EXIT}`);
    kernel.run(100_000);
    expect(env.context.regs[19]).toBe(E_STALE);
    expect(env.bindings.has(0x20000)).toBe(false);
    expect(kernel.stlb.entries().some((e) => e.vpn === 0x20000)).toBe(false);
  });

  it('answers repeated TLB misses from the STLB without asking the environment', () => {
    // Touch 80 bound pages twice: more than the 56 random TLB entries, so the second pass misses.
    const pages = 80;
    let binds = '';
    for (let i = 0; i < pages; i++) {
      binds += `
        li    $v0, 0x102
        la    $a0, cap
        syscall
        li    $v0, 0x104
        li    $a0, ${0x20000000 + i * 4096}
        la    $a1, cap
        li    $a2, 1
        syscall`;
    }
    const { kernel, env } = bootWith(`
        .text
main:   ${binds}
        li    $s0, 2
pass:   li    $t0, 0x20000000
        li    $t2, ${pages}
touch:  sw    $t2, 0($t0)
        addiu $t0, $t0, 4096
        addiu $t2, $t2, -1
        bnez  $t2, touch
        addiu $s0, $s0, -1
        bnez  $s0, pass
${EXIT}`);
    expect(kernel.run(1_000_000).reason).toBe('halted');
    expect(env.exitCode).toBe(7);
    expect(kernel.stlb.hits).toBeGreaterThan(pages);
  });

  it('aborts an environment that faults with no handler, saying where', () => {
    const { kernel, env } = bootWith(`
        .text
main:   li    $t0, 0x30000000
        lw    $t1, 0($t0)
${EXIT}`);
    expect(kernel.run(100_000).reason).toBe('halted');
    expect(env.state).toBe('aborted');
    expect(env.abortReason).toContain('address 0x30000000');
  });
});

describe('the inspector', () => {
  it('shows environments, their frames and bindings, the STLB and the log as plain data', async () => {
    const { inspect } = await import('../../../kernel/exo/inspector.ts');
    const { kernel, env } = bootWith(ALLOC_BIND + EXIT);
    kernel.run(100_000);
    const view = inspect(kernel);
    const shown = view.envs.find((e) => e.id === env.id)!;
    expect(shown.state).toBe('exited');
    expect(shown.exitCode).toBe(7);
    expect(shown.frames).toEqual([]);
    expect(view.frames.free + view.frames.kernel).toBe(view.frames.total);
    expect(view.tlb).toHaveLength(64);
    expect(view.stlb.hitRate).toBeGreaterThanOrEqual(0);
    expect(view.events.some((e) => e.kind === 'bind')).toBe(true);
    // A snapshot is a copy: changing it does not touch the kernel.
    view.events.length = 0;
    expect(kernel.log.recent(5).length).toBeGreaterThan(0);
  });
});

describe('context switches', () => {
  it('give each environment its own floating-point registers and FCSR', async () => {
    const { Exokernel } = await import('../../../kernel/exo/kernel.ts');
    const kernel = new Exokernel({ memoryBytes: 4 << 20 });
    const a = kernel.createEnv('a')!;
    const b = kernel.createEnv('b')!;
    const fpu = kernel.machine.fpu;
    kernel.switchTo(a);
    fpu.f64[1] = 1.5;
    fpu.fcsr = 1 << 23;
    kernel.switchTo(b);
    expect(fpu.f64[1]).toBe(0);
    expect(fpu.fcsr).toBe(0);
    fpu.f64[1] = -2;
    kernel.switchTo(a);
    expect(fpu.f64[1]).toBe(1.5);
    expect(fpu.fcsr).toBe(1 << 23);
    kernel.switchTo(b);
    expect(fpu.f64[1]).toBe(-2);
  });
});

describe('the inspector beyond memory', () => {
  it('shows the slice vector, revocations and the network as plain data', async () => {
    const { inspect } = await import('../../../kernel/exo/inspector.ts');
    const { kernel } = bootWith(ALLOC_BIND + EXIT);
    kernel.run(100_000);
    const view = inspect(kernel);
    expect(Array.isArray(view.slices.positions)).toBe(true);
    expect(view.revocations).toEqual({ pending: [], recent: [] });
    expect(view.network).toEqual({
      filters: [],
      delivered: 0,
      unclaimed: 0,
      dropped: 0,
      queued: {},
    });
    expect(() => JSON.stringify(view)).not.toThrow();
  });
});
