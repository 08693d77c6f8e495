/**
 * ExOS's runtime beyond the oracle programs: demand-zero paging from its own page table, bad
 * addresses reported as SPIM reports them (checked against bare mode running the same source),
 * blocking console input, rebinding after STLB evictions, running out of frames, load errors,
 * and every frame going back to the kernel at exit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { loadProgram } from '../../../kernel/libos/index.ts';
import { loadProgram as loadBare } from '../bare-helpers.ts';
import { loadUnderExos } from './helpers.ts';

const PROGRAMS = join(import.meta.dirname, '../../data/programs');
const read = (name: string) => readFileSync(join(PROGRAMS, name), 'utf8');

/** Runs `source` in bare mode and under ExOS; both outputs, diagnostics and statuses. */
function bothWays(source: string, input = '') {
  const bare = loadBare('prog.s', source, input);
  bare.session.run(10_000_000);
  const exos = loadUnderExos('prog.s', source, input);
  const reason = exos.kernel.run(10_000_000).reason;
  return { bare, exos, reason };
}

const TOUCH = `
main:   li    $t0, 0x7f000000       # a stack page far below $sp
        li    $t1, 1234
        sw    $t1, 0($t0)
        lw    $a0, 0($t0)
        li    $v0, 1
        syscall
        li    $a0, 100000           # sbrk, then a page near the end of the new block
        li    $v0, 9
        syscall
        move  $s0, $v0
        addiu $t2, $v0, 90000
        sw    $t1, 0($t2)
        lw    $a0, 0($t2)
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;

describe('ExOS virtual memory', () => {
  it('maps stack and heap pages on first touch (demand-zero) and frees them at exit', () => {
    const run = loadUnderExos('touch.s', TOUCH);
    const before = run.exos.vm.demandZeroPages;
    expect(run.kernel.run(1_000_000).reason).toBe('halted');
    expect(run.output()).toBe('12341234');
    expect(run.exos.vm.demandZeroPages).toBeGreaterThanOrEqual(before + 2);
    const heapBlock = run.env.context.regs[16] >>> 0;
    expect(run.exos.vm.pages.lookup(0x7f000000)).toBeDefined();
    expect(run.exos.vm.pages.lookup(heapBlock + 90000)).toBeDefined();
    expect(run.env.state).toBe('exited');
    expect(run.env.exitCode).toBe(0);
    expect(run.kernel.frames.ownedBy(run.env.id)).toEqual([]);
    expect(run.env.bindings.size).toBe(0);
  });

  it('reads a demand-zero page as zeros and binds it through the kernel', () => {
    const run = loadUnderExos(
      'zero.s',
      `main: li $t0 0x7e000000
        lw $a0 8($t0)
        li $v0 1
        syscall
        li $v0 10
        syscall`,
    );
    run.kernel.run(1_000_000);
    const binds = run.kernel.log.recent(undefined, { kind: 'bind', env: run.env.id });
    expect(run.output()).toBe('0');
    expect(binds.some((e) => e.text.startsWith('0x7e000000'))).toBe(true);
  });

  it('rebinds pages the STLB dropped (a 2-entry STLB) and still sorts correctly', () => {
    const run = loadUnderExos('sort.s', read('sort.s'), read('sort.in'), {
      kernel: { stlbSize: 2 },
    });
    const loaded = run.exos.vm.pages.size;
    const zeroBefore = run.exos.vm.demandZeroPages;
    expect(run.kernel.run(200_000_000).reason).toBe('halted');
    expect(run.output()).toBe(read('sort.out'));
    // Some faults found the page already in ExOS's table: the STLB had dropped its binding.
    const demandZero = run.exos.vm.demandZeroPages - zeroBefore;
    expect(run.exos.vm.faults).toBeGreaterThan(demandZero);
    expect(run.exos.vm.pages.size).toBe(loaded + demandZero);
  });

  it('a heap address above the break is bad until sbrk moves the break over it', () => {
    const source = `
main:   li    $v0, 9                # current break
        li    $a0, 0
        syscall
        addiu $s0, $v0, 8192
        lw    $t0, 0($s0)           # above the break: bad data address
        li    $v0, 9
        li    $a0, 16384
        syscall
        li    $t1, 77
        sw    $t1, 0($s0)           # now inside the heap
        lw    $a0, 0($s0)
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;
    // Bare mode differs here: its firmware maps a bad page to the bus-error hole for good, so
    // the page stays bad after sbrk covers it. ExOS decides on every fault.
    const run = loadUnderExos('brk.s', source);
    expect(run.kernel.run(1_000_000).reason).toBe('halted');
    expect(run.output()).toBe('  Exception 7  [Bad data address]  occurred and ignored\n77');
  });

  it('reports running out of frames as bare mode does and exits with status 1', () => {
    let out = '';
    const decoder = new TextDecoder();
    const kernel = new Exokernel({
      memoryBytes: 2 << 20,
      consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
    });
    const loaded = loadProgram(
      kernel,
      'hog.s',
      new TextEncoder().encode(`
main:   li    $t0, 0x7fff0000
loop:   sw    $t0, 0($t0)           # one word in every stack page, downwards
        addiu $t0, $t0, -4096
        b     loop
`),
    );
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    kernel.switchTo(loaded.env);
    expect(kernel.run(50_000_000).reason).toBe('halted');
    expect(out).toBe('exolab: out of physical memory (try --memory with a larger size)\n');
    expect(loaded.env.exitCode).toBe(1);
    expect(kernel.frames.ownedBy(loaded.env.id)).toEqual([]);
  });
});

describe('two ExOS environments on one kernel', () => {
  it('run the same addresses in separate address spaces, one after the other', () => {
    let out = '';
    const decoder = new TextDecoder();
    const kernel = new Exokernel({
      memoryBytes: 16 << 20,
      consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
    });
    kernel.machine.console.endInput();
    const load = (name: string, text: string) => {
      const got = loadProgram(kernel, name, new TextEncoder().encode(text));
      if (!got.ok) throw new Error(got.errors.join('\n'));
      return got.env;
    };
    const a = load('a.s', read('factorial.s'));
    const b = load('b.s', TOUCH);
    expect(a.asid).not.toBe(b.asid);
    kernel.switchTo(a);
    expect(kernel.run(100_000_000).reason).toBe('halted');
    expect(out).toBe(`${read('factorial.out')}12341234`);
    expect(a.state).toBe('exited');
    expect(b.state).toBe('exited');
    expect(kernel.frames.ownedBy(a.id)).toEqual([]);
    expect(kernel.frames.ownedBy(b.id)).toEqual([]);
  });
});

describe('ExOS repossession recovery', () => {
  it('forgets a repossessed page; its next touch gets a fresh zeroed page', () => {
    const source = `
main:   li    $s0, 0x7e000000
        li    $t0, 99
        sw    $t0, 0($s0)           # a demand-zero stack page, now holding 99
        li    $v0, 5                # wait for input (the host revokes meanwhile)
        syscall
        lw    $a0, 0($s0)
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;
    const run = loadUnderExos('lose.s', source, undefined, { keepInputOpen: true });
    expect(run.kernel.run(1_000_000).reason).toBe('blocked');
    const frame = run.exos.vm.pages.lookup(0x7e000000)!.frame;
    run.kernel.revoke(run.env, { frame, deadlineUs: 50 });
    expect(run.env.repossessed).toContain(frame);
    expect(run.exos.vm.pages.lookup(0x7e000000)).toBeUndefined();
    expect(run.diagnostics()).toContain('exos: page 0x7e000000 was repossessed');
    run.kernel.machine.console.feed('1\n');
    expect(run.kernel.run(1_000_000).reason).toBe('halted');
    expect(run.output()).toBe('0');
    expect(run.kernel.frames.ownedBy(run.env.id)).toEqual([]);
  });
});

describe('ExOS exceptions, as SPIM reports them', () => {
  it('reports a load from an unmapped address and carries on', () => {
    const source =
      'main: lw $t0 0($zero)\n li $v0 4\n la $a0 msg\n syscall\n li $v0 10\n syscall\n .data\nmsg: .asciiz "after\\n"\n';
    const { bare, exos, reason } = bothWays(source);
    expect(reason).toBe('halted');
    expect(exos.output()).toBe('  Exception 7  [Bad data address]  occurred and ignored\nafter\n');
    expect(exos.output()).toBe(bare.output());
    expect(exos.diagnostics()).toBe(bare.diagnostics());
    const main = exos.symbols.get('main')!;
    expect(exos.diagnostics()).toContain(
      `Exception occurred at PC=0x${main.toString(16).padStart(8, '0')}`,
    );
  });

  it('reports a store to a wild address and an unknown syscall like bare mode', () => {
    const source = `
main:   li    $t0, 0x30000000
        sw    $t0, 0($t0)
        li    $v0, 77
        syscall
        li    $v0, 1
        li    $a0, 5
        syscall
        li    $v0, 17
        li    $a0, 3
        syscall
`;
    const { bare, exos, reason } = bothWays(source);
    expect(reason).toBe('halted');
    expect(exos.output()).toBe(
      '  Exception 7  [Bad data address]  occurred and ignored\n' +
        '  Exception 8  [Error in syscall]  occurred and ignored\n5',
    );
    expect(exos.output()).toBe(bare.output());
    expect(exos.diagnostics()).toBe(bare.diagnostics());
    expect(exos.env.exitCode).toBe(3);
  });

  it('prints the same stdout and stderr as bare mode for exceptions.s', () => {
    const { bare, exos } = bothWays(read('exceptions.s'));
    expect(exos.output()).toBe(read('exceptions.out'));
    expect(exos.diagnostics()).toBe(bare.diagnostics());
  });
});

describe('ExOS console input', () => {
  it('blocks on read_int until a whole line arrives, then continues', () => {
    const run = loadUnderExos(
      'echo.s',
      'main: li $v0 5\n syscall\n move $a0 $v0\n addi $a0 $a0 1\n li $v0 1\n syscall\n li $v0 10\n syscall\n',
      undefined,
      { keepInputOpen: true },
    );
    expect(run.kernel.run(1_000_000).reason).toBe('blocked');
    expect(run.output()).toBe('');
    run.kernel.machine.console.feed('4');
    expect(run.kernel.run(1_000_000).reason).toBe('blocked');
    run.kernel.machine.console.feed('1\n');
    expect(run.kernel.run(1_000_000).reason).toBe('halted');
    expect(run.output()).toBe('42');
    expect(run.env.state).toBe('exited');
  });

  it('runs fibonacci.s fed a line at a time, with the recorded output', () => {
    const run = loadUnderExos('fibonacci.s', read('fibonacci.s'), undefined, {
      keepInputOpen: true,
    });
    const con = run.kernel.machine.console;
    let blocked = 0;
    for (const line of read('fibonacci.in').split(/(?<=\n)/)) {
      if (run.kernel.run(50_000_000).reason === 'blocked') blocked++;
      con.feed(line);
    }
    con.endInput();
    expect(run.kernel.run(200_000_000).reason).toBe('halted');
    expect(blocked).toBeGreaterThan(0);
    expect(run.output()).toBe(read('fibonacci.out'));
  });

  it('read_char and read_string block, then read what arrived; EOF gives 0 and ""', () => {
    const source = `
main:   li    $v0, 12
        syscall
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 8
        la    $a0, buf
        li    $a1, 4
        syscall
        li    $v0, 4
        la    $a0, buf
        syscall
        li    $v0, 12
        syscall
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
        .data
buf:    .space 16
`;
    const run = loadUnderExos('chars.s', source, undefined, { keepInputOpen: true });
    expect(run.kernel.run(1_000_000).reason).toBe('blocked');
    run.kernel.machine.console.feed('A');
    expect(run.kernel.run(1_000_000).reason).toBe('blocked');
    expect(run.output()).toBe('65');
    run.kernel.machine.console.feed('xyzw\n');
    run.kernel.machine.console.endInput();
    expect(run.kernel.run(1_000_000).reason).toBe('halted');
    const bare = loadBare('chars.s', source, 'Axyzw\n');
    bare.session.run(1_000_000);
    expect(run.output()).toBe(bare.output());
    expect(run.output()).toBe('65xyz119');
  });

  it('read(0) returns the bytes that have arrived before a whole line', () => {
    const source = `
main:   li    $v0, 14
        li    $a0, 0
        la    $a1, buf
        li    $a2, 16
        syscall
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
        .data
buf:    .space 16
`;
    const run = loadUnderExos('part.s', source, undefined, { keepInputOpen: true });
    expect(run.kernel.run(1_000_000).reason).toBe('blocked');
    run.kernel.machine.console.feed('abc');
    expect(run.kernel.run(1_000_000).reason).toBe('halted');
    expect(run.output()).toBe('3');
  });
});

describe('loading under ExOS', () => {
  const load = (name: string, text: string | Uint8Array) =>
    loadProgram(
      new Exokernel({ memoryBytes: 4 << 20 }),
      name,
      typeof text === 'string' ? new TextEncoder().encode(text) : text,
    );

  it('reports assembly errors with the file and line', () => {
    const got = load('bad.s', 'main: frob $t0\n');
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.errors.join('\n')).toMatch(/bad\.s:1/);
  });

  it('refuses kernel segments: the program runs in user mode', () => {
    const got = load('k.s', 'main: nop\n .ktext 0x80000180\n nop\n');
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.errors[0]).toMatch(/\.ktext .*user mode/);
  });

  it('reports a broken ELF file', () => {
    const got = load('broken', Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 1, 1));
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.errors[0]).toMatch(/^broken: /);
  });

  it('passes argc and argv as bare mode does', () => {
    const source = `
main:   move  $s0, $a1
        li    $v0, 1
        syscall                     # argc is in $a0
        lw    $a0, 4($s0)
        li    $v0, 4
        syscall
        li    $v0, 10
        syscall
`;
    const run = loadUnderExos('args.s', source, undefined, { args: ['hello'] });
    run.kernel.run(1_000_000);
    expect(run.output()).toBe('2hello');
  });
});
