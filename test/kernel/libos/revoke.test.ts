/**
 * ExOS's default revocation handler under the kernel's visible revocation: clean pages are
 * given back first and meet a 50 µs deadline; a request that needs dirty pages written to disk
 * misses it and is aborted; with time enough, dirty pages go to disk, and when the program
 * touches them again they come back from disk with their contents.
 */
import { describe, expect, it } from 'vitest';
import { loadUnderExos } from './helpers.ts';

// Writes i*7 into the first word of 10 heap pages (dirty), reads 6 more (clean), then waits
// for a number on the console, then sums the 10 written words and prints the sum (315).
const PROGRAM = `
main:   li    $a0, 65536
        li    $v0, 9
        syscall
        move  $s0, $v0
        li    $t0, 0
write:  sll   $t1, $t0, 12
        addu  $t1, $t1, $s0
        mul   $t2, $t0, 7
        sw    $t2, 0($t1)
        addiu $t0, $t0, 1
        blt   $t0, 10, write
read:   sll   $t1, $t0, 12
        addu  $t1, $t1, $s0
        lw    $t2, 0($t1)
        addiu $t0, $t0, 1
        blt   $t0, 16, read
        li    $v0, 5              # wait here: the test revokes while the program blocks
        syscall
        li    $t0, 0
        li    $a0, 0
sum:    sll   $t1, $t0, 12
        addu  $t1, $t1, $s0
        lw    $t2, 0($t1)
        addu  $a0, $a0, $t2
        addiu $t0, $t0, 1
        blt   $t0, 10, sum
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;

function blockedAtRead() {
  const run = loadUnderExos('pages.s', PROGRAM, undefined, { keepInputOpen: true });
  expect(run.kernel.run(2_000_000).reason).toBe('blocked');
  return run;
}

describe('ExOS default revocation handler', () => {
  it('gives back clean pages first and meets a 50 µs deadline', () => {
    const run = blockedAtRead();
    const before = run.kernel.frames.ownedBy(run.env.id).length;
    const result = run.kernel.revoke(run.env, { count: 6, deadlineUs: 50 });
    expect(result.revocation?.outcome).toBe('complied');
    expect(run.kernel.frames.ownedBy(run.env.id).length).toBe(before - 6);
    run.kernel.machine.console.feed('1\n');
    run.kernel.run(2_000_000);
    expect(run.output()).toBe('315');
  });

  it('misses a 50 µs deadline when dirty pages must go to disk first, and is aborted', () => {
    const run = blockedAtRead();
    const result = run.kernel.revoke(run.env, { count: 10, deadlineUs: 50 });
    expect(result.revocation?.outcome).toBe('aborted');
    expect(run.env.repossessed.length).toBeGreaterThan(0);
  });

  it('with time enough, writes dirty pages out and reads them back on the next touch', () => {
    const run = blockedAtRead();
    const result = run.kernel.revoke(run.env, { count: 10, deadlineUs: 100_000 });
    expect(result.revocation?.outcome).toBe('complied');
    expect(run.exos.vm.swapped.size).toBe(4);
    run.kernel.machine.console.feed('1\n');
    expect(run.kernel.run(10_000_000).reason).toBe('halted');
    expect(run.output()).toBe('315');
    expect(run.exos.vm.swapped.size).toBe(0);
  });
});
