/** Pseudo-instruction expansions as SPIM programs rely on them (noreorder, so no delay nops). */
import { describe, expect, it } from 'vitest';
import { listing } from './helpers.ts';

const X = (body: string) => listing(`\t.set noreorder\n${body}`);

describe('pseudo-instructions', () => {
  it.each([
    ['li $t0, 5', ['li $t0,5']],
    ['li $t0, 0xffff', ['ori $t0,$zero,0xffff']],
    ['li $t0, 0x10000', ['lui $t0,0x1']],
    ['li $t0, -70000', ['lui $t0,0xfffe', 'ori $t0,$t0,0xee90']],
    ["li $t0, 'a'", ['li $t0,97']],
    ['addi $t0, $t1, 70000', ['lui $at,0x1', 'ori $at,$at,0x1170', 'add $t0,$t1,$at']],
    ['addiu $t0, $t1, 0x8000', ['ori $at,$zero,0x8000', 'addu $t0,$t1,$at']],
    ['ori $t0, $t1, -1', ['li $at,-1', 'or $t0,$t1,$at']],
    ['andi $t0, 0xff', ['andi $t0,$t0,0xff']],
    ['subu $t0, $t1, 3', ['addiu $t0,$t1,-3']],
    ['mul $t0, $t1, 10', ['li $at,10', 'mul $t0,$t1,$at']],
    ['abs $t0, $t1', ['sra $at,$t1,31', 'xor $t0,$t1,$at', 'subu $t0,$t0,$at']],
    ['div $t0, $t1, $t2', ['bnez $t2,0x0040000c', 'div $t1,$t2', 'break', 'mflo $t0']],
    ['remu $t0, $t1, $t2', ['bnez $t2,0x0040000c', 'divu $t1,$t2', 'break', 'mfhi $t0']],
    ['div $t0, $t1, 4', ['li $at,4', 'div $t1,$at', 'mflo $t0']],
    ['div $t1, $t2', ['div $t1,$t2']],
    [
      'mulou $t0, $t1, $t2',
      ['multu $t1,$t2', 'mfhi $at', 'beqz $at,0x00400014', 'mflo $t0', 'break'],
    ],
    ['sgt $t0, $t1, 5', ['li $at,5', 'slt $t0,$at,$t1']],
    ['bgt $t0, 5, 0x400000', ['li $at,5', 'slt $at,$at,$t0', 'bnez $at,0x00400000']],
    ['bgtz $t0, 0x400000', ['bgtz $t0,0x00400000']],
    ['ble $t0, $zero, 0x400000', ['blez $t0,0x00400000']],
    ['neg $t0, $t1', ['neg $t0,$t1']],
    ['not $t0, $t1', ['not $t0,$t1']],
    ['move $t0 $t1', ['move $t0,$t1']],
    ['j $ra', ['jr $ra']],
    ['jalr $t9', ['jalr $t9']],
    ['jalr $s0, $t9', ['jalr $s0,$t9']],
    ['l.s $f2, 4($sp)', ['lwc1 $f2,4($sp)']],
    ['s.d $f4, ($a0)', ['sdc1 $f4,0($a0)']],
    ['li.s $f0, 1.5', ['lui $at,0x3fc0', 'mtc1 $at,$f0']],
    ['li.d $f2, 2.0', ['li $at,0', 'mtc1 $at,$f2', 'lui $at,0x4000', 'mtc1 $at,$f3']],
    ['mfc1.d $t0, $f2', ['mfc1 $t0,$f2', 'mfc1 $t1,$f3']],
    ['rol $t0, $t1, 4', ['sll $at,$t1,4', 'srl $t0,$t1,28', 'or $t0,$t0,$at']],
    ['sll $t0, $t1, $t2', ['sllv $t0,$t1,$t2']],
    ['lw $t0, 100000($t1)', ['lui $at,0x2', 'addu $at,$at,$t1', 'lw $t0,-31072($at)']],
  ])('%s', (src, expected) => {
    expect(X(`\t${src}\n`)).toEqual(expected);
  });

  it('addresses data labels through $at with %hi/%lo (hi adjusted for a negative lo)', () => {
    const src = `\t.set noreorder\n\t.data\n\t.space 0x8000\nx:\t.word 1, 2\n\t.text
\tlw $t0, x\n\tsw $31 x+4\n\tlw $t0, x+4($t1)\n\tla $a0, x\n\tlui $t2, %hi(x)\n\taddiu $t2, $t2, %lo(x)\n`;
    expect(listing(src)).toEqual([
      'lui $at,0x1002',
      'lw $t0,-32768($at)',
      'lui $at,0x1002',
      'sw $ra,-32764($at)',
      'lui $at,0x1002',
      'addu $at,$at,$t1',
      'lw $t0,-32764($at)',
      'lui $a0,0x1002',
      'addiu $a0,$a0,-32768',
      'lui $t2,0x1002',
      'addiu $t2,$t2,-32768',
    ]);
  });

  it('sizes li/la with a forward label as two instructions', () => {
    expect(X('\tla $t0, end\n\tli $t1, end\nend:\tnop\n')).toEqual([
      'lui $t0,0x40',
      'addiu $t0,$t0,16',
      'lui $t1,0x40',
      'addiu $t1,$t1,16',
      'nop',
    ]);
  });

  it('uses .eqv and .set constants defined earlier as constants', () => {
    expect(
      X('\t.eqv N, 10\n\t.set M, N*2\nK = 0x10000\n\tli $t0, N\n\tli $t1, M+1\n\tli $t2, K\n'),
    ).toEqual(['li $t0,10', 'li $t1,21', 'lui $t2,0x1']);
  });
});

describe('unaligned SPIM pseudo-instructions', () => {
  it('ulh from a label computes the address into $at and loads the low byte last', () => {
    const src = '\t.data\n\t.byte 0\nh:\t.half 0\n\t.text\n\tulh $t0, h\n\tulw $t1, h\n';
    expect(listing(src)).toEqual([
      'lui $at,0x1001',
      'addiu $at,$at,2',
      'lb $t0,1($at)',
      'lbu $at,0($at)',
      'sll $t0,$t0,8',
      'or $t0,$t0,$at',
      'lui $at,0x1001',
      'addiu $at,$at,2',
      'lwl $t1,3($at)',
      'lwr $t1,0($at)',
    ]);
  });
});
