/**
 * Integer ALU instructions, run as user-mode SPIM snippets: one row per instruction and operand
 * class (signs, overflow, zero- vs sign-extended immediates, shift-amount masking, HI/LO).
 */
import { describe, expect, it } from 'vitest';
import { type RegName, runUser } from './helpers/run-snippet.ts';

type Row = [
  name: string,
  snippet: string,
  expected: Partial<Record<RegName | 'hi' | 'lo', number>>,
];

const OVERFLOW = '  Exception 12  [Arithmetic overflow]  occurred and ignored\n';

function check(snippet: string, expected: Row[2]): string {
  const r = runUser(snippet);
  for (const [k, v] of Object.entries(expected)) {
    const actual = k === 'hi' ? r.hi : k === 'lo' ? r.lo : r.regs[k as RegName];
    expect(actual >>> 0, `${k}`).toBe(v >>> 0);
  }
  return r.output;
}

const ARITH: Row[] = [
  ['add mixed signs', 'li $t0, 5\nli $t2, -7\nadd $t1, $t0, $t2', { t1: -2 }],
  ['add two negatives', 'li $t0, -5\nli $t2, -7\nadd $t1, $t0, $t2', { t1: -12 }],
  [
    'addu wraps without trap',
    'li $t0, 0x7fffffff\nli $t2, 1\naddu $t1, $t0, $t2',
    { t1: 0x80000000 },
  ],
  ['sub mixed signs', 'li $t0, 5\nli $t2, 7\nsub $t1, $t0, $t2', { t1: -2 }],
  ['sub negative minus negative', 'li $t0, -5\nli $t2, -7\nsub $t1, $t0, $t2', { t1: 2 }],
  [
    'subu wraps without trap',
    'li $t0, 0x80000000\nli $t2, 1\nsubu $t1, $t0, $t2',
    { t1: 0x7fffffff },
  ],
  ['addi sign-extends its immediate', 'li $t0, 3\naddi $t1, $t0, -4', { t1: -1 }],
  ['addi most negative immediate', 'addi $t1, $zero, -32768', { t1: -32768 }],
  ['addiu wraps without trap', 'li $t0, 0x7fffffff\naddiu $t1, $t0, 1', { t1: 0x80000000 }],
  ['addiu sign-extends its immediate', 'li $t0, 0\naddiu $t1, $t0, -1', { t1: -1 }],
];

const OVERFLOWS: [string, string][] = [
  ['add positive overflow', 'li $t0, 0x7fffffff\nli $t2, 1\nadd $t1, $t0, $t2'],
  ['add negative overflow', 'li $t0, 0x80000000\nli $t2, -1\nadd $t1, $t0, $t2'],
  ['addi positive overflow', 'li $t0, 0x7fffffff\naddi $t1, $t0, 1'],
  ['addi negative overflow', 'li $t0, 0x80000000\naddi $t1, $t0, -1'],
  ['sub positive overflow', 'li $t0, 0x7fffffff\nli $t2, -1\nsub $t1, $t0, $t2'],
  ['sub negative overflow', 'li $t0, 0x80000000\nli $t2, 1\nsub $t1, $t0, $t2'],
];

const LOGIC: Row[] = [
  ['and', 'li $t0, 0xff00ff00\nli $t2, 0x0ff00ff0\nand $t1, $t0, $t2', { t1: 0x0f000f00 }],
  ['or', 'li $t0, 0xff00ff00\nli $t2, 0x0ff00ff0\nor $t1, $t0, $t2', { t1: 0xfff0fff0 }],
  ['xor', 'li $t0, 0xff00ff00\nli $t2, 0x0ff00ff0\nxor $t1, $t0, $t2', { t1: 0xf0f0f0f0 }],
  ['nor', 'li $t0, 0xff00ff00\nli $t2, 0x0ff00ff0\nnor $t1, $t0, $t2', { t1: 0x000f000f }],
  ['andi zero-extends', 'li $t0, -1\nandi $t1, $t0, 0x8000', { t1: 0x8000 }],
  ['andi clears the upper half', 'li $t0, -1\nandi $t1, $t0, 0xffff', { t1: 0xffff }],
  ['ori zero-extends', 'ori $t1, $zero, 0x8000', { t1: 0x8000 }],
  ['ori keeps the upper half', 'li $t0, 0x12340000\nori $t1, $t0, 0xffff', { t1: 0x1234ffff }],
  ['xori zero-extends', 'li $t0, -1\nxori $t1, $t0, 0x8000', { t1: 0xffff7fff }],
  ['lui', 'lui $t1, 0x8001', { t1: 0x80010000 }],
  ['lui clears the low half', 'li $t1, -1\nlui $t1, 0x1234', { t1: 0x12340000 }],
];

const COMPARE: Row[] = [
  ['slt signed true', 'li $t0, -1\nli $t2, 1\nslt $t1, $t0, $t2', { t1: 1 }],
  ['slt signed false', 'li $t0, 1\nli $t2, -1\nslt $t1, $t0, $t2', { t1: 0 }],
  ['slt equal', 'li $t0, 4\nli $t2, 4\nslt $t1, $t0, $t2', { t1: 0 }],
  ['sltu unsigned (-1 is large)', 'li $t0, -1\nli $t2, 1\nsltu $t1, $t0, $t2', { t1: 0 }],
  ['sltu unsigned true', 'li $t0, 1\nli $t2, -1\nsltu $t1, $t0, $t2', { t1: 1 }],
  ['slti negative immediate', 'li $t0, -2\nslti $t1, $t0, -1', { t1: 1 }],
  ['slti false', 'li $t0, 0\nslti $t1, $t0, -1', { t1: 0 }],
  ['sltiu sign-extended immediate compared unsigned', 'li $t0, 1\nsltiu $t1, $t0, -1', { t1: 1 }],
  ['sltiu 0xffffffff is not below itself', 'li $t0, -1\nsltiu $t1, $t0, -1', { t1: 0 }],
  ['sltiu -32768 compares as 0xffff8000', 'li $t0, 0x80000000\nsltiu $t1, $t0, -32768', { t1: 1 }],
  ['sltiu small positive', 'li $t0, 5\nsltiu $t1, $t0, 3', { t1: 0 }],
];

const SHIFTS: Row[] = [
  ['sll', 'li $t0, 1\nsll $t1, $t0, 31', { t1: 0x80000000 }],
  ['sll drops high bits', 'li $t0, 0x80000003\nsll $t1, $t0, 1', { t1: 6 }],
  ['srl is logical', 'li $t0, 0x80000000\nsrl $t1, $t0, 31', { t1: 1 }],
  ['sra is arithmetic', 'li $t0, 0x80000000\nsra $t1, $t0, 31', { t1: -1 }],
  ['sra positive', 'li $t0, 0x40000000\nsra $t1, $t0, 30', { t1: 1 }],
  ['sllv masks the amount to 5 bits', 'li $t0, 1\nli $t2, 33\nsllv $t1, $t0, $t2', { t1: 2 }],
  ['sllv amount 32 is 0', 'li $t0, 7\nli $t2, 32\nsllv $t1, $t0, $t2', { t1: 7 }],
  ['srlv masks the amount', 'li $t0, 0x80000000\nli $t2, -4\nsrlv $t1, $t0, $t2', { t1: 0x08 }],
  ['srav masks the amount', 'li $t0, -16\nli $t2, 36\nsrav $t1, $t0, $t2', { t1: -1 }],
  ['srav positive', 'li $t0, 0x100\nli $t2, 4\nsrav $t1, $t0, $t2', { t1: 0x10 }],
];

const MULDIV: Row[] = [
  ['mult negative × positive', 'li $t0, -3\nli $t2, 5\nmult $t0, $t2', { hi: -1, lo: -15 }],
  ['mult negative × negative', 'li $t0, -65536\nli $t2, -65536\nmult $t0, $t2', { hi: 1, lo: 0 }],
  ['mult most negative squared', 'li $t0, 0x80000000\nmult $t0, $t0', { hi: 0x40000000, lo: 0 }],
  ['multu treats operands unsigned', 'li $t0, -1\nli $t2, 2\nmultu $t0, $t2', { hi: 1, lo: -2 }],
  ['multu max squared', 'li $t0, -1\nmultu $t0, $t0', { hi: -2, lo: 1 }],
  ['div negative dividend', 'li $t0, -7\nli $t2, 2\ndiv $zero, $t0, $t2', { lo: -3, hi: -1 }],
  ['div negative divisor', 'li $t0, 7\nli $t2, -2\ndiv $zero, $t0, $t2', { lo: -3, hi: 1 }],
  ['div both negative', 'li $t0, -7\nli $t2, -2\ndiv $zero, $t0, $t2', { lo: 3, hi: -1 }],
  [
    'divu treats operands unsigned',
    'li $t0, -7\nli $t2, 2\ndivu $zero, $t0, $t2',
    { lo: 0x7ffffffc, hi: 1 },
  ],
  [
    'madd carries across LO',
    'mthi $zero\nli $t0, -1\nmtlo $t0\nli $t2, 1\nmadd $t2, $t2',
    { hi: 1, lo: 0 },
  ],
  [
    'madd negative product',
    'mthi $zero\nmtlo $zero\nli $t0, -2\nli $t2, 3\nmadd $t0, $t2',
    { hi: -1, lo: -6 },
  ],
  [
    'maddu carries across LO',
    'mthi $zero\nli $t0, -1\nmtlo $t0\nmaddu $t0, $t0',
    { hi: -1, lo: 0 },
  ],
  [
    'msub borrows across LO',
    'mthi $zero\nmtlo $zero\nli $t2, 1\nmsub $t2, $t2',
    { hi: -1, lo: -1 },
  ],
  [
    'msub negative product',
    'mthi $zero\nmtlo $zero\nli $t0, -2\nli $t2, 3\nmsub $t0, $t2',
    { hi: 0, lo: 6 },
  ],
  ['msubu borrows across LO', 'li $t0, 1\nmthi $t0\nmtlo $zero\nmsubu $t0, $t0', { hi: 0, lo: -1 }],
  [
    'msubu unsigned operands',
    'mthi $zero\nmtlo $zero\nli $t0, -1\nli $t2, 1\nmsubu $t0, $t2',
    { hi: -1, lo: 1 },
  ],
  ['mul low word, signed', 'li $t0, -3\nli $t2, 7\nmul $t1, $t0, $t2', { t1: -21 }],
  [
    'mul keeps only the low word',
    'li $t0, 0x10001\nli $t2, 0x10001\nmul $t1, $t0, $t2',
    { t1: 0x20001 },
  ],
  [
    'mfhi/mflo read HI and LO',
    'li $t0, -3\nli $t2, 5\nmult $t0, $t2\nmfhi $t1\nmflo $t3',
    { t1: -1, t3: -15 },
  ],
];

const COUNT: Row[] = [
  ['clz 0', 'clz $t1, $zero', { t1: 32 }],
  ['clz -1', 'li $t0, -1\nclz $t1, $t0', { t1: 0 }],
  ['clz 1', 'li $t0, 1\nclz $t1, $t0', { t1: 31 }],
  ['clz 0x10000', 'li $t0, 0x10000\nclz $t1, $t0', { t1: 15 }],
  ['clz 0x80000000', 'li $t0, 0x80000000\nclz $t1, $t0', { t1: 0 }],
  ['clo 0', 'clo $t1, $zero', { t1: 0 }],
  ['clo -1', 'li $t0, -1\nclo $t1, $t0', { t1: 32 }],
  ['clo 0x80000000', 'li $t0, 0x80000000\nclo $t1, $t0', { t1: 1 }],
  ['clo 0xfffe0000', 'li $t0, 0xfffe0000\nclo $t1, $t0', { t1: 15 }],
  ['clo -2', 'li $t0, -2\nclo $t1, $t0', { t1: 31 }],
  ['movn moves when rt != 0', 'li $t0, 9\nli $t1, 1\nli $t2, -1\nmovn $t1, $t0, $t2', { t1: 9 }],
  ['movn keeps rd when rt == 0', 'li $t0, 9\nli $t1, 1\nmovn $t1, $t0, $zero', { t1: 1 }],
  ['movz moves when rt == 0', 'li $t0, 9\nli $t1, 1\nmovz $t1, $t0, $zero', { t1: 9 }],
  ['movz keeps rd when rt != 0', 'li $t0, 9\nli $t1, 1\nli $t2, 4\nmovz $t1, $t0, $t2', { t1: 1 }],
  [
    'writes to $zero are discarded',
    'li $t0, 9\naddu $zero, $t0, $t0\nmove $t1, $zero',
    { t1: 0, zero: 0 },
  ],
];

describe('ALU', () => {
  for (const [group, rows] of [
    ['add/sub', ARITH],
    ['logic and lui', LOGIC],
    ['set-on-less-than', COMPARE],
    ['shifts', SHIFTS],
    ['multiply and divide', MULDIV],
    ['clz/clo and conditional moves', COUNT],
  ] as const) {
    describe(group, () => {
      it.each(rows)('%s', (_name, snippet, expected) => {
        expect(check(snippet, expected)).toBe('');
      });
    });
  }

  describe('overflow traps with exception 12 and leaves the destination unchanged', () => {
    it.each(OVERFLOWS)('%s', (_name, snippet) => {
      const output = check(`li $t1, 99\n${snippet}`, { t1: 99 });
      expect(output).toBe(OVERFLOW);
    });
  });
});
