/**
 * Loading a MIPS program into a new environment under ExOS: SPIM assembly (with SPIM's start-up
 * code) or a mipsel ELF executable, laid out as bare mode lays it out (kernel/bare/layout.ts):
 *
 *   0x00400000  text                0x10010000  .data ($gp = 0x10008000; ELF: its own _gp)
 *   break       heap (sbrk / brk)   0x7fffeffc  $sp (ELF 0x7fffeff0): argc, argv[], 0, envp 0
 *   0x7bfff000  ExOS's console scratch page
 *
 * Every page with bytes gets a frame (frame_alloc) bound through the environment's EnvApi and
 * filled through it; all-zero pages in demand-zero regions are left for the first touch.
 * The caller puts the environment on the CPU (kernel.switchTo) and runs the kernel.
 */
import { assemble, formatAssemblyError, type SourceFile } from '../../machine/asm/index.ts';
import { cyclesToMicroseconds } from '../../machine/clock.ts';
import { parseElf } from '../../machine/elf.ts';
import { STARTUP_SOURCE } from '../bare/exception-handler.ts';
import {
  DATA_BASE,
  DATA_SEGMENT_BASE,
  ELF_SP_VALUE,
  GP_VALUE,
  SP_VALUE,
  TEXT_BASE,
} from '../bare/layout.ts';
import type { Environment } from '../exo/env.ts';
import { parentOf } from '../exo/env-calls.ts';
import { describeError, E_OK } from '../exo/errors.ts';
import type { Exokernel } from '../exo/kernel.ts';
import type { SpimDiagnostics, SpimFileHost } from '../spim/spim-calls.ts';
import { ExOs } from './exos.ts';
import type { ExosProcessHost } from './fork.ts';
import { ipcHubFor } from './ipc/hub.ts';
import { PAGE_SIZE } from './page-table.ts';
import type { PagingChooser } from './paging.ts';
import { SCRATCH_VADDR } from './spim-port.ts';

export interface ExosLoadOptions {
  /** Paging policy when frames run out (ExosOptions.paging). Default: none. */
  paging?: number | PagingChooser;
  /** Program arguments after the program name. */
  args?: string[];
  files?: SpimFileHost;
  diagnostics?: SpimDiagnostics;
}

export type ExosLoadResult =
  | { ok: true; env: Environment; exos: ExOs; symbols: Map<string, number> }
  | { ok: false; errors: string[] };

interface UserSegment {
  vaddr: number;
  bytes: Uint8Array;
  memsz: number;
}

/** What a program image says about its layout, from either loader. */
interface Image {
  segments: UserSegment[];
  entry: number;
  symbols: Map<string, number>;
  heapBase: number;
  programBreak: number;
  sp: number;
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

/**
 * Loads `bytes` (an ELF executable, detected by its magic number, or assembly source) into a new
 * environment named `name` with ExOS as its library OS. Errors are messages a user can act on.
 */
export function loadProgram(
  kernel: Exokernel,
  name: string,
  bytes: Uint8Array,
  options: ExosLoadOptions = {},
): ExosLoadResult {
  const isElf = ELF_MAGIC.every((b, i) => bytes[i] === b);
  const image = isElf ? elfImage(name, bytes) : assemblyImage(name, bytes);
  if ('errors' in image) return { ok: false, errors: image.errors };
  const env = kernel.createEnv(name);
  if (env === null) {
    return { ok: false, errors: [`${name}: no free environment (all 63 ASIDs are in use)`] };
  }
  const api = kernel.calls.apiFor(env);
  const exos = new ExOs(api, {
    files: options.files ?? null,
    diagnostics: options.diagnostics,
    milliseconds: () => Math.floor(cyclesToMicroseconds(kernel.cycles) / 1000),
    seed: kernel.machine.seed,
    ipc: ipcHubFor(kernel),
    paging: options.paging,
    processes: forkHost(kernel),
  });
  exos.vm.pages.heapBase = image.heapBase;
  exos.vm.pages.programBreak = (image.programBreak + 7) & ~7;
  const problem = place(exos, image, [name, ...(options.args ?? [])]);
  if (problem !== null) {
    kernel.endEnv(env, 'aborted', `load failed: ${problem}`);
    return { ok: false, errors: [`${name}: ${problem}`] };
  }
  env.libos = exos;
  env.context.pc = image.entry;
  env.context.regs[28] = image.symbols.get('_gp') ?? GP_VALUE;
  env.context.regs[29] = image.sp;
  return { ok: true, env, exos, symbols: image.symbols };
}

/** Gives a forked child its library OS: only a child its parent created (env-calls.ts). */
function forkHost(kernel: Exokernel): ExosProcessHost {
  return {
    adopt(parent, child, make) {
      const env = kernel.envs.get(child);
      if (env === undefined || parentOf(env) !== parent || env.libos !== null) return false;
      env.libos = make(kernel.calls.apiFor(env));
      return true;
    },
  };
}

function elfImage(name: string, bytes: Uint8Array): Image | { errors: string[] } {
  const parsed = parseElf(bytes);
  if (!parsed.ok) return { errors: [`${name}: ${parsed.error}`] };
  const segs = parsed.elf.segments;
  const programBreak = Math.max(...segs.map((s) => s.vaddr + s.memsz));
  const writable = segs.filter((s) => s.flags.w);
  return {
    segments: segs.map((s) => ({ vaddr: s.vaddr, bytes: s.data, memsz: s.memsz })),
    entry: parsed.elf.entry,
    symbols: parsed.elf.symbols,
    heapBase: writable.length > 0 ? Math.min(...writable.map((s) => s.vaddr)) : programBreak,
    programBreak,
    sp: ELF_SP_VALUE,
  };
}

function assemblyImage(name: string, bytes: Uint8Array): Image | { errors: string[] } {
  const text = new TextDecoder().decode(bytes);
  const sources: SourceFile[] = [
    { name: 'startup.s', text: STARTUP_SOURCE },
    { name, text },
  ];
  const result = assemble(sources);
  if (!result.ok) return { errors: result.errors.map(formatAssemblyError) };
  const kernelSeg = result.segments.find((s) => s.kind === 'ktext' || s.kind === 'kdata');
  if (kernelSeg !== undefined && kernelSeg.bytes.length > 0) {
    return {
      errors: [
        `${name}: .${kernelSeg.kind} at 0x${kernelSeg.address.toString(16)} cannot be loaded: under the library OS a program runs in user mode only (ExOS handles exceptions)`,
      ],
    };
  }
  const data = result.segments.filter((s) => s.kind === 'data');
  return {
    segments: result.segments
      .filter((s) => s.kind === 'text' || s.kind === 'data')
      .map((s) => ({ vaddr: s.address, bytes: s.bytes, memsz: s.bytes.length })),
    entry: result.symbols.get('__start') ?? result.symbols.get('main') ?? TEXT_BASE,
    symbols: result.symbols,
    heapBase: DATA_SEGMENT_BASE,
    programBreak: Math.max(DATA_BASE, ...data.map((s) => s.address + s.bytes.length)),
    sp: SP_VALUE,
  };
}

/** Maps and fills the segments, the scratch page and the stack; a message if it cannot. */
function place(exos: ExOs, image: Image, args: string[]): string | null {
  for (const seg of image.segments) {
    const problem = placeSegment(exos, seg);
    if (problem !== null) return problem;
  }
  if (exos.vm.pages.lookup(SCRATCH_VADDR) === undefined) {
    const error = exos.vm.mapNew(SCRATCH_VADDR, true);
    if (error !== E_OK)
      return `no frame for the library OS's scratch page: ${describeError(error)}`;
  }
  return setUpStack(exos, image.sp, args);
}

function placeSegment(exos: ExOs, seg: UserSegment): string | null {
  const end = seg.vaddr + seg.memsz;
  if (seg.vaddr < 0 || end > SCRATCH_VADDR) {
    return `segment at 0x${seg.vaddr.toString(16)} is outside the user program's part of kuseg`;
  }
  const vm = exos.vm;
  for (let v = seg.vaddr - (seg.vaddr & (PAGE_SIZE - 1)); v < end; v += PAGE_SIZE) {
    const from = Math.max(v, seg.vaddr) - seg.vaddr;
    const to = Math.min(v + PAGE_SIZE, seg.vaddr + seg.bytes.length) - seg.vaddr;
    const chunk = to > from ? seg.bytes.subarray(from, to) : new Uint8Array(0);
    // An all-zero page in a demand-zero region (a big .space, .bss) waits for its first touch.
    if (vm.pages.isDemandZero(v) && chunk.every((b) => b === 0)) continue;
    if (vm.pages.lookup(v) === undefined) {
      const error = vm.mapNew(v, true);
      if (error !== E_OK) return `program does not fit in memory: ${describeError(error)}`;
    }
    if (chunk.length > 0 && vm.writeBytes(seg.vaddr + from, chunk) < chunk.length) {
      return `could not write the segment at 0x${seg.vaddr.toString(16)}`;
    }
  }
  return null;
}

/** argc, argv[], a null, envp (empty) at $sp, and the argument strings just above them. */
function setUpStack(exos: ExOs, sp: number, args: string[]): string | null {
  const enc = new TextEncoder();
  const words = args.length + 3;
  let next = sp + words * 4;
  const pointers: number[] = [];
  for (const a of args) {
    const bytes = enc.encode(`${a}\0`);
    if (next + bytes.length > 0x80000000) return 'program arguments are too long';
    if (exos.vm.writeBytes(next, bytes) < bytes.length)
      return 'no memory for the program arguments';
    pointers.push(next);
    next += bytes.length;
  }
  const frame = new Uint8Array(words * 4);
  const view = new DataView(frame.buffer);
  const values = [args.length, ...pointers, 0, 0];
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i], true);
  if (exos.vm.writeBytes(sp, frame) < frame.length) return 'no memory for the stack';
  return null;
}
