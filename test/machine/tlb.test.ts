/**
 * The R3000 TLB and CP0 in kernel mode with our own handlers (RECORDING_VECTORS: $k1 = 1 for
 * the UTLB vector, 2 for the general one; $s4..$s7 = Status, EPC, Cause, BadVAddr).
 * Physical page 0x200000 holds test data; we reach it unmapped through kseg0 0x80200000.
 */
import { describe, expect, it } from 'vitest';
import { excCode, RECORDING_VECTORS, runKernel } from './helpers/run-snippet.ts';

const V = 0x200;
const D = 0x400;
const G = 0x100;
const FRAME = 0x00200000;

/** Writes TLB entry `i` with tlbwi. */
const entry = (i: number, hi: number, lo: number) => `
        li    $t8, ${hi >>> 0}
        mtc0  $t8, $10
        li    $t8, ${lo >>> 0}
        mtc0  $t8, $2
        li    $t8, ${i << 8}
        mtc0  $t8, $0
        tlbwi`;

/** Kernel program; the frame's word 4 holds 1234 before `body` runs. */
function run(body: string) {
  return runKernel(`${RECORDING_VECTORS}
        .ktext 0x80001000
start:  li    $t1, 0x80200010
        li    $t2, 1234
        sw    $t2, 0($t1)
        li    $k1, 0
${body}
done:   b     done
        nop`);
}

describe('translation', () => {
  it('after tlbwi a kuseg load hits the mapped frame', () => {
    const r = run(`${entry(5, 0x00400000, FRAME | V)}\nli $t3, 0x00400010\nlw $s0, 0($t3)`);
    expect(r.regs.k1).toBe(0);
    expect(r.regs.s0).toBe(1234);
  });

  it('a store through a dirty entry reaches the frame', () => {
    const r = run(`${entry(5, 0x00400000, FRAME | V | D)}
        li $t3, 0x00400020\nli $t4, 77\nsw $t4, 0($t3)\nli $t3, 0x80200020\nlw $s0, 0($t3)`);
    expect(r.regs.s0).toBe(77);
  });

  it('a kseg2 address maps through the TLB in kernel mode', () => {
    const r = run(`${entry(9, 0xc0004000, FRAME | V)}\nli $t3, 0xc0004010\nlw $s0, 0($t3)`);
    expect(r.regs.k1).toBe(0);
    expect(r.regs.s0).toBe(1234);
  });

  it('rewriting a used entry takes effect at once (no stale cached translation)', () => {
    const r = run(`${entry(5, 0x00400000, FRAME | V)}
        li $t3, 0x00400010\nlw $s0, 0($t3)
        ${entry(5, 0x00400000, (FRAME + 0x1000) | V)}
        li $t1, 0x80201010\nli $t2, 555\nsw $t2, 0($t1)
        lw $s1, 0($t3)`);
    expect(r.regs.s0).toBe(1234);
    expect(r.regs.s1).toBe(555);
  });

  it('invalidating a used entry makes the next access miss', () => {
    const r = run(`${entry(5, 0x00400000, FRAME | V)}
        li $t3, 0x00400010\nlw $s0, 0($t3)\n${entry(5, 0x00400000, FRAME)}\nfault: lw $s1, 0($t3)`);
    expect(r.regs.k1).toBe(2);
    expect(excCode(r.regs.s6)).toBe(2);
  });
});

describe('misses and faults', () => {
  it('a kuseg load miss goes to the UTLB vector with TLBL (2)', () => {
    const r = run('li $t3, 0x00400010\nfault: lw $s0, 0($t3)');
    expect(r.regs.k1).toBe(1);
    expect(excCode(r.regs.s6)).toBe(2);
    expect(r.regs.s5 >>> 0).toBe(r.symbols.get('fault'));
  });

  it('a kuseg store miss goes to the UTLB vector with TLBS (3)', () => {
    const r = run('li $t3, 0x00400010\nsw $t3, 0($t3)');
    expect(r.regs.k1).toBe(1);
    expect(excCode(r.regs.s6)).toBe(3);
  });

  it('a kseg2 miss goes to the general vector', () => {
    const r = run('li $t3, 0xc0005000\nlw $s0, 0($t3)');
    expect(r.regs.k1).toBe(2);
    expect(excCode(r.regs.s6)).toBe(2);
    expect(r.regs.s7 >>> 0).toBe(0xc0005000);
  });

  it('a miss sets BadVAddr, Context.BadVPN and EntryHi.VPN (keeping ASID and PTEBase)', () => {
    const r = run(`li $t0, 0xffe00000\nmtc0 $t0, $4\nli $t0, ${7 << 6}\nmtc0 $t0, $10
        li $t3, 0x12345678\nlw $s0, 0($t3)`);
    // The recording handler stops at done; Context and EntryHi are read from the machine.
    const cpu = r.machine.cpu;
    expect(r.regs.s7 >>> 0).toBe(0x12345678);
    expect(cpu.context >>> 0).toBe((0xffe00000 | (0x12345 << 2)) >>> 0);
    expect(cpu.entryHi >>> 0).toBe((0x12345000 | (7 << 6)) >>> 0);
  });

  it.each([
    ['load', 'lw $s0, 0($t3)', 2],
    ['store', 'sw $s0, 0($t3)', 3],
  ] as const)(
    'an entry with V = 0 sends a %s to the general vector (code %i)',
    (_k, insn, code) => {
      const r = run(`${entry(3, 0x00400000, FRAME | D)}\nli $t3, 0x00400010\n${insn}`);
      expect(r.regs.k1).toBe(2);
      expect(excCode(r.regs.s6)).toBe(code);
      expect(r.regs.s7 >>> 0).toBe(0x00400010);
    },
  );

  it('a store through an entry with D = 0 raises Mod (1); a load through it works', () => {
    const r = run(`${entry(3, 0x00400000, FRAME | V)}
        li $t3, 0x00400010\nlw $s0, 0($t3)\nfault: sw $s0, 0($t3)`);
    expect(r.regs.s0).toBe(1234);
    expect(r.regs.k1).toBe(2);
    expect(excCode(r.regs.s6)).toBe(1);
    expect(r.regs.s5 >>> 0).toBe(r.symbols.get('fault'));
    expect(r.regs.s7 >>> 0).toBe(0x00400010);
  });

  it('two entries matching one address raise a machine check (24)', () => {
    const r = run(`${entry(1, 0x00400000, FRAME | V)}${entry(2, 0x00400000, FRAME | V)}
        li $t3, 0x00400010\nlw $s0, 0($t3)`);
    expect(r.regs.k1).toBe(2);
    expect(excCode(r.regs.s6)).toBe(24);
  });

  it('a G entry and an ASID entry for one VPN are also a machine check', () => {
    const r =
      run(`${entry(1, 0x00400000 | (3 << 6), FRAME | V)}${entry(2, 0x00400000, FRAME | V | G)}
        li $t0, ${3 << 6}\nmtc0 $t0, $10\nli $t3, 0x00400010\nlw $s0, 0($t3)`);
    expect(excCode(r.regs.s6)).toBe(24);
  });
});

describe('ASIDs', () => {
  it('the same VPN under another ASID misses once EntryHi.ASID changes', () => {
    const r = run(`${entry(4, 0x00400000 | (5 << 6), FRAME | V)}
        li $t3, 0x00400010\nlw $s0, 0($t3)
        li $t0, ${6 << 6}\nmtc0 $t0, $10\nfault: lw $s1, 0($t3)`);
    expect(r.regs.s0).toBe(1234);
    expect(r.regs.k1).toBe(1);
    expect(excCode(r.regs.s6)).toBe(2);
    expect(r.regs.s5 >>> 0).toBe(r.symbols.get('fault'));
  });

  it('a G entry matches every ASID', () => {
    const r = run(`${entry(4, 0x00400000 | (5 << 6), FRAME | V | G)}
        li $t3, 0x00400010\nli $t0, ${6 << 6}\nmtc0 $t0, $10\nlw $s0, 0($t3)
        li $t0, ${63 << 6}\nmtc0 $t0, $10\nlw $s1, 0($t3)`);
    expect(r.regs.k1).toBe(0);
    expect([r.regs.s0, r.regs.s1]).toEqual([1234, 1234]);
  });

  it('two ASIDs map one VPN to different frames', () => {
    const r =
      run(`${entry(4, 0x00400000 | (1 << 6), FRAME | V)}${entry(5, 0x00400000 | (2 << 6), (FRAME + 0x1000) | V)}
        li $t1, 0x80201010\nli $t2, 999\nsw $t2, 0($t1)
        li $t3, 0x00400010\nli $t0, ${1 << 6}\nmtc0 $t0, $10\nlw $s0, 0($t3)
        li $t0, ${2 << 6}\nmtc0 $t0, $10\nlw $s1, 0($t3)`);
    expect(r.regs.k1).toBe(0);
    expect([r.regs.s0, r.regs.s1]).toEqual([1234, 999]);
  });
});

describe('TLBP, TLBR, TLBWR', () => {
  it('tlbp finds a matching entry and writes its index', () => {
    const r = run(`${entry(42, 0x00400000 | (5 << 6), FRAME | V)}
        li $t0, ${(0x00400000 | (5 << 6)) >>> 0}\nmtc0 $t0, $10\ntlbp\nmfc0 $s0, $0`);
    expect(r.regs.s0 >>> 0).toBe(42 << 8);
  });

  it('tlbp sets P (bit 31) when nothing matches, including another ASID', () => {
    const r = run(`${entry(42, 0x00400000 | (5 << 6), FRAME | V)}
        li $t0, ${(0x00400000 | (6 << 6)) >>> 0}\nmtc0 $t0, $10\ntlbp\nmfc0 $s0, $0`);
    expect(r.regs.s0 >>> 31).toBe(1);
  });

  it('tlbr reads an entry back into EntryHi and EntryLo', () => {
    const r = run(`${entry(17, 0x7fff0000 | (9 << 6), 0x00345000 | V | D | G)}
        mtc0 $zero, $10\nmtc0 $zero, $2\nli $t0, ${17 << 8}\nmtc0 $t0, $0\ntlbr
        mfc0 $s0, $10\nmfc0 $s1, $2`);
    expect(r.regs.s0 >>> 0).toBe((0x7fff0000 | (9 << 6)) >>> 0);
    expect(r.regs.s1 >>> 0).toBe(0x00345000 | V | D | G);
  });

  it('tlbwr writes only entries 8..63; the wired entries 0..7 are untouched', () => {
    let wired = '';
    for (let i = 0; i < 8; i++) wired += entry(i, 0x00100000 + i * 0x1000, FRAME | V | (i << 12));
    const r = run(`${wired}
        li    $t5, 0x10000000      # VPNs written by tlbwr
        li    $t6, 300
loop:   mtc0  $t5, $10
        mtc0  $zero, $2
        tlbwr
        addiu $t6, $t6, -1
        addiu $t5, $t5, 0x1000
        bnez  $t6, loop
        nop                         # (reorder mode also pads; either way the loop is correct)
        li    $t7, 0x80003000       # tlbr entries 0..7 into memory: hi, lo pairs
        li    $t6, 0
rd:     sll   $t0, $t6, 8
        mtc0  $t0, $0
        tlbr
        mfc0  $t0, $10
        sw    $t0, 0($t7)
        mfc0  $t0, $2
        sw    $t0, 4($t7)
        addiu $t7, $t7, 8
        addiu $t6, $t6, 1
        bne   $t6, 8, rd`);
    expect(r.done).toBe(true);
    const mem = r.machine.memory;
    for (let i = 0; i < 8; i++) {
      expect(mem.i32[(0x3000 >> 2) + 2 * i] >>> 0, `hi ${i}`).toBe(0x00100000 + i * 0x1000);
      expect(mem.i32[(0x3000 >> 2) + 2 * i + 1] >>> 0, `lo ${i}`).toBe(
        (FRAME | V | (i << 12)) >>> 0,
      );
    }
    const hi = r.machine.mmu.tlb.hi;
    const written = Array.from(hi).filter((h) => h >>> 0 >= 0x10000000 && h >>> 0 < 0x20000000);
    expect(written.length).toBeGreaterThan(0);
    expect(hi.slice(0, 8).every((h) => h >>> 0 < 0x10000000 || h >>> 0 >= 0x20000000)).toBe(true);
  });

  it('the Random register stays within 8..63', () => {
    const r = run(`li $t6, 100\nli $s0, 63\nli $s1, 8
loop:   mfc0  $t0, $1\nsrl $t0, $t0, 8\nsltu $t1, $t0, $s1\nbnez $t1, bad\nsltu $t1, $s0, $t0\nbnez $t1, bad
        addiu $t6, $t6, -1\nbnez $t6, loop\nb done
bad:    li $s2, 1`);
    expect(r.regs.s2).toBe(0);
  });
});

/** Enters user mode at 0x2000 (mapped onto the code at 0x80002000) with Status low bits `ku`. */
function user(status: number, code: string) {
  return runKernel(`${RECORDING_VECTORS}
        .ktext 0x80001000
start:  ${entry(0, 0x00002000, 0x00002000 | V)}
        li    $k0, 0x2000
        li    $t0, ${status}
        mtc0  $t0, $12
        .set  noreorder
        jr    $k0
        rfe
        .set  reorder
done:   b     done
        nop
        .ktext 0x80002000
${code}
uspin:  b     uspin
        nop`);
}

describe('user mode', () => {
  it('rfe in the jr slot enters user mode and runs the user code', () => {
    const r = user(0x10000008, 'li $s0, 1\nli $t0, 0x80001000\nlw $t1, 0($t0)');
    expect(r.regs.s0).toBe(1);
    expect(r.regs.s4 & 0x3f).toBe(((0b001000 << 2) >> 2) | 0b1000); // KUp = 1 (came from user), KUc = 0
  });

  it.each([
    ['load from kseg0', 'li $t0, 0x80001000\nlw $t1, 0($t0)', 4, 0x80001000],
    ['store to kseg0', 'li $t0, 0x80001000\nsw $t1, 0($t0)', 5, 0x80001000],
    ['load from kseg1', 'li $t0, 0xa0001000\nlw $t1, 0($t0)', 4, 0xa0001000],
    ['load from kseg2', 'li $t0, 0xc0001000\nlw $t1, 0($t0)', 4, 0xc0001000],
  ] as const)('%s raises an address error (code %i)', (_n, code, exc, bad) => {
    const r = user(0x10000008, code);
    expect(r.regs.k1).toBe(2);
    expect(excCode(r.regs.s6)).toBe(exc);
    expect(r.regs.s7 >>> 0).toBe(bad);
    expect(r.regs.s4 & 0xf).toBe(0b1000); // pushed: KUp = 1, KUc = 0
  });

  it('mfc0 in user mode with CU0 clear raises coprocessor unusable (11, CE = 0)', () => {
    const r = user(0x00000008, 'mfc0 $t1, $12');
    expect(excCode(r.regs.s6)).toBe(11);
    expect((r.regs.s6 >>> 28) & 3).toBe(0);
    expect(r.regs.s5 >>> 0).toBe(0x2000);
  });

  it('mfc0 in user mode with CU0 set is allowed', () => {
    const r = user(0x10000008, 'mfc0 $s0, $15\nli $s1, 1');
    expect(r.regs.k1).toBe(0);
    expect(r.regs.s0).toBe(0x0320);
  });
});

describe('the KU/IE stack', () => {
  it('rfe pops KUp/IEp into KUc/IEc and KUo/IEo into KUp/IEp, keeping KUo/IEo', () => {
    const r = run('li $t0, 0x10000024\nmtc0 $t0, $12\nrfe\nmfc0 $s0, $12');
    expect(r.regs.s0 & 0x3f).toBe(0b101001);
  });
});
