/**
 * The monolithic baseline from MIPS programs: the portable calls give the same output as under
 * the exokernel; demand zero; faults delivered as signals with the full frame and undone by
 * sigreturn; the default action kills; kernel pipes deliver in order across sleeps.
 */
import { describe, expect, it } from 'vitest';
import { MonoKernel, Pipe, SIGBUS, SIGSEGV } from '../../../kernel/mono/index.ts';
import { bootWith } from '../exo/helpers.ts';
import { bootMono, spawnSource } from './helpers.ts';

const PORTABLE = `
        .text
main:   li    $v0, 0x100          # getpid / env_self
        syscall
        addiu $t0, $v0, 48        # '1'
        la    $t1, msg
        sb    $t0, 4($t1)
        li    $v0, 0x108          # write_console / cons_write
        la    $a0, msg
        li    $a1, 6
        syscall
        li    $v0, 0x101
        li    $a0, 7
        syscall
        .data
msg:    .ascii "pid ?\\n"
`;

describe('the monolithic baseline', () => {
  it('runs a portable program with the same output as the exokernel', () => {
    const mono = bootMono(PORTABLE);
    expect(mono.kernel.run(100_000).reason).toBe('halted');
    const exo = bootWith(PORTABLE);
    expect(exo.kernel.run(100_000).reason).toBe('halted');
    expect(mono.kernel.machine.console.transcript()).toBe('pid 1\n');
    expect(exo.kernel.machine.console.transcript()).toBe('pid 1\n');
    expect(mono.proc.exitCode).toBe(7);
    expect(exo.env.exitCode).toBe(7);
  });

  it('gives demand-zero pages above DEMAND_ZERO_BASE and refills the TLB from its table', () => {
    const { kernel, proc } = bootMono(`
        .text
main:   li    $t0, 0x20000000
        lw    $t1, 0($t0)
        li    $t2, 99
        sw    $t2, 8($t0)
        lw    $a0, 8($t0)
        addu  $a0, $a0, $t1
        li    $v0, 0x101
        syscall
`);
    expect(kernel.run(100_000).reason).toBe('halted');
    expect(proc.exitCode).toBe(99);
    expect(kernel.counts.demandZero).toBe(1);
  });

  it('delivers a fault as a signal with the full frame; sigreturn restores every register', () => {
    const { kernel, proc } = bootMono(`
        .text
main:   li    $v0, 0x180          # sigaction(SIGBUS, handler)
        li    $a0, 10
        la    $a1, handler
        syscall
        li    $s0, 1234
        li    $t5, 55
        li    $a3, 77
        la    $t0, word
        lw    $t1, 1($t0)         # unaligned: SIGBUS
        addu  $a0, $s0, $t5
        addu  $a0, $a0, $a3
        lw    $t2, seen
        addu  $a0, $a0, $t2
        li    $v0, 0x101          # exit(1234 + 55 + 77 + 10)
        syscall
handler:
        sw    $a0, seen           # the signal number
        li    $s0, 0              # clobbered here, restored by sigreturn
        li    $t5, 0
        li    $a3, 0
        lw    $t0, 136($a2)
        addiu $t0, $t0, 4
        sw    $t0, 136($a2)
        move  $a0, $a2
        li    $v0, 0x181
        syscall
        .data
word:   .word 0, 0
seen:   .word 0
`);
    expect(kernel.run(100_000).reason).toBe('halted');
    expect(proc.state).toBe('exited');
    expect(proc.exitCode).toBe(1234 + 55 + 77 + SIGBUS);
    expect(kernel.counts.signals).toBe(1);
  });

  it('kills a process on a fault it has no handler for', () => {
    const { kernel, proc } = bootMono(`
        .text
main:   li    $t0, 0x20000000
        sw    $zero, 0($t0)
        li    $v0, 0x182          # mprotect(0x20000000, 0)
        move  $a0, $t0
        li    $a1, 0
        syscall
        sw    $zero, 0($t0)       # protection fault: SIGSEGV, default action
        li    $v0, 0x101
        syscall
`);
    expect(kernel.run(100_000).reason).toBe('halted');
    expect(proc.state).toBe('killed');
    expect(proc.killedBy).toBe(SIGSEGV);
  });

  it('passes words through kernel pipes in order, sleeping readers and waking them', () => {
    const kernel = new MonoKernel({ memoryBytes: 4 << 20 });
    const writer = spawnSource(
      kernel,
      'writer',
      `
        .text
main:   li    $s1, 1
loop:   sw    $s1, buf
        li    $v0, 0x191          # write(fd 0, buf, 4)
        li    $a0, 0
        la    $a1, buf
        li    $a2, 4
        syscall
        addiu $s1, $s1, 1
        li    $t0, 6
        bne   $s1, $t0, loop
        li    $v0, 0x101
        li    $a0, 0
        syscall
        .data
buf:    .word 0
`,
    ).proc;
    const reader = spawnSource(
      kernel,
      'reader',
      `
        .text
main:   li    $v0, 0x190          # read(fd 0, buf, 4)
        li    $a0, 0
        la    $a1, buf
        li    $a2, 4
        syscall
        beqz  $v0, done
        lw    $t0, buf
        addiu $t0, $t0, 48
        sb    $t0, buf
        li    $v0, 0x108
        la    $a0, buf
        li    $a1, 1
        syscall
        b     main
done:   li    $v0, 0x101
        li    $a0, 0
        syscall
        .data
buf:    .word 0
`,
    ).proc;
    const pipe = new Pipe();
    writer.open(pipe, 'write');
    reader.open(pipe, 'read');
    kernel.switchTo(reader);
    expect(kernel.run(1_000_000).reason).toBe('halted');
    expect(kernel.machine.console.transcript()).toBe('12345');
    expect(writer.state).toBe('exited');
    expect(reader.state).toBe('exited');
    expect(kernel.counts.switches).toBeGreaterThan(0);
  });
});
