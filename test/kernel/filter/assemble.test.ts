/**
 * The filter assembler: the readable forms of every operand, shared accept/reject targets,
 * and errors as `line:col: message` quoting the token.
 */
import { describe, expect, it } from 'vitest';
import { assembleFilter, disassembleFilter, OP } from '../../../kernel/filter/index.ts';
import { asm } from './programs.ts';

/** The error texts for `text` (which must fail). */
function errors(text: string): string[] {
  const r = assembleFilter(text);
  if (r.ok) throw new Error('assembled');
  return r.errors.map((e) => e.text);
}

describe('assembleFilter', () => {
  it('parses every operand form', () => {
    const p = asm(`
      ld [2]; ldh [x+4]; ldb [x]; ld #0x10; ld M[3]; ld len
      ldx #1; ldx M[15]; ldx len; ldx 4*([14]&0xf); st M[0]; stx M[1]
      add #1; sub x; neg; tax; txa; ja end
      jeq #1, end; jset x, end, end
      end: accept`);
    expect(p.map((s) => s.op)).toEqual([
      OP.LD_W, OP.LD_HX, OP.LD_BX, OP.LD_IMM, OP.LD_MEM, OP.LD_LEN,
      OP.LDX_IMM, OP.LDX_MEM, OP.LDX_LEN, OP.LDX_MSH, OP.ST, OP.STX,
      OP.ADD_K, OP.SUB_X, OP.NEG, OP.TAX, OP.TXA, OP.JA,
      OP.JEQ_K, OP.JSET_X, OP.ACCEPT,
    ]); // biome-ignore format: grouped as written
    expect(p[18]).toEqual({ op: OP.JEQ_K, k: 1, jt: 20, jf: 19 });
    expect(p[1]!.k).toBe(4);
    expect(p[9]!.k).toBe(14);
  });

  it('appends one shared accept and one reject for the keyword targets', () => {
    const p = asm('ldh [12]; jeq #0x800, accept, reject; jeq #0x806, accept, reject');
    expect(p.length).toBe(5);
    expect(p[3]!.op).toBe(OP.ACCEPT);
    expect(p[4]!.op).toBe(OP.REJECT);
    expect(disassembleFilter(p)).toContain('jeq #0x806, L3, L4');
  });

  it.each([
    ['ldw [12]', '1:1: unknown instruction `ldw`'],
    ['ldh [12]\n  ja nowhere', '2:6: undefined label `nowhere`'],
    ['tax #1', '1:5: bad operand `#` for `tax`; expected `tax`'],
    ['ldh #1', '1:5: bad operand `#` for `ldh`; expected `ldh [k]` or `ldh [x+k]`'],
    ['ldh [12', '1:8: expected `]` at end of statement'],
    ['ld #0x100000000', '1:5: number `0x100000000` does not fit in 32 bits'],
    ['ld #abc', '1:5: expected a number, found `abc`'],
    ['a: accept\na: reject', '2:1: label `a` defined twice'],
    ['accept: reject', '1:1: `accept` is reserved, not a label'],
    ['ldh [12] 5', '1:10: unexpected `5` after `ldh`'],
    ['jeq #1', '1:7: expected `,` at end of statement'],
    ['ldx 4*([14]&0x7)', '1:13: expected `0xf`'],
  ])('reports %j', (text, message) => {
    expect(errors(text)).toEqual([message]);
  });

  it('reports one error per bad statement and keeps going', () => {
    expect(errors('ldw [1]; ld #1; bogus\naccept')).toEqual([
      '1:1: unknown instruction `ldw`',
      '1:17: unknown instruction `bogus`',
    ]);
  });
});
