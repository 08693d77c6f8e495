/**
 * Branches and jumps with real delay slots (`.set noreorder` puts a visible instruction in the
 * slot): taken / not taken, branch-likely nullification, and link values.
 *
 * Each branch snippet counts in $t0: the slot adds 1, the fall-through path adds 10, the target
 * adds 100. Taken: 101. Not taken: 111. Not-taken branch-likely (slot nullified): 110.
 */
import { describe, expect, it } from 'vitest';
import { runUser } from './helpers/run-snippet.ts';

const TAKEN = 101;
const NOT_TAKEN = 111;
const NULLIFIED = 110;

/** `setup` loads $t1/$t2; `branch` is the branch instruction aimed at `target`. */
function branchSnippet(setup: string, branch: string): string {
  return `${setup}
        li    $t0, 0
        .set  noreorder
        ${branch}
        addiu $t0, $t0, 1      # delay slot
        addiu $t0, $t0, 10     # fall-through
target: addiu $t0, $t0, 100
        .set  reorder`;
}

const BRANCHES: [string, string, string, number][] = [
  ['beq equal', 'li $t1, 5\nli $t2, 5', 'beq $t1, $t2, target', TAKEN],
  ['beq unequal', 'li $t1, 5\nli $t2, 6', 'beq $t1, $t2, target', NOT_TAKEN],
  ['bne unequal', 'li $t1, 5\nli $t2, -5', 'bne $t1, $t2, target', TAKEN],
  ['bne equal', 'li $t1, -5\nli $t2, -5', 'bne $t1, $t2, target', NOT_TAKEN],
  ['blez zero', 'li $t1, 0', 'blez $t1, target', TAKEN],
  ['blez negative', 'li $t1, -1', 'blez $t1, target', TAKEN],
  ['blez positive', 'li $t1, 1', 'blez $t1, target', NOT_TAKEN],
  ['bgtz positive', 'li $t1, 1', 'bgtz $t1, target', TAKEN],
  ['bgtz zero', 'li $t1, 0', 'bgtz $t1, target', NOT_TAKEN],
  ['bgtz most negative', 'li $t1, 0x80000000', 'bgtz $t1, target', NOT_TAKEN],
  ['bltz negative', 'li $t1, 0x80000000', 'bltz $t1, target', TAKEN],
  ['bltz zero', 'li $t1, 0', 'bltz $t1, target', NOT_TAKEN],
  ['bgez zero', 'li $t1, 0', 'bgez $t1, target', TAKEN],
  ['bgez negative', 'li $t1, -1', 'bgez $t1, target', NOT_TAKEN],
  ['beql taken runs the slot', 'li $t1, 5\nli $t2, 5', 'beql $t1, $t2, target', TAKEN],
  ['beql not taken nullifies the slot', 'li $t1, 5\nli $t2, 6', 'beql $t1, $t2, target', NULLIFIED],
  ['bnel taken', 'li $t1, 5\nli $t2, 6', 'bnel $t1, $t2, target', TAKEN],
  ['bnel not taken', 'li $t1, 5\nli $t2, 5', 'bnel $t1, $t2, target', NULLIFIED],
  ['blezl taken', 'li $t1, -3', 'blezl $t1, target', TAKEN],
  ['blezl not taken', 'li $t1, 3', 'blezl $t1, target', NULLIFIED],
  ['bgtzl taken', 'li $t1, 3', 'bgtzl $t1, target', TAKEN],
  ['bgtzl not taken', 'li $t1, 0', 'bgtzl $t1, target', NULLIFIED],
  ['bltzl taken', 'li $t1, -3', 'bltzl $t1, target', TAKEN],
  ['bltzl not taken', 'li $t1, 0', 'bltzl $t1, target', NULLIFIED],
  ['bgezl taken', 'li $t1, 0', 'bgezl $t1, target', TAKEN],
  ['bgezl not taken', 'li $t1, -1', 'bgezl $t1, target', NULLIFIED],
  ['bltzal taken', 'li $t1, -1', 'bltzal $t1, target', TAKEN],
  ['bltzal not taken', 'li $t1, 1', 'bltzal $t1, target', NOT_TAKEN],
  ['bgezal taken', 'li $t1, 0', 'bgezal $t1, target', TAKEN],
  ['bgezal not taken', 'li $t1, -1', 'bgezal $t1, target', NOT_TAKEN],
  ['bltzall not taken nullifies', 'li $t1, 1', 'bltzall $t1, target', NULLIFIED],
  ['bgezall taken', 'li $t1, 1', 'bgezall $t1, target', TAKEN],
  ['j runs its slot', '', 'j target', TAKEN],
  ['b (beq $0,$0) runs its slot', '', 'b target', TAKEN],
];

describe('conditional branches and the delay slot', () => {
  it.each(BRANCHES)('%s', (_name, setup, branch, expected) => {
    const r = runUser(branchSnippet(setup, branch));
    expect(r.output).toBe('');
    expect(r.regs.t0).toBe(expected);
  });
});

/** A snippet whose linking instruction sits at label `here`; $t5 = address of `here`. */
function linkSnippet(setup: string, link: string): string {
  return `${setup}
        la    $t5, here
        li    $t0, 0
        .set  noreorder
here:   ${link}
        addiu $t0, $t0, 1      # delay slot
        addiu $t0, $t0, 10     # fall-through
target: addiu $t0, $t0, 100
        .set  reorder`;
}

describe('link values', () => {
  it.each([
    ['jal', '', 'jal target', TAKEN],
    ['bltzal taken', 'li $t1, -1', 'bltzal $t1, target', TAKEN],
    ['bltzal links even when not taken', 'li $t1, 1', 'bltzal $t1, target', NOT_TAKEN],
    ['bgezal taken', 'li $t1, 0', 'bgezal $t1, target', TAKEN],
    ['bgezal links even when not taken', 'li $t1, -8', 'bgezal $t1, target', NOT_TAKEN],
    ['bgezall links even when not taken', 'li $t1, -8', 'bgezall $t1, target', NULLIFIED],
  ] as const)('%s: $ra = branch + 8', (_name, setup, link, expected) => {
    const r = runUser(linkSnippet(setup, link));
    expect(r.regs.t0).toBe(expected);
    expect(r.regs.ra >>> 0).toBe((r.regs.t5 + 8) >>> 0);
  });

  it('jalr rs links $ra = jalr + 8 and runs the slot', () => {
    const r = runUser(linkSnippet('la $t6, target', 'jalr $t6'));
    expect(r.regs.t0).toBe(TAKEN);
    expect(r.regs.ra >>> 0).toBe((r.regs.t5 + 8) >>> 0);
  });

  it('jalr rd, rs links into rd and leaves $ra alone', () => {
    const r = runUser(linkSnippet('la $t6, target\nli $ra, 77', 'jalr $t7, $t6'));
    expect(r.regs.t0).toBe(TAKEN);
    expect(r.regs.t7 >>> 0).toBe((r.regs.t5 + 8) >>> 0);
    expect(r.regs.ra).toBe(77);
  });

  it('jr runs its slot and reaches the register target', () => {
    const r = runUser(linkSnippet('la $t6, target', 'jr $t6'));
    expect(r.regs.t0).toBe(TAKEN);
  });

  it('a branch in a loop counts down through its delay slot', () => {
    const r = runUser(`
        li    $t1, 5
        li    $t0, 0
        .set  noreorder
loop:   addiu $t1, $t1, -1
        bnez  $t1, loop
        addiu $t0, $t0, 2      # slot runs on every iteration, taken or not
        .set  reorder`);
    expect(r.regs.t0).toBe(10);
    expect(r.regs.t1).toBe(0);
  });

  it('the target of a branch uses the slot address as its base (backward offset)', () => {
    const r = runUser(`
        li    $t0, 0
        b     fwd
back:   addiu $t0, $t0, 100
        b     out
fwd:    addiu $t0, $t0, 1
        b     back
out:`);
    expect(r.regs.t0).toBe(101);
  });
});
