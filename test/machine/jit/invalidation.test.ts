/**
 * The block compiler under the things that can make compiled code wrong, each checked both for
 * the behaviour itself and against the interpreter (same final state, same cycles):
 *
 * - a program rewriting an instruction of its own running loop (the store drops the block),
 * - a disk DMA transfer loading new code over a compiled loop,
 * - host code (a TypeScript kernel) writing code between runs,
 * - one virtual page remapped through the TLB to different code, and one physical page run at
 *   two virtual addresses,
 * - a fault in a delay slot inside a compiled loop (EPC, BD, BadVAddr precise),
 * - a timer interrupt arriving while a compiled loop runs (EPC the same instruction).
 */
import { describe, expect, it } from 'vitest';
import { assemble, formatAssemblyError } from '../../../machine/asm/index.ts';
import { CAUSE_BD, EXC_ADEL } from '../../../machine/cp0.ts';
import { imageStore } from '../../../machine/devices/disk-store.ts';
import { type Engine, Machine, type MachineOptions } from '../../../machine/machine.ts';
import { stateDifference } from './compare.ts';

const KSEG0 = 0x80000000;

interface Built {
  machine: Machine;
  symbols: Map<string, number>;
}

/** Kernel-mode program at kseg0 addresses, started at `start`, run until `done` or `cycles`. */
function build(source: string, engine: Engine, options: MachineOptions = {}): Built {
  const result = assemble({ name: 'test.s', text: source });
  if (!result.ok) throw new Error(result.errors.map(formatAssemblyError).join('\n'));
  const machine = new Machine({
    memoryBytes: 1 << 20,
    engine,
    jit: { hotThreshold: 2 },
    ...options,
  });
  for (const s of result.segments) machine.memory.writeBytes((s.address >>> 0) - KSEG0, s.bytes);
  machine.reset(result.symbols.get('start')! | 0);
  return { machine, symbols: result.symbols };
}

function runToDone(b: Built, cycles = 2_000_000): void {
  const done = b.symbols.get('done')! >>> 0;
  for (let spent = 0; spent < cycles && b.machine.cpu.pc >>> 0 !== done; spent += 997) {
    b.machine.run(997);
  }
  expect(b.machine.cpu.pc >>> 0).toBe(done);
}

/** Runs `source` under both engines; returns the compiled run after checking they agree. */
function both(source: string, options: MachineOptions = {}, drive = runToDone): Built {
  const a = build(source, 'interp', options);
  const b = build(source, 'jit', options);
  drive(a);
  drive(b);
  const diff = stateDifference(a.machine, b.machine);
  if (diff !== null) expect.fail(diff);
  expect(b.machine.jitStats()!.compiledInstructions).toBeGreaterThan(0);
  return b;
}

const VECTORS = `
        .set noreorder
        .ktext 0x80000000
        j     fault
        nop
        .ktext 0x80000080
fault:  mfc0  $s5, $14
        mfc0  $s6, $13
        mfc0  $s7, $8
        j     done
        nop
`;

describe('block compiler: code that changes under it', () => {
  it('a store into the running loop changes the next iteration', () => {
    // The loop patches its own `addiu $t1, $t1, 1` into `addiu $t1, $t1, 100` halfway.
    const b = both(`${VECTORS}
        .ktext 0x80001000
start:  li    $t0, 0
        li    $t1, 0
        li    $t2, 200
        la    $t3, slot
        li    $t4, 0x25290064
loop:   addiu $t0, $t0, 1
slot:   addiu $t1, $t1, 1
        li    $t5, 100
        bne   $t0, $t5, skip
        nop
        sw    $t4, 0($t3)
skip:   bne   $t0, $t2, loop
        nop
done:   j     done
        nop
`);
    expect(b.machine.cpu.regs[9]).toBe(100 * 1 + 100 * 100);
    expect(b.machine.jitStats()!.invalidations).toBeGreaterThan(0);
  });

  it('disk DMA over a compiled loop runs the new code', () => {
    // Sector 0 holds the loop's 512-byte chunk with `addiu $t1, $t1, 1` made `addiu $t1, $t1, 7`.
    const source = `${VECTORS}
        .ktext 0x80002000
start:  li    $t1, 0
        li    $s0, 2
again:  li    $t0, 0
        li    $t2, 300
loop:   addiu $t0, $t0, 1
slot:   addiu $t1, $t1, 1
        bne   $t0, $t2, loop
        nop
        addiu $s0, $s0, -1
        beq   $s0, $zero, done
        nop
        lui   $t3, 0xbfe0
        sw    $zero, 0x1000($t3)       # SECTOR 0
        li    $t4, 0x2000
        sw    $t4, 0x1004($t3)         # PADDR: this code's first 512 bytes
        li    $t4, 1
        sw    $t4, 0x1008($t3)         # COUNT
        sw    $t4, 0x100c($t3)         # COMMAND read
wait:   lw    $t4, 0x1014($t3)
        andi  $t4, $t4, 2
        beq   $t4, $zero, wait
        nop
        sw    $zero, 0x1024($t3)       # ACK
        j     again
        nop
done:   j     done
        nop
`;
    const assembled = assemble({ name: 'dma.s', text: source });
    if (!assembled.ok) throw new Error('assembly failed');
    const seg = assembled.segments.find((s) => s.address >>> 0 === 0x80002000)!;
    const sector = new Uint8Array(512);
    sector.set(seg.bytes.subarray(0, 512));
    const slot = (assembled.symbols.get('slot')! >>> 0) - 0x80002000;
    new DataView(sector.buffer).setInt32(slot, 0x25290007, true);
    const b = both(source, { disk: imageStore(sector) });
    expect(b.machine.cpu.regs[9]).toBe(300 + 300 * 7);
  });

  it('host code writing a compiled loop between runs is noticed', () => {
    const source = `${VECTORS}
        .ktext 0x80001000
start:  li    $t0, 0
loop:   addiu $t0, $t0, 1
slot:   addiu $t1, $t1, 1
        b     loop
        nop
done:   j     done
        nop
`;
    const drive = (x: Built) => {
      x.machine.run(5000);
      const slot = (x.symbols.get('slot')! >>> 0) - KSEG0;
      x.machine.memory.i32[slot >>> 2] = 0x25290003; // addiu $t1, $t1, 3
      const before = x.machine.cpu.regs[9];
      const loops = x.machine.cpu.regs[8];
      x.machine.run(5000);
      const after = x.machine.cpu.regs[9] - before;
      // Every iteration since the write added 3.
      expect(after).toBe(3 * (x.machine.cpu.regs[8] - loops));
    };
    both(source, {}, drive);
  });
});

describe('block compiler: translation and exceptions', () => {
  it('one virtual page remapped to other code runs the other code', () => {
    // kuseg page 0x00400000 maps to frame 0x10 (adds 1) or frame 0x11 (adds 1000); the kernel
    // calls into it through jalr, remapping with tlbwi in between.
    const source = `${VECTORS}
        .ktext 0x80010000
        addiu $v0, $v0, 1
        jr    $ra
        nop
        .ktext 0x80011000
        addiu $v0, $v0, 1000
        jr    $ra
        nop
        .ktext 0x80001000
start:  li    $v0, 0
        li    $s0, 0
outer:  mtc0  $zero, $0
        li    $t0, 0x00400000
        mtc0  $t0, $10
        andi  $t1, $s0, 1
        sll   $t1, $t1, 12
        li    $t2, 0x10000
        addu  $t2, $t2, $t1
        ori   $t2, $t2, 0x700
        mtc0  $t2, $2
        tlbwi
        li    $s1, 20
inner:  jalr  $t0
        nop
        addiu $s1, $s1, -1
        bgtz  $s1, inner
        nop
        addiu $s0, $s0, 1
        li    $t3, 6
        bne   $s0, $t3, outer
        nop
done:   j     done
        nop
`;
    const b = both(source);
    expect(b.machine.cpu.regs[2]).toBe(3 * 20 * 1 + 3 * 20 * 1000);
  });

  it('one physical page run at two virtual addresses links with the right addresses', () => {
    // kseg0 0x80010000 and kuseg 0x00400000 (TLB) are the same frame; the code records $ra.
    const source = `${VECTORS}
        .ktext 0x80010000
        bal   here
        nop
here:   addu  $v1, $v1, $ra
        jr    $s2
        nop
        .ktext 0x80001000
start:  mtc0  $zero, $0
        li    $t0, 0x00400000
        mtc0  $t0, $10
        li    $t2, 0x10700
        mtc0  $t2, $2
        tlbwi
        li    $s1, 30
        li    $v1, 0
loop:   la    $s2, back1
        li    $t0, 0x80010000
        jr    $t0
        nop
back1:  la    $s2, back2
        li    $t0, 0x00400000
        jr    $t0
        nop
back2:  addiu $s1, $s1, -1
        bgtz  $s1, loop
        nop
done:   j     done
        nop
`;
    const b = both(source);
    expect(b.machine.cpu.regs[3]).toBe((30 * (0x80010008 + 0x00400008)) | 0);
  });

  it('a fault in a delay slot inside a compiled loop is precise', () => {
    const source = `${VECTORS}
        .ktext 0x80001000
start:  li    $t0, 0
        li    $t1, 0x80020000
        li    $t2, 500
loop:   addiu $t0, $t0, 1
        bne   $t0, $t2, loop
        lw    $t3, 0($t1)
        addiu $t1, $t1, 2
        b     loop2
        nop
loop2:  addiu $t0, $t0, -1
branch: bgtz  $t0, loop2
        lw    $t3, 0($t1)
done:   j     done
        nop
`;
    const b = both(source);
    const cpu = b.machine.cpu;
    expect(cpu.regs[21] >>> 0).toBe(b.symbols.get('branch')! >>> 0); // EPC = the branch
    expect(cpu.regs[22] & CAUSE_BD).not.toBe(0);
    expect((cpu.regs[22] >>> 2) & 31).toBe(EXC_ADEL);
    expect(cpu.regs[23] >>> 0).toBe(0x80020002); // BadVAddr
    expect(cpu.regs[8]).toBe(499); // the first pass through loop2 faulted
  });

  it('a timer interrupt lands on the same instruction under both engines', () => {
    const source = `
        .set noreorder
        .ktext 0x80000080
        mfc0  $s5, $14
        mfc0  $s6, $13
        j     done
        nop
        .ktext 0x80001000
start:  mfc0  $t0, $9
        addiu $t0, $t0, 12345
        mtc0  $t0, $11
        li    $t0, 0x30008001
        mtc0  $t0, $12
        li    $t0, 0
loop:   addiu $t0, $t0, 1
        addu  $t1, $t1, $t0
        xor   $t2, $t2, $t1
        b     loop
        sll   $t3, $t2, 3
done:   j     done
        nop
`;
    const b = both(source);
    const epc = b.machine.cpu.regs[21] >>> 0;
    expect(epc).toBeGreaterThan(0x80001000);
    expect((b.machine.cpu.regs[22] >>> 2) & 31).toBe(0); // interrupt
  });
});
