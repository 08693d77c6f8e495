/**
 * Loading a program into an environment for `load`. The library OS's loader (kernel/libos) is the
 * right one; until it lands, this small stand-in does what a minimal library OS would, and only
 * through the environment's own kernel calls: frame_alloc and bind for every page of the
 * program and one stack page, then the bytes written through the environment's bindings.
 * There is no page-fault handler behind it, so the program must stay inside those pages and end
 * with the env_exit kernel call (SPIM's exit syscall needs the library OS).
 */
import type { Environment } from '../../kernel/exo/env.ts';
import { describeError } from '../../kernel/exo/errors.ts';
import type { Exokernel } from '../../kernel/exo/kernel.ts';
import { assemble, formatAssemblyError } from '../../machine/asm/index.ts';
import { parseElf } from '../../machine/elf.ts';
import { CommandError } from './command.ts';

/** The stack page's address and the initial $sp in it. */
export const STACK_PAGE = 0x7fffe000;
const STACK_TOP = 0x7fffeff0;
const PAGE = 4096;
const REG_SP = 29;

export interface LoadedProgram {
  entry: number;
  /** Addresses of the pages bound for the program (stack page last). */
  pages: number[];
  how: string;
  /** The program's labels (assembly) or symbols (ELF). */
  symbols: Map<string, number>;
}

interface Piece {
  address: number;
  bytes: Uint8Array;
}

/** The program's pieces and entry point: an ELF executable, or assembly text. */
function decode(
  name: string,
  bytes: Uint8Array,
): { pieces: Piece[]; entry: number; symbols: Map<string, number> } {
  const isElf = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (isElf) {
    const parsed = parseElf(bytes);
    if (!parsed.ok) throw new CommandError(`\`${name}\`: ${parsed.error}`);
    const pieces = parsed.elf.segments.map((s) => {
      const data = new Uint8Array(s.memsz);
      data.set(s.data);
      return { address: s.vaddr, bytes: data };
    });
    return { pieces, entry: parsed.elf.entry, symbols: parsed.elf.symbols };
  }
  const program = assemble({ name, text: new TextDecoder().decode(bytes) });
  if (!program.ok) {
    throw new CommandError(formatAssemblyError(program.errors[0]));
  }
  const pieces = program.segments.filter((s) => s.kind === 'text' || s.kind === 'data');
  const entry = program.symbols.get('main') ?? program.symbols.get('__start') ?? pieces[0]?.address;
  if (entry === undefined) throw new CommandError(`\`${name}\` has no code`);
  return { pieces, entry, symbols: program.symbols };
}

/** Loads `bytes` (named `name`) into `env` through its kernel calls; CommandError on failure. */
export function loadProgram(
  kernel: Exokernel,
  env: Environment,
  name: string,
  bytes: Uint8Array,
): LoadedProgram {
  const { pieces, entry, symbols } = decode(name, bytes);
  const pages = new Set<number>();
  for (const piece of pieces) {
    const end = piece.address + Math.max(piece.bytes.length, 1);
    for (let page = piece.address & ~(PAGE - 1); page < end; page += PAGE) pages.add(page >>> 0);
  }
  pages.add(STACK_PAGE);
  const api = kernel.calls.apiFor(env);
  for (const page of pages) {
    if (env.bindings.has(page >>> 12)) continue;
    const frame = api.call('frame_alloc');
    if (frame.error !== 0 || frame.cap === undefined) {
      throw new CommandError(`frame_alloc for page ${hex8(page)}: ${describeError(frame.error)}`);
    }
    const bound = api.call('bind', page | 0, frame.cap, 1);
    if (bound.error !== 0) {
      throw new CommandError(`bind ${hex8(page)}: ${describeError(bound.error)}`);
    }
  }
  for (const piece of pieces) {
    if (!api.writeBytes(piece.address | 0, piece.bytes)) {
      throw new CommandError(`could not write the program at ${hex8(piece.address)}`);
    }
  }
  startAt(kernel, env, entry);
  return { entry, pages: [...pages], how: 'bound eagerly (no library OS yet)', symbols };
}

/** Sets the environment's pc and stack pointer, live on the CPU if it is running. */
function startAt(kernel: Exokernel, env: Environment, entry: number): void {
  env.context.pc = entry | 0;
  env.context.regs[REG_SP] = STACK_TOP;
  if (kernel.current === env) {
    const cpu = kernel.machine.cpu;
    cpu.pc = entry | 0;
    cpu.npc = (entry + 4) | 0;
    cpu.regs[REG_SP] = STACK_TOP;
  }
}

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
