import { describe, expect, it } from 'vitest';
import { disassemble } from '../../../machine/isa/disassemble.ts';
import { decode, encode, entriesFor, TABLE } from '../../../machine/isa/table.ts';

describe('instruction table', () => {
  it('has no two entries with the same bit pattern and syntax', () => {
    const seen = new Set<string>();
    for (const e of TABLE) {
      const key = `${e.match}/${e.mask}`;
      expect(seen.has(key), `${e.mnemonic} ${e.syntax}`).toBe(false);
      seen.add(key);
    }
  });

  it('decodes every entry encoded with zero operands back to an entry of the same pattern', () => {
    for (const e of TABLE) {
      const word = e.match;
      const d = decode(word);
      expect(d, `${e.mnemonic} ${e.syntax}`).toBeDefined();
      expect((word & d!.mask) >>> 0).toBe(d!.match);
    }
  });

  it('encodes known words', () => {
    const addu = entriesFor('addu')[0]!;
    expect(encode(addu, [2, 4, 5])).toEqual({ ok: true, word: 0x00851021 });
    const lw = entriesFor('lw')[0]!;
    expect(encode(lw, [31, 20, 29])).toEqual({ ok: true, word: 0x8fbf0014 });
    const beq = entriesFor('beq')[0]!;
    expect(encode(beq, [8, 9, 0x400000], 0x400000)).toEqual({ ok: true, word: 0x1109ffff });
  });

  it('reports out-of-range operands', () => {
    const addiu = entriesFor('addiu')[0]!;
    const r = encode(addiu, [8, 8, 70000], 0, ['$t0', '$t0', '70000']);
    expect(r).toEqual({
      ok: false,
      index: 2,
      message: 'immediate `70000` does not fit in 16 bits',
    });
  });

  it('disassembles in objdump style', () => {
    expect(disassemble(0x00851021, 0)).toBe('addu    $v0,$a0,$a1');
    expect(disassemble(0x8fbf0014, 0)).toBe('lw      $ra,20($sp)');
    expect(disassemble(0x1000ffff, 0x400000, () => 'main')).toBe('b       0x00400000 <main>');
    expect(disassemble(0, 0)).toBe('nop');
    expect(disassemble(0xffffffff, 0)).toBe('.word 0xffffffff');
    expect(disassemble(0x46020800, 0)).toBe('add.s   $f0,$f1,$f2');
  });
});
