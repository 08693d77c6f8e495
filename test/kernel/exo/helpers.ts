/**
 * Test helpers for the exokernel: a kernel with one environment whose program (assembly) is
 * loaded through the kernel's own TypeScript API, page by page, as a library OS would.
 */

import type { Environment } from '../../../kernel/exo/env.ts';
import { Exokernel, type ExokernelOptions } from '../../../kernel/exo/kernel.ts';
import { assemble } from '../../../machine/asm/index.ts';

export interface Loaded {
  kernel: Exokernel;
  env: Environment;
  symbols: Map<string, number>;
}

/** Assembles `source`, binds fresh frames for its pages in a new environment, and starts it at main. */
export function bootWith(source: string, options: ExokernelOptions = {}): Loaded {
  const kernel = new Exokernel({ memoryBytes: 4 << 20, ...options });
  const env = loadInto(kernel, 'test', source);
  kernel.switchTo(env.env);
  return { kernel, env: env.env, symbols: env.symbols };
}

export function loadInto(kernel: Exokernel, name: string, source: string) {
  const env = kernel.createEnv(name)!;
  const api = kernel.calls.apiFor(env);
  const prog = assemble({ name: `${name}.s`, text: source });
  if (!prog.ok) throw new Error(prog.errors.map((e) => e.message).join('\n'));
  for (const seg of prog.segments) {
    for (let page = seg.address & ~0xfff; page < seg.address + seg.bytes.length; page += 4096) {
      const frame = api.call('frame_alloc');
      if (frame.error) throw new Error(`frame_alloc failed: ${frame.error}`);
      api.call('bind', page, frame.cap!, 1);
    }
    if (!api.writeBytes(seg.address, seg.bytes)) throw new Error('could not write the program');
  }
  env.context.pc = prog.symbols.get('main') ?? seg0(prog.segments);
  return { env, symbols: prog.symbols };
}

function seg0(segments: { address: number }[]): number {
  return segments[0]?.address ?? 0x00400000;
}
