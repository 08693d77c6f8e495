/** `.set reorder` (the default) fills every delay slot with a nop; `.set noreorder` does not. */
import { describe, expect, it } from 'vitest';
import { listing } from './helpers.ts';

describe('delay slots', () => {
  it('fills branch and jump slots by default', () => {
    expect(
      listing('main:\tbeq $t0, $t1, main\n\tjal main\n\tjr $ra\n\taddu $v0, $v0, $v0\n'),
    ).toEqual([
      'beq $t0,$t1,0x00400000',
      'nop',
      'jal 0x00400000',
      'nop',
      'jr $ra',
      'nop',
      'addu $v0,$v0,$v0',
    ]);
  });

  it('fills the slot after the branch that ends a pseudo-instruction', () => {
    expect(listing('l:\tblt $t0, $t1, l\n')).toEqual([
      'slt $at,$t0,$t1',
      'bnez $at,0x00400000',
      'nop',
    ]);
  });

  it('gives the programmer the slot under .set noreorder', () => {
    const src =
      '\t.set noreorder\nl:\tbne $t0, $zero, l\n\taddiu $t0, $t0, -1\n\t.set reorder\n\tb l\n';
    expect(listing(src)).toEqual([
      'bnez $t0,0x00400000',
      'addiu $t0,$t0,-1',
      'b 0x00400000',
      'nop',
    ]);
  });

  it('computes branch offsets from the delay slot, forwards and backwards', () => {
    expect(listing('\t.set noreorder\n\tb 1f\n\tnop\n\tnop\n1:\tb 1b\n')).toEqual([
      'b 0x0040000c',
      'nop',
      'nop',
      'b 0x0040000c',
    ]);
  });

  it('does not pad the internal branch of div (it fills its own slot)', () => {
    expect(listing('\tdiv $t0, $t1, $t2\n')).toHaveLength(4);
  });
});
