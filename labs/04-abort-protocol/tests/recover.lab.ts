/**
 * Lab 4's graded tests, the library-OS side: a program under ExOS loses pages to the abort
 * protocol and, with the student's recovery handler, carries on — pages with a good copy on
 * disk come back with their contents, the others come back zeroed and are reported lost.
 */
import { PAGE_SIZE } from '../../../kernel/libos/index.ts';
import { defineTests, type LabContext } from '../../../source/grader/lab-api.ts';
import { hex, type Program, startProgram } from './plug.ts';

// Prints its heap base; writes i+1 into the first word of 8 heap pages; waits for a line.
// Then reads all 8, stores 40 into page 3, waits again; then prints the first word of each.
const PROGRAM = `
main:   li    $a0, 32768
        li    $v0, 9
        syscall
        move  $s0, $v0
        move  $a0, $v0
        li    $v0, 1
        syscall
        li    $a0, 10
        li    $v0, 11
        syscall
        li    $t0, 0
fill:   sll   $t1, $t0, 12
        addu  $t1, $t1, $s0
        addiu $t2, $t0, 1
        sw    $t2, 0($t1)
        addiu $t0, $t0, 1
        blt   $t0, 8, fill
        li    $v0, 5
        syscall
        li    $t0, 0
touch:  sll   $t1, $t0, 12
        addu  $t1, $t1, $s0
        lw    $t2, 0($t1)
        addiu $t0, $t0, 1
        blt   $t0, 8, touch
        li    $t2, 40
        sw    $t2, 12288($s0)
        li    $v0, 5
        syscall
        li    $t0, 0
show:   sll   $t1, $t0, 12
        addu  $t1, $t1, $s0
        lw    $a0, 0($t1)
        li    $v0, 1
        syscall
        li    $a0, 32
        li    $v0, 11
        syscall
        addiu $t0, $t0, 1
        blt   $t0, 8, show
        li    $v0, 10
        syscall
`;

/**
 * Runs PROGRAM to its second wait: pages 2 and 3 went to disk (ExOS's own handler complied)
 * and came back; page 2 is clean with a good disk copy, page 3 written since (its copy stale).
 */
function prepared(t: LabContext): { p: Program; base: number; frameOf: (i: number) => number } {
  const p = startProgram(t, PROGRAM);
  const base = Number.parseInt(p.output(), 10);
  const frameOf = (i: number) => {
    const e = p.exos.vm.pages.lookup(base + i * PAGE_SIZE);
    if (e === undefined) throw new Error(`page ${i} not mapped`);
    return e.frame;
  };
  for (const i of [2, 3]) {
    const r = p.kernel.revoke(p.env, { frame: frameOf(i), deadlineUs: 100_000 });
    t.equal(r.revocation?.outcome, 'complied', `ExOS giving back page ${i} (written to disk)`);
  }
  t.equal(
    p.resume('1\n').reason,
    'blocked',
    'the program after reading its pages back, waiting again',
  );
  return { p, base, frameOf };
}

/** Aborts the revocation of each page in `lost` (the handler ignores it), then lets the program finish. */
function abortAndFinish(
  t: LabContext,
  p: Program,
  frameOf: (i: number) => number,
  pages: number[],
) {
  p.revokeMode = 'ignore';
  for (const i of pages) {
    const r = p.kernel.revoke(p.env, { frame: frameOf(i), deadlineUs: 50 });
    t.equal(
      r.revocation?.outcome,
      'aborted',
      `the revocation of page ${i} (the library OS ignores it)`,
    );
  }
  const before = p.output().length;
  p.resume('2\n');
  t.equal(p.env.state, 'exited', 'the program ran to its end after the repossession');
  return p.output().slice(before).trim();
}

export const tests = defineTests([
  {
    name: 'lost-pages-come-back-zero',
    title:
      'a dirty page taken by force comes back zeroed, is reported lost, and nothing else changes',
    run(t) {
      const { p, base, frameOf } = prepared(t);
      const out = abortAndFinish(t, p, frameOf, [5]);
      t.equal(
        out,
        '1 2 3 40 5 0 7 8',
        'the first word of each page, printed after the repossession',
      );
      t.equal(p.reported.map(hex), [hex(base + 5 * PAGE_SIZE)], 'pages reported lost');
    },
  },
  {
    name: 'disk-copies-reloaded',
    title: 'a clean page whose contents are on disk is read back, not lost',
    run(t) {
      const { p, frameOf } = prepared(t);
      const ins = p.exos.vm.pageIns;
      const out = abortAndFinish(t, p, frameOf, [2]);
      t.equal(
        out,
        '1 2 3 40 5 6 7 8',
        'the first word of each page, printed after the repossession',
      );
      t.equal(p.reported.map(hex), [], 'pages reported lost');
      t.equal(p.exos.vm.pageIns, ins + 1, 'pages read back from disk');
    },
  },
  {
    name: 'stale-disk-copy-lost',
    title: 'a page written since its disk copy was made is lost: the old copy is not its contents',
    run(t) {
      const { p, base, frameOf } = prepared(t);
      const out = abortAndFinish(t, p, frameOf, [3, 6]);
      t.equal(
        out,
        '1 2 3 0 5 6 0 8',
        'the first word of each page, printed after the repossession',
      );
      t.equal(
        p.reported.map(hex).sort(),
        [hex(base + 3 * PAGE_SIZE), hex(base + 6 * PAGE_SIZE)].sort(),
        'pages reported lost',
      );
    },
  },
]);
