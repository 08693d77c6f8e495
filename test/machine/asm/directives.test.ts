/** Data directives, SPIM auto-alignment, segments with addresses, symbols and the line map. */
import { describe, expect, it } from 'vitest';
import { assemble } from '../../../machine/asm/index.ts';
import { asm, words } from './helpers.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('directives', () => {
  it('lays out data little-endian with SPIM natural alignment', () => {
    const r = asm(
      "\t.data\nb:\t.byte 1, -1, 'A'\nh:\t.half 0x1234\nw:\t.word 0x11223344, w\n" +
        's:\t.ascii "a\\tb"\nz:\t.asciiz "\\x41\\0\\"\\\\\\n"\nf:\t.float 1.5\nd:\t.double -2\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.segments).toHaveLength(1);
    const seg = r.segments[0]!;
    expect(seg.address).toBe(0x10010000);
    expect(hex(seg.bytes)).toBe(
      '01ff41' +
        '00' +
        '3412' +
        '0000' +
        '44332211' +
        '08000110' +
        '610962' +
        '4100225c0a00' +
        '000000' +
        '0000c03f' +
        '00000000000000c0',
    );
    expect(r.symbols.get('h')).toBe(0x10010004);
    expect(r.symbols.get('w')).toBe(0x10010008);
    expect(r.symbols.get('f')).toBe(0x1001001c);
    expect(r.symbols.get('d')).toBe(0x10010020);
  });

  it('turns auto-alignment off after .align 0 and supports .space and value:count', () => {
    const r = asm(
      '\t.data\n\t.byte 1\n\t.align 0\nw:\t.word 2:2\n\t.space 3\n\t.align 2\n\t.half 7\n',
    );
    expect(r.symbols.get('w')).toBe(0x10010001);
    expect(hex(r.segments[0]!.bytes)).toBe('01' + '02000000' + '02000000' + '000000' + '0700');
  });

  it('keeps several labels on one line and moves them with the alignment', () => {
    const r = asm('\t.data\n\t.byte 1\na: b: .word 3\n');
    expect(r.symbols.get('a')).toBe(0x10010004);
    expect(r.symbols.get('b')).toBe(0x10010004);
  });

  it('places segments at given addresses and splits discontiguous chunks', () => {
    const r = asm(
      '\t.text\n\tnop\n\t.text 0x00500000\n\tnop\n\t.ktext\nh:\teret\n\t.kdata\nk:\t.word 1\n\t.data 0x10000000\n\t.word 9\n',
    );
    expect(r.errors).toEqual([]);
    const layout = r.segments.map((s) => `${s.kind}@${s.address.toString(16)}:${s.bytes.length}`);
    expect(layout.sort()).toEqual([
      'data@10000000:4',
      'kdata@80040000:4',
      'ktext@80000180:4',
      'text@400000:4',
      'text@500000:4',
    ]);
    expect(r.symbols.get('h')).toBe(0x80000180);
  });

  it('accepts .globl/.extern and GNU bookkeeping directives', () => {
    const r = asm(
      '\t.globl main\n\t.extern foo 4\n\t.ent main\nmain:\t.frame $sp,0,$ra\n\tjr $ra\n\t.end main\n',
    );
    expect(r.errors).toEqual([]);
    expect([...r.globals]).toEqual(['main']);
  });

  it('honours the base options and maps instruction addresses to lines', () => {
    const r = assemble(
      { name: 'p.s', text: 'main:\n\tli $t0, 0x12345678\n\tjr $ra\n' },
      { textBase: 0x1000 },
    );
    expect(r.symbols.get('main')).toBe(0x1000);
    expect([...r.lines]).toEqual([
      [0x1000, { file: 'p.s', line: 2 }],
      [0x1004, { file: 'p.s', line: 2 }],
      [0x1008, { file: 'p.s', line: 3 }],
      [0x100c, { file: 'p.s', line: 3 }],
    ]);
  });

  it('assembles several files into one symbol space (kernel __start calls main)', () => {
    // As in SPIM's exceptions.s: the handler in .ktext, __start in .text (jal cannot leave its
    // 256 MiB region, so kernel code at 0x80000180 could not `jal main`).
    const kernel = {
      name: 'exceptions.s',
      text: '\t.ktext\nhandler:\teret\n\t.text\n__start:\n\tjal main\n\tli $v0, 10\n\tsyscall\n',
    };
    const user = { name: 'prog.s', text: '\t.text\n\t.globl main\nmain:\n\tjr $ra\n1:\tb 1b\n' };
    const r = assemble([kernel, user]);
    expect(r.errors).toEqual([]);
    expect(r.symbols.get('handler')).toBe(0x80000180);
    expect(r.symbols.get('__start')).toBe(0x00400000);
    expect(r.symbols.get('main')).toBe(0x00400010);
    expect(words(r, 'text')[0]).toBe(0x0c100004); // jal 0x00400010
  });

  it('rejects a jump out of its 256 MiB region', () => {
    const r = assemble({ name: 'k.s', text: '\t.ktext\n\tjal main\n\t.text\nmain:\tjr $ra\n' });
    expect(r.errors.map((e) => e.message)).toEqual([
      'jump target `main` is outside the 256 MiB region of the jump',
    ]);
  });

  it('keeps local numeric labels per file', () => {
    const a = { name: 'a.s', text: '1:\tb 1f\n' };
    const b = { name: 'b.s', text: '1:\tnop\n' };
    const r = assemble([a, b]);
    expect(r.errors.map((e) => `${e.file}:${e.message}`)).toEqual(['a.s:undefined label `1f`']);
  });
});
