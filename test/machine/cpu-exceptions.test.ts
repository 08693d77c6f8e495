/**
 * Exceptions: traps, break, reserved instructions and syscall in user mode (bare mode's default
 * handler prints them), and in kernel mode with our own handlers: Cause.ExcCode, Cause.BD and
 * EPC for faults in branch delay slots, BadVAddr, the KU/IE stack push, and resuming.
 */
import { describe, expect, it } from 'vitest';
import { excCode, RECORDING_VECTORS, runKernel, runUser } from './helpers/run-snippet.ts';

const TRAP = '  Exception 13  [Trap]  occurred and ignored\n';

describe('conditional traps (exception 13)', () => {
  it.each([
    ['teq equal', 'li $t0, 3\nli $t1, 3', 'teq $t0, $t1', true],
    ['teq unequal', 'li $t0, 3\nli $t1, 4', 'teq $t0, $t1', false],
    ['tne unequal', 'li $t0, 3\nli $t1, 4', 'tne $t0, $t1', true],
    ['tne equal', 'li $t0, 3\nli $t1, 3', 'tne $t0, $t1', false],
    ['tge signed greater', 'li $t0, 1\nli $t1, -1', 'tge $t0, $t1', true],
    ['tge signed less', 'li $t0, -1\nli $t1, 1', 'tge $t0, $t1', false],
    ['tge equal', 'li $t0, -1\nli $t1, -1', 'tge $t0, $t1', true],
    ['tgeu unsigned (-1 is large)', 'li $t0, -1\nli $t1, 1', 'tgeu $t0, $t1', true],
    ['tgeu unsigned less', 'li $t0, 1\nli $t1, -1', 'tgeu $t0, $t1', false],
    ['tlt signed less', 'li $t0, -1\nli $t1, 1', 'tlt $t0, $t1', true],
    ['tlt equal', 'li $t0, 1\nli $t1, 1', 'tlt $t0, $t1', false],
    ['tltu unsigned less', 'li $t0, 1\nli $t1, -1', 'tltu $t0, $t1', true],
    ['tltu unsigned greater', 'li $t0, -1\nli $t1, 1', 'tltu $t0, $t1', false],
    ['teqi equal', 'li $t0, -5', 'teqi $t0, -5', true],
    ['teqi unequal', 'li $t0, 5', 'teqi $t0, -5', false],
    ['tnei unequal', 'li $t0, 5', 'tnei $t0, -5', true],
    ['tnei equal', 'li $t0, -5', 'tnei $t0, -5', false],
    ['tgei signed', 'li $t0, 0', 'tgei $t0, -1', true],
    ['tgei signed false', 'li $t0, -2', 'tgei $t0, -1', false],
    ['tgeiu immediate sign-extended, compared unsigned', 'li $t0, 5', 'tgeiu $t0, -1', false],
    ['tgeiu max', 'li $t0, -1', 'tgeiu $t0, -1', true],
    ['tlti signed', 'li $t0, -2', 'tlti $t0, -1', true],
    ['tlti signed false', 'li $t0, 0', 'tlti $t0, -1', false],
    ['tltiu immediate sign-extended, compared unsigned', 'li $t0, 5', 'tltiu $t0, -1', true],
    ['tltiu false', 'li $t0, -1', 'tltiu $t0, -1', false],
  ] as const)('%s', (_name, setup, trap, traps) => {
    const r = runUser(`${setup}\n${trap}\nli $t2, 1`);
    expect(r.output).toBe(traps ? TRAP : '');
    expect(r.regs.t2).toBe(1); // resumed after the trap
  });
});

describe('other exceptions through the default handler', () => {
  it('break raises exception 9', () => {
    expect(runUser('break\nli $t2, 1').output).toBe(
      '  Exception 9  [Breakpoint]  occurred and ignored\n',
    );
  });

  it('a reserved opcode raises exception 10', () => {
    const r = runUser('.word 0xfc000000\nli $t2, 1');
    expect(r.output).toBe('  Exception 10  [Reserved instruction]  occurred and ignored\n');
    expect(r.regs.t2).toBe(1);
  });

  it('a reserved SPECIAL function raises exception 10', () => {
    expect(runUser('.word 0x00000005').output).toContain('Exception 10 ');
  });

  it('a syscall in a delay slot is serviced and the branch still goes to its target', () => {
    const r = runUser(`
        li    $v0, 1
        li    $a0, 7
        li    $t0, 0
        .set  noreorder
        b     over
        syscall
        li    $t0, 5
over:   .set  reorder`);
    expect(r.output).toBe('7');
    expect(r.regs.t0).toBe(0);
  });

  // For a fault in a delay slot EPC is the branch; the default handler works out where the
  // branch goes instead of resuming at EPC + 4 (which would re-run the slot and lose the branch).
  it('an overflow in a delay slot is reported once and the branch still goes to its target', () => {
    const r = runUser(`
        li    $t1, 0x7fffffff
        li    $t0, 0
        .set  noreorder
        b     over
        add   $t3, $t1, $t1
        li    $t0, 5
over:   .set  reorder`);
    expect(r.output).toBe('  Exception 12  [Arithmetic overflow]  occurred and ignored\n');
    expect(r.regs.t0).toBe(0);
  });
});

/** Kernel program: `setup`, then `body`, then done. The vectors record EPC/Cause/BadVAddr. */
function kernel(setup: string, body: string): string {
  return `${RECORDING_VECTORS}
        .ktext 0x80001000
start:  ${setup}
        .set  noreorder
${body}
        nop
done:   b     done
        nop
        .set  reorder`;
}

const FAULTS: [string, string, string, number][] = [
  ['break', '', 'break', 9],
  ['syscall (no host service in kernel tests)', '', 'syscall', 8],
  ['add overflow', 'li $t1, 0x7fffffff', 'add $t2, $t1, $t1', 12],
  ['reserved instruction', '', '.word 0xfc000000', 10],
  ['teq', '', 'teq $zero, $zero', 13],
  ['unaligned lw', 'li $t1, 0x80002001', 'lw $t2, 0($t1)', 4],
  ['unaligned sh', 'li $t1, 0x80002001', 'sh $t2, 0($t1)', 5],
];

describe('exceptions in kernel mode: Cause, EPC and BD', () => {
  it.each(FAULTS)(
    '%s outside a delay slot: EPC = the instruction, BD clear',
    (_n, setup, insn, code) => {
      const r = runKernel(kernel(setup, `fault:  ${insn}`));
      expect(r.done).toBe(true);
      expect(r.regs.k1).toBe(2);
      expect(excCode(r.regs.s6)).toBe(code);
      expect(r.regs.s6 >>> 31).toBe(0);
      expect(r.regs.s5 >>> 0).toBe(r.symbols.get('fault'));
    },
  );

  it.each(FAULTS)(
    '%s in a taken branch slot: EPC = the branch, BD set',
    (_n, setup, insn, code) => {
      const r = runKernel(kernel(setup, `branch: beq $zero, $zero, away\n${insn}\naway: nop`));
      expect(excCode(r.regs.s6)).toBe(code);
      expect(r.regs.s6 >>> 31).toBe(1);
      expect(r.regs.s5 >>> 0).toBe(r.symbols.get('branch'));
    },
  );

  it.each(FAULTS)('%s in a not-taken branch slot: still BD', (_n, setup, insn, code) => {
    const r = runKernel(kernel(setup, `branch: bne $zero, $zero, away\n${insn}\naway: nop`));
    expect(excCode(r.regs.s6)).toBe(code);
    expect(r.regs.s6 >>> 31).toBe(1);
    expect(r.regs.s5 >>> 0).toBe(r.symbols.get('branch'));
  });

  it('a fault in a jr slot: EPC = the jr, BD set', () => {
    const r = runKernel(kernel('la $t9, done', 'branch: jr $t9\nbreak'));
    expect(excCode(r.regs.s6)).toBe(9);
    expect(r.regs.s6 >>> 31).toBe(1);
    expect(r.regs.s5 >>> 0).toBe(r.symbols.get('branch'));
  });

  it('a fault in a jal slot: EPC = the jal, BD set, and $ra was already linked', () => {
    const r = runKernel(kernel('', 'branch: jal done\nbreak'));
    expect(r.regs.s6 >>> 31).toBe(1);
    expect(r.regs.s5 >>> 0).toBe(r.symbols.get('branch'));
    expect(r.regs.ra >>> 0).toBe((r.symbols.get('branch')! + 8) >>> 0);
  });

  it('an address error in a delay slot sets BadVAddr to the data address', () => {
    const r = runKernel(kernel('li $t1, 0x80002002', 'branch: b away\nlw $t2, 0($t1)\naway: nop'));
    expect(excCode(r.regs.s6)).toBe(4);
    expect(r.regs.s7 >>> 0).toBe(0x80002002);
    expect(r.regs.s5 >>> 0).toBe(r.symbols.get('branch'));
  });

  it('a jump to an unaligned address faults on fetch with EPC = BadVAddr = the target', () => {
    const r = runKernel(kernel('li $t1, 0x80001002', 'jr $t1\nnop'));
    expect(excCode(r.regs.s6)).toBe(4);
    expect(r.regs.s5 >>> 0).toBe(0x80001002);
    expect(r.regs.s7 >>> 0).toBe(0x80001002);
  });

  it('taking an exception pushes the KU/IE stack (kernel, interrupts off)', () => {
    // Status low bits before: KUo=0 IEo=0 KUp=1 IEp=0 KUc=0 IEc=1 -> after: 0b100100.
    const r = runKernel(kernel('li $t0, 0x10000009\nmtc0 $t0, $12', 'break'));
    expect(r.regs.s4 & 0x3f).toBe(0b100100);
    expect(r.regs.s4 >>> 28).toBe(1); // CU0 kept
  });
});

describe('resuming from a kernel handler', () => {
  it('jr k0 / rfe after EPC + 4 continues after each fault', () => {
    const r = runKernel(`
        .ktext 0x80000080
        addiu $s3, $s3, 1
        mfc0  $k0, $14
        addiu $k0, $k0, 4
        jr    $k0
        rfe
        .ktext 0x80001000
start:  li    $s3, 0
        break
        teq   $zero, $zero
        li    $t0, 0x7fffffff
        add   $t1, $t0, $t0
        li    $s2, 1
done:   b     done
        nop`);
    expect(r.done).toBe(true);
    expect(r.regs.s3).toBe(3);
    expect(r.regs.s2).toBe(1);
  });

  it('eret returns to EPC without a delay slot', () => {
    const r = runKernel(`
        .ktext 0x80000080
        mfc0  $k0, $14
        addiu $k0, $k0, 4
        mtc0  $k0, $14
        eret
        li    $s1, 99             # must not run
        .ktext 0x80001000
start:  li    $s1, 0
        syscall
        li    $s2, 1
done:   b     done
        nop`);
    expect(r.regs.s2).toBe(1);
    expect(r.regs.s1).toBe(0);
  });
});
