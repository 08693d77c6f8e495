/**
 * Lab 3's graded tests: the student's revocation handler gives back what is asked, the named
 * frame or N of its choice; chooses clean pages to meet a 50 µs deadline; and saves dirty
 * pages so the program, resumed, still computes the right answer.
 */
import { defineTests, type LabContext } from '../../../source/grader/lab-api.ts';
import { startProgram } from './plug.ts';

// Writes i*7 into the first word of 10 heap pages (dirty), reads 6 more (clean), waits for a
// number on the console, then sums the 10 written words and prints the sum (315).
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
        li    $v0, 5
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

function resume(t: LabContext, run: ReturnType<typeof startProgram>) {
  run.kernel.machine.console.feed('1\n');
  run.kernel.machine.console.endInput();
  run.kernel.run(t.limits.cycles);
  t.equal(
    run.output(),
    '315',
    'what the program printed after the revocation (the sum of its 10 written words)',
  );
}

export const tests = defineTests([
  {
    name: 'gives-back-count',
    title: 'asked for 3 frames with time enough, the handler gives back 3 and unmaps them',
    run(t) {
      const run = startProgram(t, PROGRAM);
      const frames = () => run.kernel.frames.ownedBy(run.env.id);
      const before = frames();
      const r = run.kernel.revoke(run.env, { count: 3, deadlineUs: 100_000 });
      t.equal(
        r.revocation?.outcome,
        'complied',
        'the revocation (aborted: the kernel had to take frames by force)',
      );
      t.equal(
        frames().length,
        before.length - 3,
        'frames the environment owns after giving back 3',
      );
      const bound = new Set([...run.env.bindings.values()].map((lo) => lo >>> 12));
      const gone = before.filter((f) => !frames().includes(f));
      t.equal(
        gone.filter((f) => bound.has(f)),
        [],
        'released frames still mapped',
      );
    },
  },
  {
    name: 'gives-back-named-frame',
    title: 'asked for one named (dirty) frame, the handler gives back that one, and saves it',
    run(t) {
      const run = startProgram(t, PROGRAM);
      // The highest heap page bound writable (D set): one the program wrote.
      const dirty = [...run.env.bindings]
        .filter(([vpn, lo]) => vpn >= 0x10010 && vpn < 0x7b000 && (lo & 0x400) !== 0)
        .sort((x, y) => y[0] - x[0]);
      t.ok(dirty.length > 0, 'the program has dirty heap pages');
      const frame = dirty[0][1] >>> 12;
      const r = run.kernel.revoke(run.env, { frame, deadlineUs: 100_000 });
      t.equal(r.revocation?.outcome, 'complied', `the revocation of frame ${frame}`);
      t.equal(
        run.kernel.frames.ownerOf(frame) === run.env.id,
        false,
        `env still owns frame ${frame}`,
      );
      resume(t, run);
    },
  },
  {
    name: 'clean-first-meets-deadline',
    title: '6 frames within 50 µs: only releasing clean pages (no disk writes) is fast enough',
    run(t) {
      const run = startProgram(t, PROGRAM);
      const r = run.kernel.revoke(run.env, { count: 6, deadlineUs: 50 });
      t.equal(r.revocation?.outcome, 'complied', 'the revocation within 50 µs');
      resume(t, run);
    },
  },
  {
    name: 'dirty-pages-survive',
    title: '10 frames with time enough: dirty pages go to disk and the program still sums right',
    run(t) {
      const run = startProgram(t, PROGRAM);
      const r = run.kernel.revoke(run.env, { count: 10, deadlineUs: 100_000 });
      t.equal(r.revocation?.outcome, 'complied', 'the revocation of 10 frames');
      t.equal(run.env.repossessed, [], 'frames the kernel repossessed');
      resume(t, run);
    },
  },
]);
