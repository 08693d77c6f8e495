/** Errors: every error in every file, at file:line:col, naming the token; bounded on garbage. */
import { describe, expect, it } from 'vitest';
import { assemble, formatAssemblyError } from '../../../machine/asm/index.ts';
import { asm, errors } from './helpers.ts';

describe('assembly errors', () => {
  it('reports several errors with positions', () => {
    const src = [
      'main:',
      '\tli $t0, 1',
      '\taddd $t0, $t0, $t0',
      '\tlui $t0, 70000',
      '\tb loop2',
      '',
    ].join('\n');
    expect(errors(src)).toEqual([
      't.s:3:2: unknown instruction `addd`',
      't.s:4:11: immediate `70000` does not fit in 16 bits',
      't.s:5:4: undefined label `loop2`',
    ]);
  });

  it('names bad registers, operands, directives and duplicate labels', () => {
    const src = 'x:\tadd $t0, $t1, $foo\n\tjr 5\n\t.wrod 1\nx:\tnop\n\tsll $t0, $t0, 40\n';
    expect(errors(src)).toEqual([
      't.s:1:18: unknown register `$foo`',
      't.s:2:5: invalid operands for `jr` (expected `jr rs`)',
      't.s:3:2: unknown directive `.wrod`',
      't.s:4:1: label `x` is already defined',
      't.s:5:16: shift amount `40` does not fit in 5 bits',
    ]);
  });

  it('rejects $at in pseudo-instructions under .set noat', () => {
    expect(errors('\t.set noat\n\tli $t0, 0x12345678\n\tlw $t0, 0x12345\n')).toEqual([
      't.s:3:2: `lw` needs $at, which `.set noat` forbids',
    ]);
  });

  it('reports an out-of-range branch', () => {
    const src = '\t.set noreorder\nl:\tb far\n\t.space 0x40000\nfar:\tnop\n';
    expect(errors(src)).toEqual(['t.s:2:6: branch target `far` is out of range']);
  });

  it('reports value and string errors in data', () => {
    expect(errors('\t.data\n\t.byte 300\n\t.asciiz "abc\n\t.word undefinedThing\n')).toEqual([
      't.s:2:8: value `300` does not fit in a byte',
      't.s:3:10: unterminated string',
      't.s:4:8: undefined label `undefinedThing`',
    ]);
  });

  it('reports errors in every file under its own name', () => {
    const r = assemble([
      { name: 'a.s', text: '\tfoo\n' },
      { name: 'b.s', text: '\n\tbar $t0\n' },
    ]);
    expect(r.errors.map(formatAssemblyError)).toEqual([
      'a.s:1:2: unknown instruction `foo`',
      'b.s:2:2: unknown instruction `bar`',
    ]);
  });

  it('bounds the errors from binary garbage and never throws', () => {
    let seed = 12345;
    const bytes = new Uint8Array(200_000);
    for (let i = 0; i < bytes.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bytes[i] = seed >>> 24;
    }
    const text = new TextDecoder('latin1').decode(bytes);
    const r = asm(text, 'garbage.bin');
    expect(r.ok).toBe(false);
    expect(r.errors.length).toBeLessThanOrEqual(101);
    expect(r.errors.at(-1)!.message).toBe('too many errors, stopping');
  });

  it('survives pathological nesting', () => {
    const r = asm(
      `\tli $t0, ${'('.repeat(10000)}1${')'.repeat(10000)}\n\tli $t1, ${'-'.repeat(10000)}1\n`,
    );
    expect(r.errors.map((e) => e.message)).toEqual([
      'expression is nested too deeply',
      'expression is nested too deeply',
    ]);
  });
});

describe('errors inside pseudo-instructions', () => {
  it('reports an undefined label in a two-word expansion once', () => {
    const result = assemble({ name: 'p.s', text: 'main: lw $t0, nolabel\n' });
    expect(result.errors.map(formatAssemblyError)).toEqual(['p.s:1:15: undefined label `nolabel`']);
  });
});
