/**
 * Debugging aid (not a test): replays one random-program seed under both engines, comparing
 * after every scheduled action, and prints the first divergence. Usage:
 *   npx tsx test/machine/jit/debug-seed.ts SEED
 */
import { assemble } from '../../../machine/asm/index.ts';
import { Machine } from '../../../machine/machine.ts';
import { stateDifference } from './compare.ts';
import { Rng, randomProgram } from './random-program.ts';

const seed = Number(process.argv[2]);
const source = randomProgram(seed);
const asm = assemble({ name: 'r.s', text: source });
if (!asm.ok) throw new Error('assembly failed');
const make = (engine: 'interp' | 'jit') => {
  const m = new Machine({ memoryBytes: 1 << 20, engine, jit: { hotThreshold: 2 } });
  for (const s of asm.segments) m.memory.writeBytes((s.address >>> 0) - 0x80000000, s.bytes);
  m.reset(asm.symbols.get('start')! | 0);
  return m;
};
const a = make('interp');
const b = make('jit');
const rng = new Rng(seed);
let same = true;
for (let i = 0; i < 2000; i++) {
  const k = 1 + rng.int(200);
  a.run(k);
  b.run(k);
  const d = stateDifference(a, b);
  if (d !== null) {
    console.log(`diverged in step ${i} (run ${k})\n${d}`);
    const pcs = [...asm.symbols].sort((x, y) => (x[1] >>> 0) - (y[1] >>> 0));
    const near = (pc: number) => pcs.filter(([, v]) => v >>> 0 <= pc >>> 0).pop()?.[0];
    console.log('near', near(a.cpu.pc), near(b.cpu.pc));
    same = false;
    break;
  }
}
if (same) console.log('no divergence in 2000 runs of 1..200 cycles');
