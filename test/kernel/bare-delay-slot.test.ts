/**
 * The default exception handler and faults in branch delay slots: every kind of branch, taken
 * and not taken, must resume where the branch goes, with the fault reported once and the
 * registers (including $at, $v0, $a0 the handler itself uses) as they were.
 */
import { describe, expect, it } from 'vitest';
import { runUser } from '../machine/helpers/run-snippet.ts';

const REPORT = '  Exception 9  [Breakpoint]  occurred and ignored\n';

/** `setup`, then `branch` with `break` in its slot; $t0 = 1 on the taken path, 2 if not. */
function program(setup: string, branch: string): string {
  return `
        li    $t0, 0
        ${setup}
        .set  noreorder
        ${branch}
        break
        li    $t0, 2
        b     end
        nop
target: li    $t0, 1
end:    .set  reorder`;
}

const CASES: [string, string, string, number][] = [
  ['beq taken', 'li $t1, 3\n li $t2, 3', 'beq $t1, $t2, target', 1],
  ['beq not taken', 'li $t1, 3\n li $t2, 4', 'beq $t1, $t2, target', 2],
  ['bne taken', 'li $t1, 3\n li $t2, 4', 'bne $t1, $t2, target', 1],
  ['blez taken', 'li $t1, -1', 'blez $t1, target', 1],
  ['bgtz not taken', 'li $t1, 0', 'bgtz $t1, target', 2],
  ['bltz taken', 'li $t1, -5', 'bltz $t1, target', 1],
  ['bgez not taken', 'li $t1, -5', 'bgez $t1, target', 2],
  ['beql taken', 'li $t1, 7\n li $t2, 7', 'beql $t1, $t2, target', 1],
  ['j', '', 'j target', 1],
  ['jr', 'la $t1, target', 'jr $t1', 1],
  ['bc1t taken', 'li.s $f0, 1.0\n c.eq.s $f0, $f0', 'bc1t target', 1],
  ['bc1f not taken', 'li.s $f0, 1.0\n c.eq.s $f0, $f0', 'bc1f target', 2],
  ['bc1t on cc3 taken', 'li.s $f0, 1.0\n c.eq.s $fcc3, $f0, $f0', 'bc1t $fcc3, target', 1],
];

describe('a fault in a delay slot under the default handler', () => {
  for (const [name, setup, branch, path] of CASES) {
    it(`${name}: reported once, resumes on the ${path === 1 ? 'taken' : 'fall-through'} path`, () => {
      const r = runUser(program(setup, branch));
      expect(r.output).toBe(REPORT);
      expect(r.regs.t0).toBe(path);
    });
  }

  it('links for jal and keeps the registers the handler borrows ($at, $a0, $s0)', () => {
    const r = runUser(`
        li    $at, 11
        li    $a0, 33
        li    $s0, 44
        .set  noreorder
        jal   sub
        break
        .set  reorder
        b     end
sub:    move  $t0, $ra
        jr    $ra
end:`);
    expect(r.output).toBe(REPORT);
    expect(r.regs.at).toBe(11);
    expect(r.regs.s0).toBe(44);
    expect(r.regs.a0).toBe(33);
    expect(r.regs.t0).toBeGreaterThan(0x00400000);
  });
});
