/**
 * CPU time: environments running MIPS loops are interleaved by the slice vector in position
 * order and in proportion to the slices they own; end-of-slice upcalls come at the slice's end
 * with a deadline; overruns cost time from the next slices and, at the limit, the environment;
 * yield gives up the rest of a slice; the same run twice logs the same cycle-stamped events.
 */
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../../kernel/caps/index.ts';
import type { Environment } from '../../../kernel/exo/env.ts';
import {
  E_BADCAP,
  E_BUSY,
  E_INVAL,
  E_NOMEM,
  E_OK,
  E_RIGHTS,
  E_STALE,
} from '../../../kernel/exo/errors.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import type { SliceParams } from '../../../kernel/exo/slices.ts';
import { loadInto } from './helpers.ts';

const LENGTH = 10_000;

/** Counts in $s0 forever: one iteration is three instructions, three cycles. */
const COUNTER = `
        .text
main:   addiu $s0, $s0, 1
        b     main
        nop
`;

/** Counts in $s0; its end-of-slice handler counts upcalls in $s1 and yields in time. */
const POLITE = `
        .text
main:   li    $v0, 0x133          # set_slice_handlers(0, eos)
        li    $a0, 0
        la    $a1, eos
        syscall
loop:   addiu $s0, $s0, 1
        b     loop
        nop
eos:    sw    $v0, saved          # the handler saves what it will use
        addiu $s1, $s1, 1
        li    $v0, 0x132          # yield: context saved
        syscall
        lw    $v0, saved          # next slice: restore and go back to the interrupted PC
        jr    $k0
        nop
        .data
saved:  .word 0
`;

/** An end-of-slice handler that never yields. */
const HOG = `
        .text
main:   li    $v0, 0x133
        li    $a0, 0
        la    $a1, eos
        syscall
loop:   addiu $s0, $s0, 1
        b     loop
        nop
eos:    b     eos
        nop
`;

function kernelWith(slices: Partial<SliceParams> = {}) {
  return new Exokernel({ memoryBytes: 4 << 20, slices: { count: 4, ...slices } });
}

function load(kernel: Exokernel, name: string, source: string): Environment {
  return loadInto(kernel, name, source).env;
}

/** Allocates `positions` to `env`; returns the capabilities. */
function own(kernel: Exokernel, env: Environment, ...positions: number[]): Capability[] {
  return positions.map((p) => {
    const got = kernel.calls.apiFor(env).call('slice_alloc', p);
    expect(got.error).toBe(E_OK);
    return got.cap!;
  });
}

/** A register of `env`, live or saved. */
function reg(kernel: Exokernel, env: Environment, r: number): number {
  return kernel.current === env ? kernel.machine.cpu.regs[r] : env.context.regs[r];
}

/** The (position, env) of every slice instance started, in order, with its cycle and length. */
function starts(kernel: Exokernel) {
  return kernel.log
    .recent(100_000, { kind: 'slice' })
    .map((e) => ({ e, m: /^slice (\d+) starts, (\d+) cycles$/.exec(e.text) }))
    .filter(({ m }) => m !== null)
    .map(({ e, m }) => ({ cycle: e.cycle, env: e.env, position: +m![1], length: +m![2] }));
}

function texts(kernel: Exokernel, env?: number): string[] {
  return kernel.log.recent(100_000, { kind: 'slice', env }).map((e) => e.text);
}

describe('the slice vector', () => {
  it('runs owners round robin by position, skipping unowned positions', () => {
    const kernel = kernelWith();
    const a = load(kernel, 'a', COUNTER);
    const b = load(kernel, 'b', COUNTER);
    own(kernel, a, 0, 2);
    own(kernel, b, 1);
    expect(kernel.current).toBe(a);
    kernel.run(100_000);
    const order = starts(kernel)
      .slice(0, 9)
      .map((s) => [s.position, s.env]);
    expect(order).toEqual([
      [0, a.id],
      [1, b.id],
      [2, a.id],
      [0, a.id],
      [1, b.id],
      [2, a.id],
      [0, a.id],
      [1, b.id],
      [2, a.id],
    ]);
    const snap = kernel.slices.snapshot();
    expect(snap.positions.map((p) => p.owner)).toEqual([a.id, b.id, a.id, null]);
    expect(snap.phase).toBe('run');
  });

  it('gives an environment owning 2 of 4 slices about twice the cycles of one owning 1', () => {
    const kernel = kernelWith();
    const a = load(kernel, 'a', COUNTER);
    const b = load(kernel, 'b', COUNTER);
    const c = load(kernel, 'c', COUNTER);
    own(kernel, a, 0, 2);
    own(kernel, b, 1);
    own(kernel, c, 3);
    kernel.run(40 * LENGTH);
    const ratioB = reg(kernel, a, 16) / reg(kernel, b, 16);
    const ratioC = reg(kernel, a, 16) / reg(kernel, c, 16);
    expect(ratioB).toBeGreaterThan(1.9);
    expect(ratioB).toBeLessThan(2.1);
    expect(ratioC).toBeGreaterThan(1.9);
    expect(ratioC).toBeLessThan(2.1);
  });

  it('contiguous slices of one environment need no switch and no upcall', () => {
    const kernel = kernelWith();
    const a = load(kernel, 'a', POLITE);
    const b = load(kernel, 'b', COUNTER);
    own(kernel, a, 0, 1, 2);
    own(kernel, b, 3);
    kernel.run(8 * LENGTH);
    // One upcall per round (end of position 2), two rounds in 8 slices.
    expect(reg(kernel, a, 17)).toBe(2);
  });

  it('upcalls a TypeScript end-of-slice handler when the slice ends, then the next start', () => {
    const kernel = kernelWith();
    const a = load(kernel, 'a', COUNTER);
    const b = load(kernel, 'b', COUNTER);
    const calls: { who: string; cycle: number; arg: number }[] = [];
    for (const [env, who] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      env.libos = {
        endOfSlice: (_api, deadline) =>
          calls.push({ who: `${who} end`, cycle: kernel.cycles, arg: deadline }),
        startOfSlice: (_api, length) =>
          calls.push({ who: `${who} start`, cycle: kernel.cycles, arg: length }),
      };
    }
    own(kernel, a, 0);
    own(kernel, b, 1);
    kernel.run(3 * LENGTH);
    const s = starts(kernel);
    // b's slice (position 1) starts at s[1]; it ends LENGTH cycles later (+ the trap's entry).
    const bEnd = calls.find((c) => c.who === 'b end')!;
    expect(bEnd.arg).toBe(kernel.slices.params.deadline);
    expect(bEnd.cycle - s[1].cycle).toBeGreaterThanOrEqual(LENGTH);
    expect(bEnd.cycle - s[1].cycle).toBeLessThanOrEqual(LENGTH + 4);
    const order = calls.slice(0, 5).map((c) => c.who);
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end', 'a start']);
    expect(calls[2].arg).toBe(LENGTH);
    expect(kernel.slices.snapshot().envs.every((e) => e.overruns === 0)).toBe(true);
  });

  it('a MIPS end-of-slice handler gets $k0 and yields in time; its program goes on', () => {
    const kernel = kernelWith();
    const a = load(kernel, 'a', POLITE);
    const b = load(kernel, 'b', COUNTER);
    own(kernel, a, 0);
    own(kernel, b, 1);
    kernel.run(20 * LENGTH);
    expect(a.state).toBe('runnable');
    expect(reg(kernel, a, 17)).toBeGreaterThanOrEqual(9);
    expect(texts(kernel).some((t) => t.includes('overran'))).toBe(false);
    // a still gets about as many cycles as b: the handler is short.
    const ratio = reg(kernel, a, 16) / reg(kernel, b, 16);
    expect(ratio).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThan(1.05);
  });

  it('a MIPS start-of-slice handler is entered instead of the code after the yield', () => {
    const kernel = kernelWith();
    const loaded = loadInto(
      kernel,
      'a',
      `
        .text
main:   li    $v0, 0x133          # set_slice_handlers(sos, eos)
        la    $a0, sos
        la    $a1, eos
        syscall
loop:   addiu $s0, $s0, 1
        b     loop
        nop
eos:    move  $s3, $k0            # the interrupted PC
        move  $s4, $k1            # the deadline
        li    $v0, 0x132
        syscall
after:  li    $s7, 1              # not reached: the start-of-slice handler runs instead
        b     after
        nop
sos:    addiu $s2, $s2, 1
        move  $s5, $k1            # the slice's length
        move  $s6, $k0            # where it would have gone on
        bnez  $s3, back
        nop
        jr    $k0                 # the very first start: no interrupted PC yet
        nop
back:   jr    $s3
        nop
`,
    );
    const a = loaded.env;
    const sym = (s: string) => loaded.symbols.get(s)!;
    const b = load(kernel, 'b', COUNTER);
    own(kernel, a, 0);
    own(kernel, b, 1);
    kernel.run(10 * LENGTH + 500);
    expect(reg(kernel, a, 23)).toBe(0);
    expect(reg(kernel, a, 18)).toBe(5); // the first start and one per round since
    expect(reg(kernel, a, 20)).toBe(kernel.slices.params.deadline);
    expect(reg(kernel, a, 21)).toBe(LENGTH);
    expect(reg(kernel, a, 22)).toBe(sym('after'));
    expect(reg(kernel, a, 19)).toBeGreaterThanOrEqual(sym('loop'));
    expect(reg(kernel, a, 19)).toBeLessThanOrEqual(sym('loop') + 8);
    expect(reg(kernel, a, 16)).toBeGreaterThan(4 * (LENGTH / 3));
  });

  it('penalises a MIPS handler that misses its deadline, then aborts it at the limit', () => {
    const kernel = kernelWith();
    const a = load(kernel, 'a', HOG);
    const b = load(kernel, 'b', COUNTER);
    own(kernel, a, 0);
    own(kernel, b, 1);
    // Stop inside the first end-of-slice protocol: the snapshot shows the pending deadline.
    for (let i = 0; i < 1000 && kernel.slices.snapshot().saving === null; i++) kernel.run(50);
    const saving = kernel.slices.snapshot().saving!;
    expect(saving.env).toBe(a.id);
    expect(saving.deadline - kernel.cycles).toBeLessThanOrEqual(kernel.slices.params.deadline);
    kernel.run(20 * LENGTH);
    expect(a.state).toBe('aborted');
    expect(a.abortReason).toMatch(/overran its end-of-slice deadline 3 times/);
    const overruns = texts(kernel, a.id).filter((t) => t.includes('overran'));
    expect(overruns).toHaveLength(3);
    expect(overruns[0]).toMatch(/\(1 of 3\): loses 5000 cycles/);
    // After each overrun its next slice is half as long.
    const aSlices = starts(kernel).filter((s) => s.env === a.id);
    expect(aSlices.map((s) => s.length)).toEqual([LENGTH, LENGTH - 5000, LENGTH - 5000]);
    // Its slice is freed; b has the CPU from then on.
    expect(kernel.slices.snapshot().positions[0].owner).toBe(null);
    expect(kernel.current).toBe(b);
    const before = reg(kernel, b, 16);
    kernel.run(3 * LENGTH);
    expect(reg(kernel, b, 16) - before).toBeGreaterThan(9000);
  });

  it('charges a TypeScript handler its cycles: late by X loses penalty + X', () => {
    const kernel = kernelWith({ penalty: 1000 });
    const a = load(kernel, 'a', COUNTER);
    const b = load(kernel, 'b', COUNTER);
    a.libos = {
      endOfSlice: (api) => {
        for (let i = 0; i < 300; i++) api.readWord(0x00400000);
      },
    };
    own(kernel, a, 0);
    own(kernel, b, 1);
    kernel.run(5 * LENGTH);
    // 18 (upcall) + 40 (handler base) + 300 words = 358 cycles, 158 past the 200-cycle deadline.
    expect(texts(kernel, a.id)).toContain(
      'overran its end-of-slice deadline by 158 cycles (1 of 3): loses 1158 cycles',
    );
    const aSlices = starts(kernel).filter((s) => s.env === a.id);
    expect(aSlices[1].length).toBe(LENGTH - 1158);
  });

  it('a penalty longer than a slice costs whole slices, which go to the next owner', () => {
    const kernel = kernelWith({ penalty: 2 * LENGTH });
    const a = load(kernel, 'a', HOG);
    const b = load(kernel, 'b', COUNTER);
    own(kernel, a, 0);
    own(kernel, b, 1);
    kernel.run(6 * LENGTH);
    expect(texts(kernel, a.id)).toContain('slice 0 lost to the overrun penalty');
    const order = starts(kernel)
      .slice(0, 4)
      .map((s) => s.env);
    expect(order).toEqual([a.id, b.id, b.id, b.id]);
  });

  it('yield gives up the rest of the slice', () => {
    const kernel = kernelWith();
    const a = load(
      kernel,
      'a',
      `
        .text
main:   addiu $s0, $s0, 1
        li    $v0, 0x132
        syscall
        b     main
        nop
`,
    );
    const b = load(kernel, 'b', COUNTER);
    own(kernel, a, 0);
    own(kernel, b, 1);
    kernel.run(10 * LENGTH);
    expect(texts(kernel, a.id)).toContain('yields the rest of slice 0');
    // a runs a few instructions per round; b gets nearly all the time.
    expect(reg(kernel, a, 16)).toBeGreaterThan(5);
    expect(reg(kernel, b, 16)).toBeGreaterThan((9 * LENGTH) / 3 - 2000);
  });

  it('yield without slices does nothing; from an environment not on the CPU it is E_INVAL', () => {
    const kernel = kernelWith();
    const a = load(kernel, 'a', COUNTER);
    const b = load(kernel, 'b', COUNTER);
    kernel.switchTo(a);
    expect(kernel.calls.apiFor(a).call('yield').error).toBe(E_OK);
    expect(kernel.current).toBe(a);
    expect(kernel.calls.apiFor(b).call('yield').error).toBe(E_INVAL);
  });

  it('refuses bad slice_alloc and slice_free arguments and changes nothing', () => {
    const kernel = kernelWith();
    const a = load(kernel, 'a', COUNTER);
    const b = load(kernel, 'b', COUNTER);
    const api = kernel.calls.apiFor(a);
    const [cap0] = own(kernel, a, 0);
    expect(api.call('slice_alloc', 4).error).toBe(E_INVAL);
    expect(api.call('slice_alloc', -2).error).toBe(E_INVAL);
    expect(api.call('slice_alloc', 0.5).error).toBe(E_INVAL);
    expect(kernel.calls.apiFor(b).call('slice_alloc', 0).error).toBe(E_BUSY);
    own(kernel, b, 1, 2, 3);
    expect(api.call('slice_alloc', -1).error).toBe(E_NOMEM);
    const frame = api.call('frame_alloc');
    expect(api.call('slice_free', frame.cap!).error).toBe(E_BADCAP);
    const ro = api.call('cap_narrow', cap0, 1);
    expect(api.call('slice_free', ro.cap!).error).toBe(E_RIGHTS);
    const forged = { ...cap0, macLo: cap0.macLo ^ 1 };
    expect(api.call('slice_free', forged).error).toBe(E_BADCAP);
    const owners = kernel.slices.snapshot().positions.map((p) => p.owner);
    expect(owners).toEqual([a.id, b.id, b.id, b.id]);
    expect(api.call('set_slice_handlers', 2, 0).error).toBe(E_INVAL);
    expect(api.call('set_slice_handlers', 0, -4).error).toBe(E_INVAL);
    expect([a.startSlicePc, a.endSlicePc]).toEqual([0, 0]);
    // Freeing works once; the capability is stale afterwards.
    expect(api.call('slice_free', cap0).error).toBe(E_OK);
    expect(api.call('slice_free', cap0).error).toBe(E_STALE);
    expect(kernel.slices.snapshot().positions[0].owner).toBe(null);
  });

  it("frees an ended environment's slices and runs the next owner", () => {
    const kernel = kernelWith();
    const a = load(
      kernel,
      'a',
      `
        .text
main:   addiu $s0, $s0, 1
        slti  $t0, $s0, 5000
        bnez  $t0, main
        nop
        li    $v0, 0x101
        syscall
`,
    );
    const b = load(kernel, 'b', COUNTER);
    own(kernel, a, 0, 2);
    own(kernel, b, 1);
    kernel.run(10 * LENGTH);
    expect(a.state).toBe('exited');
    expect(kernel.slices.snapshot().positions.map((p) => p.owner)).toEqual([
      null,
      b.id,
      null,
      null,
    ]);
    expect(kernel.current).toBe(b);
  });

  it('gives the same cycle-stamped event log on the same run twice', () => {
    const once = () => {
      const kernel = kernelWith();
      const a = load(kernel, 'a', POLITE);
      const b = load(kernel, 'b', HOG);
      const c = load(kernel, 'c', COUNTER);
      own(kernel, a, 0, 1);
      own(kernel, b, 2);
      own(kernel, c, 3);
      kernel.run(30 * LENGTH);
      return kernel.log.recent();
    };
    const first = once();
    expect(first.filter((e) => e.kind === 'slice').length).toBeGreaterThan(20);
    expect(once()).toEqual(first);
  });
});
