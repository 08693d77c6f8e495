/**
 * Test helpers for the monolithic baseline: a kernel with processes spawned from assembly.
 */
import { MonoKernel } from '../../../kernel/mono/index.ts';
import { assemble } from '../../../machine/asm/index.ts';
import type { MachineOptions } from '../../../machine/machine.ts';

/** Assembles `source` and spawns it as a process of `kernel`, started at main. */
export function spawnSource(kernel: MonoKernel, name: string, source: string) {
  const prog = assemble({ name: `${name}.s`, text: source });
  if (!prog.ok) throw new Error(prog.errors.map((e) => e.message).join('\n'));
  const proc = kernel.spawn(name, prog.segments, prog.symbols.get('main')!);
  if (proc === null) throw new Error('spawn failed');
  return { proc, symbols: prog.symbols };
}

/** A baseline kernel running one process from `source`. */
export function bootMono(source: string, options: MachineOptions = {}) {
  const kernel = new MonoKernel({ memoryBytes: 4 << 20, ...options });
  const { proc, symbols } = spawnSource(kernel, 'test', source);
  kernel.switchTo(proc);
  return { kernel, proc, symbols };
}
