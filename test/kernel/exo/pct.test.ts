/**
 * Protected control transfer between MIPS environments: the callee starts at its entry point
 * with the caller's registers ($a0 = the caller's id, $a1 = the mode), a synchronous transfer
 * donates the caller's slice and the transfer back returns it, an asynchronous one donates only
 * the rest of the current slice, and bad transfers are refused without changing anything.
 */
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../../kernel/exo/env.ts';
import { E_BUSY, E_INVAL, E_NOENV, E_OK } from '../../../kernel/exo/errors.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { loadInto } from './helpers.ts';

const LENGTH = 10_000;

const COUNTER = `
        .text
main:   addiu $s0, $s0, 1
        b     main
        nop
`;

/** A caller: sets its reply entry, passes 11, 22, 33 in $a2, $a3, $t0 to `callee` by `mode`. */
function caller(callee: number, mode: number, atReply: string): string {
  return `
        .text
main:   li    $v0, 0x135          # set_entry_points(reply, 0)
        la    $a0, reply
        li    $a1, 0
        syscall
        li    $a2, 11
        li    $a3, 22
        li    $t0, 33
        li    $v0, 0x134          # pct(callee, mode)
        li    $a0, ${callee}
        li    $a1, ${mode}
        syscall
        li    $s7, 1              # resumed by the scheduler, not by a transfer
spin:   b     spin
        nop
reply:  move  $s5, $a2
        move  $s6, $a0
${atReply}
`;
}

const EXIT_WITH_REPLY = `
        move  $a0, $a2
        li    $v0, 0x101
        syscall
`;
const SPIN = `
rspin:  b     rspin
        nop
`;

/** A server: records what it was entered with; the sync entry replies a2 + a3 + t0 if `reply`. */
function server(reply: boolean): string {
  return `
        .text
main:   b     main
        nop
sync:   sw    $a0, who
        sw    $a1, how
        sw    $v0, v0seen
        sw    $v1, v1seen
        sw    $t0, t0seen
${
  reply
    ? `        addu  $a2, $a2, $a3
        addu  $a2, $a2, $t0
        li    $a1, 0              # pct(caller, sync): $a0 is still the caller's id
        li    $v0, 0x134
        syscall`
    : ''
}
work:   addiu $s4, $s4, 1
        b     work
        nop
async:  sw    $a0, who
        sw    $a1, how
        b     work
        nop
        .data
who:    .word -1
how:    .word -1
v0seen: .word -1
v1seen: .word -1
t0seen: .word -1
`;
}

function setup(reply: boolean, mode: number, atReply: string) {
  const kernel = new Exokernel({ memoryBytes: 4 << 20, slices: { count: 4 } });
  const b = loadInto(kernel, 'server', server(reply));
  const a = loadInto(kernel, 'client', caller(b.env.id, mode, atReply)).env;
  const sym = (s: string) => b.symbols.get(s)!;
  const api = kernel.calls.apiFor(b.env);
  expect(api.call('set_entry_points', sym('sync'), sym('async')).error).toBe(E_OK);
  const seen = (s: string) => api.readWord(sym(s));
  return { kernel, a, b: b.env, seen };
}

function reg(kernel: Exokernel, env: Environment, r: number): number {
  return kernel.current === env ? kernel.machine.cpu.regs[r] : env.context.regs[r];
}

function slicesOf(kernel: Exokernel, env: Environment, ...positions: number[]): void {
  for (const p of positions) {
    expect(kernel.calls.apiFor(env).call('slice_alloc', p).error).toBe(E_OK);
  }
}

function texts(kernel: Exokernel, kind: 'slice' | 'pct'): string[] {
  return kernel.log.recent(100_000, { kind }).map((e) => e.text);
}

describe('protected control transfer', () => {
  it("enters the callee with the caller's registers; the callee transfers back", () => {
    const { kernel, a, b, seen } = setup(true, 0, EXIT_WITH_REPLY);
    kernel.switchTo(a);
    kernel.run(10_000);
    expect(seen('who')).toBe(a.id);
    expect(seen('how')).toBe(0);
    expect(seen('t0seen')).toBe(33);
    expect([seen('v0seen'), seen('v1seen')]).toEqual([0, 0]);
    expect(a.state).toBe('exited');
    expect(a.exitCode).toBe(66);
    expect(texts(kernel, 'pct')).toEqual([
      `sync pct to env ${b.id} at 0x${b.syncEntryPc.toString(16)}`,
      `sync pct to env ${a.id} at 0x${a.syncEntryPc.toString(16)}`,
    ]);
  });

  it('a synchronous transfer donates the slice and its future instances', () => {
    const { kernel, a, b } = setup(false, 0, SPIN);
    const c = loadInto(kernel, 'c', COUNTER).env;
    slicesOf(kernel, a, 0);
    slicesOf(kernel, c, 1);
    kernel.run(10 * LENGTH);
    const pos0 = kernel.slices.snapshot().positions[0];
    expect(pos0.owner).toBe(a.id);
    expect(pos0.chain).toEqual([a.id, b.id]);
    expect(pos0.runner).toBe(b.id);
    expect(texts(kernel, 'slice')).toContain(`donates slices 0 to env ${b.id}`);
    // a never runs again: b works in a's slices, about as much as c in its own.
    expect(reg(kernel, a, 23)).toBe(0);
    const ratio = reg(kernel, b, 20) / reg(kernel, c, 16);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });

  it('transferring back returns the donated slices', () => {
    const { kernel, a, b } = setup(true, 0, SPIN);
    const c = loadInto(kernel, 'c', COUNTER).env;
    slicesOf(kernel, a, 0);
    slicesOf(kernel, c, 1);
    kernel.run(4 * LENGTH);
    expect(reg(kernel, a, 21)).toBe(66);
    expect(reg(kernel, a, 22)).toBe(b.id);
    expect(texts(kernel, 'slice')).toEqual(
      expect.arrayContaining([
        `donates slices 0 to env ${b.id}`,
        `returns slices 0 to env ${a.id}`,
      ]),
    );
    expect(kernel.slices.snapshot().positions[0].chain).toEqual([a.id]);
  });

  it('an asynchronous transfer donates only the rest of the current slice', () => {
    const { kernel, a, b, seen } = setup(false, 1, SPIN);
    const c = loadInto(kernel, 'c', COUNTER).env;
    slicesOf(kernel, a, 0);
    slicesOf(kernel, c, 1);
    kernel.run(4 * LENGTH);
    expect(seen('who')).toBe(a.id);
    expect(seen('how')).toBe(1);
    expect(reg(kernel, b, 20)).toBeGreaterThan(1000);
    // a's next slice is its own again: it resumes after its pct with $v0 = 0.
    expect(kernel.slices.snapshot().positions[0].chain).toEqual([a.id]);
    expect(reg(kernel, a, 23)).toBe(1);
    expect(reg(kernel, a, 2)).toBe(0);
  });

  it("the callee gets the caller's FPU registers; the caller keeps its own when resumed", () => {
    const kernel = new Exokernel({ memoryBytes: 4 << 20, slices: { count: 4 } });
    const b = loadInto(
      kernel,
      'b',
      `
        .text
main:   b     main
        nop
async:  mfc1  $s0, $f2            # the caller's $f2
        mtc1  $zero, $f2          # clobbered here
spin:   b     spin
        nop
`,
    ).env;
    kernel.calls.apiFor(b).call('set_entry_points', 0, 0x00400008);
    const a = loadInto(
      kernel,
      'a',
      `
        .text
main:   li    $t0, 0x12345678
        mtc1  $t0, $f2
        li    $v0, 0x134          # pct(b, async)
        li    $a0, ${b.id}
        li    $a1, 1
        syscall
        mfc1  $s3, $f2            # resumed by the scheduler in a's next slice
spin:   b     spin
        nop
`,
    ).env;
    const c = loadInto(kernel, 'c', COUNTER).env;
    slicesOf(kernel, a, 0);
    slicesOf(kernel, c, 1);
    kernel.run(3 * LENGTH);
    expect(reg(kernel, b, 16)).toBe(0x12345678);
    expect(reg(kernel, a, 19)).toBe(0x12345678);
  });

  it('ping-pong: a hundred round trips inside slices, the same log twice', () => {
    const once = () => {
      const kernel = new Exokernel({ memoryBytes: 4 << 20, slices: { count: 4 } });
      const b = loadInto(
        kernel,
        'b',
        `
        .text
main:   b     main
        nop
sync:   addiu $a2, $a2, 1
        li    $a1, 0
        li    $v0, 0x134
        syscall
`,
      ).env;
      const a = loadInto(
        kernel,
        'a',
        `
        .text
main:   li    $v0, 0x135
        la    $a0, reply
        li    $a1, 0
        syscall
        li    $a2, 0
call:   li    $a0, ${b.id}
        li    $a1, 0
        li    $v0, 0x134
        syscall
halt:   b     halt
        nop
reply:  slti  $t1, $a2, 100
        bnez  $t1, call
        nop
        move  $a0, $a2
        li    $v0, 0x101
        syscall
`,
      ).env;
      kernel.calls.apiFor(b).call('set_entry_points', 0x00400008, 0);
      const c = loadInto(kernel, 'c', COUNTER).env;
      slicesOf(kernel, a, 0);
      slicesOf(kernel, c, 1);
      kernel.run(6 * LENGTH);
      expect(a.exitCode).toBe(100);
      expect(texts(kernel, 'pct')).toHaveLength(200);
      return kernel.log.recent();
    };
    expect(once()).toEqual(once());
  });

  it('refuses bad transfers and entry points and changes nothing', () => {
    const { kernel, a, b } = setup(true, 0, SPIN);
    const gone = kernel.createEnv('gone')!;
    kernel.endEnv(gone, 'exited', 'test');
    kernel.switchTo(a);
    const api = kernel.calls.apiFor(a);
    expect(api.call('set_entry_points', 0x00400000, 0).error).toBe(E_OK);
    const before = { regs: [...b.context.regs], pc: b.context.pc, cycles: kernel.cycles };
    expect(api.call('pct', 99, 0).error).toBe(E_NOENV);
    expect(api.call('pct', gone.id, 0).error).toBe(E_NOENV);
    expect(api.call('pct', b.id, 2).error).toBe(E_INVAL);
    expect(api.call('pct', b.id, -1).error).toBe(E_INVAL);
    expect(api.call('pct', a.id, 0).error).toBe(E_INVAL);
    // b not on the CPU: it cannot transfer.
    expect(kernel.calls.apiFor(b).call('pct', a.id, 0).error).toBe(E_INVAL);
    b.asyncEntryPc = 0;
    expect(api.call('pct', b.id, 1).error).toBe(E_INVAL);
    expect(api.call('set_entry_points', 6, 0).error).toBe(E_INVAL);
    expect(api.call('set_entry_points', 0, -8).error).toBe(E_INVAL);
    expect(a.syncEntryPc).toBe(0x00400000);
    expect(kernel.current).toBe(a);
    expect({ regs: [...b.context.regs], pc: b.context.pc, cycles: kernel.cycles }).toEqual(before);
    expect(texts(kernel, 'pct')).toEqual([]);
  });

  it('refuses a transfer from inside an end-of-slice handler with E_BUSY', () => {
    const { kernel, a, b } = setup(false, 0, SPIN);
    const c = loadInto(kernel, 'c', COUNTER).env;
    const errors: number[] = [];
    c.libos = { endOfSlice: (api) => errors.push(api.call('pct', b.id, 0).error) };
    slicesOf(kernel, a, 0);
    slicesOf(kernel, c, 1);
    kernel.run(3 * LENGTH);
    expect(errors[0]).toBe(E_BUSY);
    expect(texts(kernel, 'pct').filter((t) => t.includes(`env ${b.id}`))).toHaveLength(1);
  });

  it('from MIPS a refused pct returns its error in $v1 and the caller goes on', () => {
    const kernel = new Exokernel({ memoryBytes: 4 << 20 });
    const a = loadInto(
      kernel,
      'a',
      `
        .text
main:   li    $v0, 0x134
        li    $a0, 42
        li    $a1, 0
        syscall
        move  $s0, $v1
        li    $v0, 0x101
        li    $a0, 0
        syscall
`,
    ).env;
    kernel.switchTo(a);
    kernel.run(10_000); // with the zeroing of its frames, charged at load
    expect(a.state).toBe('exited');
    expect(a.context.regs[16]).toBe(E_NOENV);
  });
});
