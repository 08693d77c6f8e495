/**
 * Differential tests over every whole program the suite has: the SPIM oracle programs and the
 * mipsel ELF programs (test/data), the emulator benchmarks (bench/*.s) in bare mode, the SPIM
 * programs again under the exokernel with ExOS (trapHook kernels, libOS exception paths,
 * timer-driven scheduling), and the `bench paper` exception programs under both kernels. Each
 * runs under the interpreter and under the block compiler; output, exit status, cycle count
 * and the whole final machine state must be identical. Bare programs also run under the
 * compiler in odd-sized slices (a selection, see SLICED), compared with the interpreter under
 * the same slices.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../machine/machine.ts';
import { loadProgram } from '../../kernel/bare-helpers.ts';
import { bootWith } from '../../kernel/exo/helpers.ts';
import { loadUnderExos } from '../../kernel/libos/helpers.ts';
import { bootMono } from '../../kernel/mono/helpers.ts';
import { stateDifference } from './compare.ts';

const DATA = join(import.meta.dirname, '../../data');
const BENCH = join(import.meta.dirname, '../../../bench');
const LIMIT = 400_000_000;
/** Programs also run in odd-sized slices (a few, for time: each slice costs a machine loop). */
const SLICED = new Set(['fibonacci.s', 'sort.s', 'strings.s', 'recursion', 'checksum']);
const BENCHMARKS = ['sieve.s', 'tlb-heavy.s'];

function optional(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}

interface Program {
  name: string;
  bytes: Uint8Array;
  input?: Buffer;
}

function programs(): Program[] {
  const out: Program[] = [];
  const spim = join(DATA, 'programs');
  for (const f of readdirSync(spim).filter((f) => f.endsWith('.s'))) {
    const base = f.slice(0, -2);
    out.push({
      name: f,
      bytes: readFileSync(join(spim, f)),
      input: optional(join(spim, `${base}.in`)),
    });
  }
  const elf = join(DATA, 'elf');
  for (const f of readdirSync(elf).filter((f) => f.endsWith('.out'))) {
    const base = f.slice(0, -4);
    out.push({
      name: base,
      bytes: readFileSync(join(elf, base)),
      input: optional(join(elf, `${base}.in`)),
    });
  }
  for (const f of ['sieve.s', 'tlb-heavy.s'])
    out.push({ name: f, bytes: readFileSync(join(BENCH, f)) });
  return out;
}

/** Runs a bare program to its end, in slices of `slices` sizes in turn (or one run). */
function runBare(p: Program, engine: 'interp' | 'jit', slices?: number[]) {
  const run = loadProgram(p.name, new Uint8Array(p.bytes), p.input, { engine });
  let reason = 'budget';
  for (let i = 0; reason === 'budget' && run.session.machine.clock.cycles < LIMIT; i++) {
    reason = run.session.run(slices ? slices[i % slices.length] : LIMIT).reason;
  }
  return { machine: run.session.machine, reason, output: run.output(), exit: run.session.exitCode };
}

function expectSame(a: Machine, b: Machine): void {
  const diff = stateDifference(a, b);
  if (diff !== null) expect.fail(diff);
}

describe('bare-mode programs: block compiler against interpreter', () => {
  for (const p of programs()) {
    it(p.name, () => {
      const a = runBare(p, 'interp');
      expect(a.reason).toBe('halted');
      const b = runBare(p, 'jit');
      expect(b.output).toBe(a.output);
      expect(b.exit).toBe(a.exit);
      expect(b.machine.clock.cycles).toBe(a.machine.clock.cycles);
      expectSame(a.machine, b.machine);
      // Anything that loops for a while must actually have run compiled code.
      if (a.machine.retired > 50_000) {
        expect(b.machine.jitStats()!.compiledInstructions).toBeGreaterThan(0);
      }
      if (!SLICED.has(p.name)) return;
      // Sliced runs: compared with the interpreter under the same slices (slicing itself may
      // leave a device's stale event time behind, the same under both engines).
      const slices = [7919, 1, 104_729, 13, 31_337];
      const c = runBare(p, 'interp', slices);
      const d = runBare(p, 'jit', slices);
      expect(d.output).toBe(a.output);
      expectSame(c.machine, d.machine);
    }, 60_000);
  }
});

describe('SPIM programs under the exokernel and ExOS: block compiler against interpreter', () => {
  const spim = programs().filter((q) => q.name.endsWith('.s') && !BENCHMARKS.includes(q.name));
  for (const p of spim) {
    it(p.name, () => {
      const runs = (['interp', 'jit'] as const).map((engine) => {
        const run = loadUnderExos(p.name, new Uint8Array(p.bytes), p.input, { kernel: { engine } });
        const reason = run.kernel.run(LIMIT).reason;
        return { run, reason };
      });
      const [a, b] = runs;
      expect(b.reason).toBe(a.reason);
      expect(b.run.output()).toBe(a.run.output());
      expect(b.run.env.exitCode).toBe(a.run.env.exitCode);
      expectSame(a.run.kernel.machine, b.run.kernel.machine);
    }, 60_000);
  }
});

describe('bench paper exception programs under both kernels', () => {
  const read = (name: string) => readFileSync(join(BENCH, 'paper', name), 'utf8');
  for (let kind = 0; kind <= 4; kind++) {
    it(`exception kind ${kind} under the exokernel`, () => {
      const [a, b] = (['interp', 'jit'] as const).map((engine) => {
        const { kernel } = bootWith(read('exception-exo.s'), { engine });
        kernel.machine.cpu.regs[4] = kind;
        kernel.machine.cpu.regs[5] = 40;
        expect(kernel.run(4_000_000).reason).toBe('halted');
        return kernel.machine;
      });
      expectSame(a, b);
    });
    it(`exception kind ${kind} under the monolithic kernel`, () => {
      const [a, b] = (['interp', 'jit'] as const).map((engine) => {
        const { kernel } = bootMono(read('exception-mono.s'), { engine });
        kernel.machine.cpu.regs[4] = kind;
        kernel.machine.cpu.regs[5] = 40;
        expect(kernel.run(4_000_000).reason).toBe('halted');
        return kernel.machine;
      });
      expectSame(a, b);
    });
  }
});
