/**
 * Lab 2's graded tests: the student's page-fault handler rebinds pages from the page table,
 * gives demand-zero addresses fresh clean pages, leaves bad addresses unmapped, and the
 * protection-fault handler turns the first store to a clean page into a dirty, writable page
 * while refusing stores to read-only pages.
 */
import { defineTests } from '../../../source/grader/lab-api.ts';
import { load, unbindAll } from './plug.ts';

// Sums a 10-word table in .data: prints 55.
const SUM = `
        .data
table:  .word 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        .text
main:   la    $t0, table
        li    $t1, 0
        li    $a0, 0
sum:    lw    $t2, 0($t0)
        addu  $a0, $a0, $t2
        addiu $t0, $t0, 4
        addiu $t1, $t1, 1
        blt   $t1, 10, sum
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;

// Four fresh heap pages: reads all (zeros), writes pages 0 and 1, prints 42; then a store and
// load 64 KiB below the stack pointer, prints 42 again; then waits for input (so the test can
// look at its pages before it exits).
const HEAP = `
main:   li    $a0, 16384
        li    $v0, 9
        syscall
        move  $s0, $v0
        li    $t0, 0
        li    $s1, 0
read:   sll   $t1, $t0, 12
        addu  $t1, $t1, $s0
        lw    $t2, 0($t1)
        addu  $s1, $s1, $t2
        addiu $t0, $t0, 1
        blt   $t0, 4, read
        li    $t2, 20
        sw    $t2, 0($s0)
        li    $t2, 22
        sw    $t2, 4096($s0)
        lw    $a0, 0($s0)
        lw    $t3, 4096($s0)
        addu  $a0, $a0, $t3
        addu  $a0, $a0, $s1
        li    $v0, 1
        syscall
        addiu $t4, $sp, -65536
        sw    $a0, 0($t4)
        lw    $a0, 0($t4)
        li    $v0, 1
        syscall
        li    $v0, 5
        syscall
        li    $v0, 10
        syscall
`;

// A load from an address nobody mapped (not heap, not stack): reported, then prints 7.
const BAD = `
main:   li    $t0, 0x00001000
        lw    $a0, 0($t0)
        li    $a0, 7
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;

// Stores 99 over the first word of a read-only table, then prints that word.
const READ_ONLY = `
        .data
table:  .word 1
        .text
main:   la    $t0, table
        li    $t1, 99
        sw    $t1, 0($t0)
        lw    $a0, 0($t0)
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;

export const tests = defineTests([
  {
    name: 'lookup-rebinds',
    title:
      'every binding dropped: the handler finds each page in the page table and binds it again',
    run(t) {
      const run = load(t, SUM);
      const dropped = unbindAll(run);
      run.kernel.switchTo(run.env);
      run.kernel.run(t.limits.cycles);
      t.equal(run.output(), '55', 'what the program printed (the sum of its table)');
      t.ok(
        dropped >= 3 && run.faults() >= 2,
        'page faults taken (text and data at least)',
        '>= 2',
        run.faults(),
      );
      t.equal(run.env.state, 'exited', 'the program ran to its end');
    },
  },
  {
    name: 'demand-zero',
    title: 'first touches of new heap and stack pages get fresh zeroed frames',
    run(t) {
      const run = load(t, HEAP);
      run.kernel.switchTo(run.env);
      run.kernel.run(t.limits.cycles);
      t.equal(run.output(), '4242', 'what the program printed (heap sum, then the stack word)');
    },
  },
  {
    name: 'clean-until-written',
    title:
      'a demand-zero page only read stays clean and read-only; a written one is dirty and writable',
    run(t) {
      const run = load(t, HEAP);
      run.kernel.switchTo(run.env);
      run.kernel.run(t.limits.cycles);
      t.equal(run.output(), '4242', 'what the program printed');
      const heap = [...run.exos.vm.pages.entries()]
        .filter(([vpn]) => vpn * 4096 >= run.exos.vm.pages.heapBase && vpn < 0x7b000)
        .sort((a, b) => a[0] - b[0])
        .slice(-4);
      t.equal(heap.length, 4, 'heap pages in the page table');
      const state = heap.map(([vpn, e]) => {
        const lo = run.env.bindings.get(vpn);
        return { dirty: e.dirty, boundWritable: lo !== undefined && (lo & 0x400) !== 0 };
      });
      const written = { dirty: true, boundWritable: true };
      const read = { dirty: false, boundWritable: false };
      t.equal(
        state,
        [written, written, read, read],
        'heap pages 0-3 after writing 0 and 1 and reading all',
      );
    },
  },
  {
    name: 'bad-address-unmapped',
    title:
      'an address outside every region stays unmapped: the program gets a bad-address exception',
    run(t) {
      const run = load(t, BAD);
      run.kernel.switchTo(run.env);
      run.kernel.run(t.limits.cycles);
      t.equal(run.env.bindings.has(1), false, 'a binding for page 0x00001000');
      t.equal(run.exos.vm.pages.lookup(0x1000), undefined, 'a page-table entry for 0x00001000');
      t.ok(
        /Bad data address|Exception 7/.test(run.output()),
        'the bad address reported to the program',
        'Exception 7 [Bad data address]',
        run.output(),
      );
      t.ok(run.output().endsWith('7'), 'the program went on and printed 7', '…7', run.output());
    },
  },
  {
    name: 'read-only-refused',
    title: 'a store to a page that is not writable is refused, not made writable',
    run(t) {
      const run = load(t, READ_ONLY);
      const table = run.exos.vm.pages.lookup(0x10010000);
      t.ok(table !== undefined, 'the data page in the page table');
      table!.writable = false;
      table!.dirty = false;
      run.kernel.calls.apiFor(run.env).call('bind', 0x10010000, table!.cap, 0);
      run.kernel.switchTo(run.env);
      run.kernel.run(t.limits.cycles);
      t.ok(
        run.output().endsWith('1'),
        'the word after the refused store (unchanged: 1)',
        '…1',
        run.output(),
      );
      t.equal(table!.dirty, false, 'the read-only page marked dirty');
    },
  },
]);
