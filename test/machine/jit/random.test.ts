/**
 * Differential fuzzing of the block compiler: thousands of seeded random kernel programs (see
 * random-program.ts) run under the interpreter and under the block compiler with the same
 * schedule of host actions — runs of random lengths (so clock events and budgets cut blocks
 * everywhere), single steps, breakpoints, snapshot and restore into a fresh machine — and the
 * two machines must end in the same state, byte for byte. Half the programs also run under a
 * TypeScript trap hook (as the exokernel does) that serves syscalls itself, charges cycles,
 * requests stops and writes guest memory, including code.
 *
 * JIT_FUZZ_COUNT=N runs N programs (default 800); JIT_FUZZ_SEED=S starts at seed S.
 */
import { describe, expect, it } from 'vitest';
import { assemble, formatAssemblyError } from '../../../machine/asm/index.ts';
import type { Cpu, TrapHook } from '../../../machine/cpu.ts';
import { STOP_YIELD } from '../../../machine/cpu-state.ts';
import { type Engine, Machine } from '../../../machine/machine.ts';
import { restoreSnapshot, saveSnapshot } from '../../../machine/snapshot.ts';
import { sameState, stateDifference } from './compare.ts';
import { Rng, randomProgram } from './random-program.ts';

const COUNT = Number(process.env.JIT_FUZZ_COUNT ?? 800);
const FIRST = Number(process.env.JIT_FUZZ_SEED ?? 1);
const MEMORY = 1 << 20;
const KSEG0 = 0x80000000;

interface Image {
  segments: { address: number; bytes: Uint8Array }[];
  symbols: Map<string, number>;
}

/**
 * A kernel in TypeScript: serves syscall itself (skips it, charges cycles, sometimes asks for
 * a stop) and, every few calls, writes memory behind the CPU's back — a data word and an
 * instruction in one of the program's patch slots.
 */
class FuzzKernel implements TrapHook {
  calls = 0;
  constructor(
    private readonly memory: Machine['memory'],
    private readonly patchSlots: number[],
  ) {}
  trap(cpu: Cpu): void {
    const code = (cpu.cause >>> 2) & 31;
    if (code !== 8) return; // everything else runs the guest's handler at the vector
    this.calls++;
    cpu.charge(3 + (this.calls % 5));
    cpu.status = (cpu.status & ~0xf) | ((cpu.status >> 2) & 0xf);
    const resume = (cpu.epc + (cpu.cause < 0 ? 8 : 4)) | 0;
    cpu.pc = resume;
    cpu.npc = (resume + 4) | 0;
    cpu.inDelaySlot = false;
    this.memory.i32[(0x14004 >>> 2) + (this.calls & 7)] = this.calls;
    if (this.patchSlots.length > 0 && this.calls % 2 === 1) {
      const slot = this.patchSlots[this.calls % this.patchSlots.length];
      // addiu $t(calls % 8), $t(calls % 8), calls
      const rt = 8 + (this.calls % 8);
      this.memory.i32[slot >>> 2] = (9 << 26) | (rt << 21) | (rt << 16) | (this.calls & 0xffff);
    }
    if (this.calls % 3 === 0) cpu.requestStop(STOP_YIELD);
  }
}

function build(engine: Engine, image: Image, hooked: boolean): Machine {
  const m = new Machine({ memoryBytes: MEMORY, engine, jit: { hotThreshold: 2 } });
  for (const s of image.segments) m.memory.writeBytes((s.address >>> 0) - KSEG0, s.bytes);
  m.reset(image.symbols.get('start')! | 0);
  if (hooked) attach(m, image);
  return m;
}

function attach(m: Machine, image: Image): void {
  const slots = [...image.symbols]
    .filter(([name]) => /^p\d+$/.test(name))
    .map(([, v]) => (v >>> 0) - KSEG0);
  m.cpu.trapHook = new FuzzKernel(m.memory, slots);
}

interface Driven {
  machine: Machine;
  /** Instructions retired in compiled blocks, over every machine the run was restored into. */
  inBlocks: number;
  blocks: number;
}

/** Runs the seed's schedule on `m`, returning the machine it ends on (restore swaps it). */
function drive(m: Machine, seed: number, image: Image, hooked: boolean): Driven {
  const rng = new Rng(seed ^ 0x5eed);
  let machine = m;
  let inBlocks = 0;
  let blocks = 0;
  const count = () => {
    const stats = machine.jitStats();
    if (stats === null) return;
    inBlocks += stats.compiledInstructions;
    blocks += stats.blocksCompiled;
  };
  const code = [...image.symbols.values()].filter((v) => v >>> 0 >= 0x80001000);
  for (let op = 0; op < 16; op++) {
    const roll = rng.int(100);
    if (roll < 70) {
      machine.run(1 + rng.int(rng.chance(0.5) ? 60 : 3000));
    } else if (roll < 80) {
      for (let i = rng.int(6); i >= 0; i--) machine.step();
    } else if (roll < 88 && code.length > 0) {
      machine.cpu.breakpoints = new Set([rng.pick(code) >>> 0]);
      machine.run(1 + rng.int(2000));
      machine.cpu.breakpoints = null;
    } else {
      const bytes = saveSnapshot(machine);
      const fresh = new Machine({
        memoryBytes: MEMORY,
        engine: machine.engine,
        jit: { hotThreshold: 2 },
      });
      expect(restoreSnapshot(fresh, bytes)).toBeNull();
      if (hooked) {
        attach(fresh, image);
        (fresh.cpu.trapHook as FuzzKernel).calls = (machine.cpu.trapHook as FuzzKernel).calls;
      }
      count();
      machine = fresh;
    }
  }
  count();
  return { machine, inBlocks, blocks };
}

describe('random programs: block compiler against interpreter', () => {
  it(
    `${COUNT} seeded programs end in identical machine states`,
    () => {
      let compiled = 0;
      let inBlocks = 0;
      let retired = 0;
      for (let seed = FIRST; seed < FIRST + COUNT; seed++) {
        const source = randomProgram(seed);
        const assembled = assemble({ name: `random-${seed}.s`, text: source });
        if (!assembled.ok) throw new Error(assembled.errors.map(formatAssemblyError).join('\n'));
        const image: Image = { segments: assembled.segments, symbols: assembled.symbols };
        const hooked = seed % 2 === 0;
        const a = drive(build('interp', image, hooked), seed, image, hooked).machine;
        const b = drive(build('jit', image, hooked), seed, image, hooked);
        if (!sameState(a, b.machine)) {
          throw new Error(`seed ${seed} diverged:\n${stateDifference(a, b.machine)}`);
        }
        compiled += b.blocks;
        inBlocks += b.inBlocks;
        retired += b.machine.retired;
      }
      // The comparison means something only if compiled code actually ran.
      expect(compiled).toBeGreaterThan(COUNT);
      expect(inBlocks / retired).toBeGreaterThan(0.3);
      console.log(
        `random programs: ${COUNT} compared, ${compiled} blocks compiled, ${((100 * inBlocks) / retired).toFixed(1)}% of ${retired} instructions in compiled code`,
      );
    },
    Math.max(120_000, COUNT * 250),
  );
});
