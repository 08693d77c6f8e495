// The packet-filter row of `bench paper` (source/bench/paper-net.ts): the same MIPS program
// (bench/paper/filter-recv.s) installs its filters under both kernels and every packet is
// delivered; the baseline interprets the bytecode in its kernel, the exokernel runs it
// compiled; and the difference per packet is exactly the extra work the baseline does, from
// the one cost table: a full trap frame saved and restored for the interrupt, and the
// interpreter's fetch/decode/dispatch for each filter instruction (8 filters x 8 steps).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../kernel/exo/costs.ts';
import { Exokernel } from '../../kernel/exo/kernel.ts';
import { buildUdpFrame } from '../../kernel/libos/net/frame.ts';
import { MonoKernel, TRAP_FRAME_WORDS } from '../../kernel/mono/index.ts';
import { assemble } from '../../machine/asm/index.ts';
import { benchPaperNet } from '../../source/bench/paper-net.ts';

const source = readFileSync(new URL('../../bench/paper/filter-recv.s', import.meta.url), 'utf8');

function packets(n: number, port: number) {
  const bytes = buildUdpFrame({
    from: { host: 9, port: 5000 },
    to: { host: 1, port },
    payload: new Uint8Array(8),
  });
  return Array.from({ length: n }, (_, i) => ({ at: 20_000 + i * 3000, bytes }));
}

describe('packet filters: interpreted in the baseline, compiled in the exokernel', () => {
  const program = assemble({ name: 'filter-recv.s', text: source });
  if (!program.ok) throw new Error('filter-recv.s does not assemble');

  it('the baseline runs the same program and delivers to the claimed port only', () => {
    const k = new MonoKernel({
      memoryBytes: 4 << 20,
      network: [...packets(3, 7001), ...packets(2, 7999)],
    });
    const proc = k.spawn('filter-recv', program.segments, program.symbols.get('main')!)!;
    proc.frame.regs[4] = 2; // ports 7000 and 7001
    proc.frame.regs[5] = 100_000;
    k.switchTo(proc);
    expect(k.run(10_000_000).reason).toBe('halted');
    expect(proc.exitCode).toBe(0);
    expect(k.net.filters.useInterpreter).toBe(true);
    expect(k.net.filters.list().length).toBe(0); // removed when the process ended
    expect([k.net.delivered, k.net.unclaimed]).toEqual([3, 2]);
  });

  it('so does the exokernel, with the filters compiled', () => {
    const k = new Exokernel({ memoryBytes: 4 << 20, network: packets(3, 7001) });
    const env = k.createEnv('filter-recv')!;
    const api = k.calls.apiFor(env);
    for (const seg of program.segments) {
      for (let page = seg.address & ~0xfff; page < seg.address + seg.bytes.length; page += 4096) {
        api.call('bind', page, api.call('frame_alloc').cap!, 1);
      }
      api.writeBytes(seg.address, seg.bytes);
    }
    env.context.pc = program.symbols.get('main')!;
    env.context.regs[4] = 2;
    env.context.regs[5] = 100_000;
    k.switchTo(env);
    expect(k.run(10_000_000).reason).toBe('halted');
    expect(env.exitCode).toBe(0);
    expect(k.net.filters.useInterpreter).toBe(false);
    expect(k.net.delivered).toBe(3);
  });

  it('the bench row differs by exactly the extra work of the baseline', () => {
    const [r] = benchPaperNet();
    expect(r.experiment).toMatch(/^packet filter: compiled vs interpreted/);
    const steps = 8 * 8;
    const extra = 2 * TRAP_FRAME_WORDS * COSTS.trapFrameWord + steps * COSTS.filterInterpretStep;
    expect(Math.abs(r.monoCycles! - r.exoCycles - extra)).toBeLessThanOrEqual(2);
    expect(r.ratio).toBeGreaterThan(1);
    expect(r.paper).toContain('35.0 us');
  });
});
