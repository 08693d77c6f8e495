/**
 * Several MIPS programs at once, for the IPC, network and scheduling tests: under the
 * exokernel, each loaded with ExOS (kernel/libos/load.ts) into its own environment owning
 * `slices` time slices, the network interface looped back to itself; under the baseline, each
 * spawned as a process. Console output is collected as one string.
 */
import { readFileSync } from 'node:fs';
import type { Environment } from '../../../kernel/exo/env.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { type ExOs, loadProgram } from '../../../kernel/libos/index.ts';
import { MonoKernel, type Process } from '../../../kernel/mono/index.ts';
import { assemble } from '../../../machine/asm/index.ts';

export const example = (name: string) =>
  readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');

export interface ExoRun {
  kernel: Exokernel;
  envs: Environment[];
  exos: ExOs[];
  output: () => string;
}

/** Loads `programs` (example file names) under ExOS; each owns `slices` slices. */
export function exoRun(programs: string[], slices = 1): ExoRun {
  let out = '';
  const decoder = new TextDecoder();
  let kernel: Exokernel | null = null;
  kernel = new Exokernel({
    memoryBytes: 8 << 20,
    consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
    // Loopback: a frame sent comes back in through the same interface.
    networkHost: { transmit: (f) => kernel!.machine.net.inject(f.bytes) },
  });
  const k = kernel;
  const envs: Environment[] = [];
  const exos: ExOs[] = [];
  for (const name of programs) {
    const loaded = loadProgram(k, name, new TextEncoder().encode(example(name)));
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const api = k.calls.apiFor(loaded.env);
    for (let i = 0; i < slices; i++) api.call('slice_alloc', -1);
    envs.push(loaded.env);
    exos.push(loaded.exos);
  }
  k.machine.console.endInput();
  if (envs.length > 0) k.switchTo(envs[0]);
  return { kernel: k, envs, exos, output: () => out };
}

export interface MonoRun {
  kernel: MonoKernel;
  procs: Process[];
  output: () => string;
}

/** Spawns `programs` (example file names) as baseline processes; the first runs first. */
export function monoRun(programs: string[]): MonoRun {
  let out = '';
  const decoder = new TextDecoder();
  const kernel = new MonoKernel({
    memoryBytes: 8 << 20,
    consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  const procs = programs.map((name) => {
    const prog = assemble({ name, text: example(name) });
    if (!prog.ok) throw new Error(prog.errors.map((e) => e.message).join('\n'));
    const proc = kernel.spawn(name, prog.segments, prog.symbols.get('main')!);
    if (proc === null) throw new Error('spawn failed');
    return proc;
  });
  kernel.switchTo(procs[0]);
  return { kernel, procs, output: () => out };
}
