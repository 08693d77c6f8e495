/**
 * Downloaded packet filters in the kernel: an environment installs a filter (verified and
 * compiled at download), packets from the network device are demultiplexed to the owner, a
 * filter claiming another environment's traffic is refused, and an environment receives its
 * packets with net_recv.
 */
import { describe, expect, it } from 'vitest';
import { E_BUSY, E_INVAL, E_OK } from '../../../kernel/exo/errors.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { assembleFilter, encodeProgram } from '../../../kernel/filter/index.ts';
import { loadInto } from './helpers.ts';

/** Accepts Ethernet type 0x0800, IP protocol `proto` (byte 23). */
function ipFilter(proto: number): number[] {
  const asm = assembleFilter(`
    ldh [12]
    jeq #0x0800, ip, reject
ip: ldb [23]
    jeq #${proto}, accept, reject`);
  if (!asm.ok) throw new Error(asm.errors.map((e) => e.text).join('\n'));
  return [...encodeProgram(asm.program)];
}

function packet(proto: number, payload: number): Uint8Array {
  const p = new Uint8Array(64);
  p[12] = 0x08;
  p[13] = 0x00;
  p[23] = proto;
  p[40] = payload;
  return p;
}

/** An environment that installs a filter from `words`, then polls net_recv into `buf`. */
function receiver(words: number[]): string {
  return `
        .text
main:   li    $v0, 0x160          # filter_install(prog, nwords, minlen, &cap)
        la    $a0, prog
        li    $a1, ${words.length}
        li    $a2, 24
        la    $a3, fcap
        syscall
        move  $s0, $v1
poll:   li    $v0, 0x162          # net_recv(buf, 64)
        la    $a0, buf
        li    $a1, 64
        syscall
        bnez  $v1, poll
        move  $s1, $v0
        la    $t0, buf
        lbu   $s2, 40($t0)
        li    $v0, 0x101
        li    $a0, 0
        syscall
        .data
prog:   .word ${words.join(', ')}
fcap:   .space 16
buf:    .space 64`;
}

describe('packet filters in the kernel', () => {
  it('delivers a packet to the environment whose filter accepts it', () => {
    const kernel = new Exokernel({ memoryBytes: 4 << 20 });
    const udp = loadInto(kernel, 'udp', receiver(ipFilter(17)));
    const tcp = loadInto(kernel, 'tcp', receiver(ipFilter(6)));
    kernel.switchTo(udp.env);
    kernel.run(20_000); // udp installs its filter and starts polling
    kernel.machine.net.inject(packet(6, 66), kernel.cycles + 100);
    kernel.machine.net.inject(packet(17, 77), kernel.cycles + 200);
    kernel.run(200_000);
    expect(udp.env.context.regs[16]).toBe(E_OK);
    expect(udp.env.state).toBe('exited');
    expect(udp.env.context.regs[17]).toBe(64);
    expect(udp.env.context.regs[18]).toBe(77);
    // tcp had not run yet, so no filter claimed its packet.
    expect(kernel.net.unclaimed).toBe(1);
    expect(
      kernel.log.recent(100, { kind: 'filter' }).some((e) => e.text.includes('accepted by filter')),
    ).toBe(true);
    expect(tcp.env.state).toBe('runnable');
  });

  it('refuses a filter whose claim overlaps another environment’s, and a malformed one', () => {
    const kernel = new Exokernel({ memoryBytes: 4 << 20 });
    const a = loadInto(kernel, 'a', receiver(ipFilter(17)));
    const b = loadInto(kernel, 'b', receiver(ipFilter(17)));
    const bad = loadInto(kernel, 'bad', receiver([0x7f000000, 0]));
    // Each run also pays the frames' zeroing charged while loading (1024 cycles a frame).
    kernel.switchTo(a.env);
    kernel.run(20_000);
    kernel.switchTo(b.env);
    kernel.run(20_000);
    kernel.switchTo(bad.env);
    kernel.run(20_000);
    // a and b were switched away from, so their registers are saved; bad is still running.
    expect(a.env.context.regs[16]).toBe(E_OK);
    expect(b.env.context.regs[16]).toBe(E_BUSY);
    expect(kernel.current).toBe(bad.env);
    expect(kernel.machine.cpu.regs[16]).toBe(E_INVAL);
    expect(kernel.net.filters.list()).toHaveLength(1);
  });
});
