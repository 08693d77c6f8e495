/**
 * The download-time verifier: a corpus of bad programs, each refused with the expected
 * message at the expected instruction, and good filters accepted.
 */
import { describe, expect, it } from 'vitest';
import {
  type Insn,
  MAX_INSNS,
  OP,
  type VerifyOptions,
  verifyFilter,
} from '../../../kernel/filter/index.ts';
import { ARP, asm, fromMac, udpPort } from './programs.ts';

const I = (op: number, k = 0, jt = 0, jf = 0): Insn => ({ op, k, jt, jf });

const BAD: [string, Insn[], VerifyOptions, string[]][] = [
  ['unknown opcode', [I(0x7f), I(OP.ACCEPT)], {}, ['insn 0: unknown opcode 0x7f']],
  ['empty program', [], {}, ['insn 0: empty program']],
  [
    'backward jump',
    [I(OP.LD_IMM, 1), I(OP.JEQ_K, 1, 0, 2), I(OP.REJECT)],
    {},
    ['insn 1: backward jump to 0'],
  ],
  ['jump to itself', [I(OP.JA, 0, 0), I(OP.ACCEPT)], {}, ['insn 0: backward jump to 0']],
  [
    'jump out of range',
    [I(OP.JEQ_K, 1, 1, 9), I(OP.ACCEPT)],
    {},
    ['insn 0: jump target 9 out of range (program has 2 instructions)'],
  ],
  [
    'overlong program',
    [...Array(MAX_INSNS).fill(I(OP.LD_IMM)), I(OP.ACCEPT)],
    {},
    ['insn 256: program too long: 257 instructions (limit 256)'],
  ],
  [
    'scratch out of bounds',
    [I(OP.ST, 16), I(OP.LDX_MEM, 99), I(OP.ACCEPT)],
    {},
    [
      'insn 0: scratch index 16 out of range (M[0..15])',
      'insn 1: scratch index 99 out of range (M[0..15])',
    ],
  ],
  [
    'missing return',
    [I(OP.LD_H, 12), I(OP.JEQ_K, 0x800, 2, 3), I(OP.ACCEPT), I(OP.LD_IMM)],
    {},
    ['insn 3: falls off the end: the last instruction must be accept or reject'],
  ],
  ['division by zero', [I(OP.DIV_K, 0), I(OP.ACCEPT)], {}, ['insn 0: division by constant zero']],
  ['big shift', [I(OP.LSH_K, 32), I(OP.ACCEPT)], {}, ['insn 0: shift by 32 (must be below 32)']],
  [
    'bad constant',
    [I(OP.LD_IMM, 1.5), I(OP.ACCEPT)],
    {},
    ['insn 0: constant 1.5 is not a 32-bit unsigned integer'],
  ],
  [
    'load past declared length (static)',
    [I(OP.LD_W, 12), I(OP.LDX_MSH, 20), I(OP.ACCEPT)],
    { minLength: 14, staticBounds: true },
    [
      'insn 0: packet load [12..16) beyond declared minimum length 14',
      'insn 1: packet load [20..21) beyond declared minimum length 14',
    ],
  ],
  [
    'bad minimum length',
    [I(OP.ACCEPT)],
    { minLength: -1 },
    ['filter: minimum length -1 not in 0..65535'],
  ],
];

describe('verifyFilter', () => {
  it.each(BAD)('refuses: %s', (_, program, opts, expected) => {
    const r = verifyFilter(program, opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.text)).toEqual(expected);
    expect(r.problems.every((p) => p.code === 'E_INVAL')).toBe(true);
  });

  it.each([
    ['IPv4 UDP to port 7', udpPort(7)],
    ['ARP', ARP],
    ['any packet from a MAC', fromMac([2, 0, 0, 0, 0, 9])],
    ['accept everything', 'accept'],
  ])('accepts: %s', (_, text) => {
    const r = verifyFilter(asm(text), { minLength: 14 });
    expect(r.ok).toBe(true);
  });

  it('proves loads within the minimum length and leaves others to run time', () => {
    const r = verifyFilter(asm(udpPort(7)), { minLength: 24 });
    if (!r.ok) throw new Error('refused');
    const loads = r.filter.program.map((s, i) => [s.op, r.filter.proven[i]]);
    expect(loads.filter(([op]) => op === OP.LD_H || op === OP.LD_B)).toEqual([
      [OP.LD_H, true],
      [OP.LD_B, true],
      [OP.LD_B, true],
      [OP.LD_H, false],
    ]);
  });

  it('freezes its copy so later edits to the input cannot reach the kernel', () => {
    const program = asm(ARP);
    const r = verifyFilter(program);
    if (!r.ok) throw new Error('refused');
    program[1]!.jt = 0;
    expect(r.filter.program[1]!.jt).toBe(2);
    expect(Object.isFrozen(r.filter.program[1])).toBe(true);
  });
});
