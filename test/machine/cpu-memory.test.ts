/**
 * Loads and stores in user mode: sign and zero extension, byte order (little-endian),
 * lwl/lwr/swl/swr at every byte offset, ll/sc, and alignment faults through the default handler.
 */
import { describe, expect, it } from 'vitest';
import { runUser } from './helpers/run-snippet.ts';

/** w = bytes 01 7f ff 80; m = bytes 00..07; s = 03020100 for stores; z = zero word. */
const DATA = `
        .align 2
w:      .word 0x80ff7f01
m:      .word 0x03020100, 0x07060504
s:      .word 0x03020100, 0x07060504
z:      .word 0, 0`;

function load(snippet: string): number {
  const r = runUser(
    `la $s0, w\nla $s1, m\nla $s2, s\nla $s3, z\nli $t1, 0xaabbccdd\n${snippet}`,
    DATA,
  );
  expect(r.output).toBe('');
  return r.regs.t1 >>> 0;
}

describe('loads extend as their names say', () => {
  it.each([
    ['lb byte 0 positive', 'lb $t1, 0($s0)', 0x01],
    ['lb byte 1 positive', 'lb $t1, 1($s0)', 0x7f],
    ['lb byte 2 sign-extends', 'lb $t1, 2($s0)', 0xffffffff],
    ['lb byte 3 sign-extends', 'lb $t1, 3($s0)', 0xffffff80],
    ['lbu byte 2 zero-extends', 'lbu $t1, 2($s0)', 0xff],
    ['lbu byte 3 zero-extends', 'lbu $t1, 3($s0)', 0x80],
    ['lh low half positive', 'lh $t1, 0($s0)', 0x7f01],
    ['lh high half sign-extends', 'lh $t1, 2($s0)', 0xffff80ff],
    ['lhu high half zero-extends', 'lhu $t1, 2($s0)', 0x80ff],
    ['lw whole word', 'lw $t1, 0($s0)', 0x80ff7f01],
    ['lw negative offset', 'lw $t1, -4($s1)', 0x80ff7f01],
    ['lb negative offset', 'lb $t1, -1($s1)', 0xffffff80],
  ] as const)('%s', (_name, snippet, expected) => {
    expect(load(snippet)).toBe(expected);
  });
});

describe('stores write only their bytes', () => {
  it.each([
    ['sb byte 0', 'li $t0, 0x1234\nsb $t0, 0($s3)\nlw $t1, 0($s3)', 0x34],
    ['sb byte 3', 'li $t0, 0x1234\nsb $t0, 3($s3)\nlw $t1, 0($s3)', 0x34000000],
    ['sh low half', 'li $t0, 0x12345678\nsh $t0, 0($s3)\nlw $t1, 0($s3)', 0x5678],
    ['sh high half', 'li $t0, 0x12345678\nsh $t0, 2($s3)\nlw $t1, 0($s3)', 0x56780000],
    ['sw', 'li $t0, 0x12345678\nsw $t0, 4($s3)\nlw $t1, 4($s3)', 0x12345678],
    [
      'sw then lbu sees little-endian order',
      'li $t0, 0x12345678\nsw $t0, 0($s3)\nlbu $t1, 0($s3)',
      0x78,
    ],
    ['sb leaves neighbours', 'li $t0, -1\nsb $t0, 1($s2)\nlw $t1, 0($s2)', 0x0302ff00],
  ] as const)('%s', (_name, snippet, expected) => {
    expect(load(snippet)).toBe(expected);
  });
});

describe('lwl/lwr/swl/swr (little-endian)', () => {
  // $t1 starts as 0xaabbccdd; the aligned word at m is 0x03020100.
  it.each([
    [0, 0x03020100],
    [1, 0xaa030201],
    [2, 0xaabb0302],
    [3, 0xaabbcc03],
  ])('lwr at offset %i', (k, expected) => {
    expect(load(`lwr $t1, ${k}($s1)`)).toBe(expected);
  });

  it.each([
    [0, 0x00bbccdd],
    [1, 0x0100ccdd],
    [2, 0x020100dd],
    [3, 0x03020100],
  ])('lwl at offset %i', (k, expected) => {
    expect(load(`lwl $t1, ${k}($s1)`)).toBe(expected);
  });

  it.each([
    [0, 0xaabbccdd],
    [1, 0xbbccdd00],
    [2, 0xccdd0100],
    [3, 0xdd020100],
  ])('swr at offset %i', (k, expected) => {
    expect(load(`move $t0, $t1\nswr $t0, ${k}($s2)\nlw $t1, 0($s2)`)).toBe(expected);
  });

  it.each([
    [0, 0x030201aa],
    [1, 0x0302aabb],
    [2, 0x03aabbcc],
    [3, 0xaabbccdd],
  ])('swl at offset %i', (k, expected) => {
    expect(load(`move $t0, $t1\nswl $t0, ${k}($s2)\nlw $t1, 0($s2)`)).toBe(expected);
  });

  it.each([1, 2, 3])('lwr/lwl pair loads the unaligned word at m+%i', (k) => {
    const expected = [0x03020100, 0x04030201, 0x05040302, 0x06050403][k];
    expect(load(`lwr $t1, ${k}($s1)\nlwl $t1, ${k + 3}($s1)`)).toBe(expected);
  });

  it.each([1, 2, 3])('swr/swl pair stores an unaligned word at s+%i', (k) => {
    const r = runUser(
      `la $s2, s\nli $t0, 0xaabbccdd\nswr $t0, ${k}($s2)\nswl $t0, ${k + 3}($s2)\nlw $t1, 0($s2)\nlw $t2, 4($s2)`,
      DATA,
    );
    const bytes = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07];
    [0xdd, 0xcc, 0xbb, 0xaa].forEach((b, i) => {
      bytes[k + i] = b;
    });
    const word = (i: number) =>
      (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
    expect(r.regs.t1 >>> 0).toBe(word(0));
    expect(r.regs.t2 >>> 0).toBe(word(4));
  });
});

describe('ll/sc', () => {
  it('sc after ll succeeds: rt = 1 and memory is written', () => {
    const r = runUser(
      'la $s3, z\nll $t0, 0($s3)\naddiu $t0, $t0, 41\nsc $t0, 0($s3)\nlw $t1, 0($s3)',
      DATA,
    );
    expect(r.regs.t0).toBe(1);
    expect(r.regs.t1).toBe(41);
  });

  it('sc without a preceding ll fails: rt = 0 and memory is unchanged', () => {
    const r = runUser('la $s3, z\nli $t0, 7\nsc $t0, 0($s3)\nlw $t1, 0($s3)', DATA);
    expect(r.regs.t0).toBe(0);
    expect(r.regs.t1).toBe(0);
  });

  it('ll loads the word', () => {
    expect(load('ll $t1, 0($s0)')).toBe(0x80ff7f01);
  });
});

describe('alignment faults go to the default handler', () => {
  const ADEL = '  Exception 4  [Address error in inst/data fetch]  occurred and ignored\n';
  const ADES = '  Exception 5  [Address error in store]  occurred and ignored\n';
  it.each([
    ['lw at +1', 'lw $t1, 1($s0)', ADEL],
    ['lw at +2', 'lw $t1, 2($s0)', ADEL],
    ['lh at +1', 'lh $t1, 1($s0)', ADEL],
    ['lhu at +3', 'lhu $t1, 3($s0)', ADEL],
    ['sw at +3', 'sw $t1, 3($s3)', ADES],
    ['sh at +1', 'sh $t1, 1($s3)', ADES],
    ['ll at +2', 'll $t1, 2($s0)', ADEL],
    ['sc at +2', 'sc $t1, 2($s3)', ADES],
  ] as const)('%s', (_name, snippet, message) => {
    const r = runUser(`la $s0, w\nla $s3, z\nli $t1, 0x55\n${snippet}\nlw $t2, 0($s3)`, DATA);
    expect(r.output).toBe(message);
    expect(r.regs.t1).toBe(0x55); // the faulting load did not write its destination
    expect(r.regs.t2).toBe(0); // nor did the faulting store write memory
    expect(r.exitCode).toBe(0); // execution resumed after the faulting instruction
  });
});
