/**
 * Bare mode: a program run on the bare machine the way SPIM runs it. This module loads an
 * assembly program (with the firmware and an exception handler) or a mipsel ELF executable,
 * lays out memory as layout.ts describes, installs the syscall service, and hands back a
 * session whose machine starts at the program's entry in user mode.
 */
import { createHash } from 'node:crypto';
import {
  assemble,
  formatAssemblyError,
  type Segment,
  type SourceFile,
} from '../../machine/asm/index.ts';
import { STATUS_CU0, STATUS_CU1, STATUS_KUC } from '../../machine/cp0.ts';
import type { ConsoleHost } from '../../machine/devices/console.ts';
import { parseElf } from '../../machine/elf.ts';
import { disassemble } from '../../machine/isa/disassemble.ts';
import { type Engine, Machine, type RunResult } from '../../machine/machine.ts';
import { restoreSnapshot, saveSnapshot, snapshotMeta } from '../../machine/snapshot.ts';
import { EXCEPTION_HANDLER_SOURCE, STARTUP_SOURCE } from './exception-handler.ts';
import { FIRMWARE_SOURCE } from './firmware.ts';
import {
  DATA_BASE,
  DATA_SEGMENT_BASE,
  ELF_SP_VALUE,
  FIRST_FRAME_PADDR,
  GP_VALUE,
  KSEG0,
  SP_VALUE,
  TEXT_BASE,
} from './layout.ts';
import { BarePageTable } from './page-table.ts';
import { type BareDiagnostics, type BareFileHost, BareSyscalls } from './syscalls.ts';
import { UserMemory } from './user-memory.ts';

export type { BareDiagnostics, BareFileHost } from './syscalls.ts';

export interface BareOptions {
  /** RAM in bytes. Default 16 MiB; at most 256 MiB. */
  memoryBytes?: number;
  seed?: number;
  /** Replaces the default exception handler (and its __start), as SPIM's -exception_file. */
  exceptionHandler?: SourceFile;
  /** Program arguments after the program name. */
  args?: string[];
  files?: BareFileHost;
  output?: ConsoleHost;
  diagnostics?: BareDiagnostics;
  /** Execution engine of the machine (interpreter or block compiler); same results either way. */
  engine?: Engine;
}

export type BareLoadResult = { ok: true; session: BareSession } | { ok: false; errors: string[] };

/** What a bare-mode snapshot keeps beside the machine. */
interface BareSnapshotMeta {
  bare: { fingerprint: string; exitCode: number | null; randoms: [number, number][] };
}

export const MAX_BARE_MEMORY = 256 * 1024 * 1024;
const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

/** A loaded program and the machine it runs on. */
export class BareSession {
  readonly syscalls: BareSyscalls;
  private readonly context;

  constructor(
    readonly machine: Machine,
    readonly pages: BarePageTable,
    readonly symbols: Map<string, number>,
    diagnostics: BareDiagnostics,
    files: BareFileHost | null,
    /** Identifies the program and handler, so a snapshot is only restored onto the same ones. */
    private readonly fingerprint: string,
  ) {
    this.context = {
      machine,
      pages,
      user: new UserMemory(machine.memory, pages),
      files,
      diagnostics,
      exitCode: null as number | null,
    };
    this.syscalls = new BareSyscalls(this.context);
    machine.cpu.syscallHook = this.syscalls;
  }

  /** The program's exit status once it has exited (exit → 0, exit2 → its code), else null. */
  get exitCode(): number | null {
    return this.context.exitCode;
  }

  /** TLB refills the program has needed so far (each ran the firmware's refill routine). */
  get tlbRefills(): number {
    return this.machine.cpu.utlbRefills;
  }

  /** Runs the program; once it has exited, running again does nothing. */
  run(maxCycles: number): RunResult {
    if (this.exitCode !== null) return { reason: 'halted', cycles: 0 };
    return this.machine.run(maxCycles);
  }

  /** The whole run's state (machine and session) as snapshot bytes. */
  saveState(): Uint8Array {
    const meta: BareSnapshotMeta = {
      bare: {
        fingerprint: this.fingerprint,
        exitCode: this.context.exitCode,
        randoms: this.syscalls.saveRandoms(),
      },
    };
    return saveSnapshot(this.machine, meta);
  }

  /**
   * Continues from a snapshot saveState made of the same program; returns null, or a message
   * saying why the snapshot does not fit (the session is then left as it was).
   */
  restoreState(bytes: Uint8Array): string | null {
    const read = snapshotMeta(bytes);
    if (typeof read === 'string') return read;
    const bare = (read.meta as Partial<BareSnapshotMeta> | undefined)?.bare;
    if (bare === undefined || !Array.isArray(bare.randoms)) {
      return 'snapshot was not saved by a bare-mode run';
    }
    if (bare.fingerprint !== this.fingerprint) {
      return 'snapshot was saved from a different program or exception handler';
    }
    const problem = restoreSnapshot(this.machine, bytes);
    if (problem) return problem;
    this.context.exitCode = bare.exitCode;
    this.syscalls.restoreRandoms(bare.randoms);
    return null;
  }

  feedInput(bytes: Uint8Array | string): void {
    this.machine.console.feed(bytes);
  }

  endInput(): void {
    this.machine.console.endInput();
  }

  /** One line of trace: the instruction at `pc`, or why it cannot be read. Maps nothing. */
  disassembleAt(pc: number): string {
    const paddr = this.context.user.physical(pc, false);
    const at = `0x${(pc >>> 0).toString(16).padStart(8, '0')}`;
    if (paddr < 0) return `${at}  <unmapped>`;
    const word = this.machine.memory.i32[paddr >>> 2];
    return `${at}  ${disassemble(word, pc)}`;
  }
}

/** Loads an ELF executable (detected by its magic number) or an assembly source file. */
export function loadBareProgram(
  program: { name: string; bytes: Uint8Array },
  options: BareOptions = {},
): BareLoadResult {
  const memoryBytes = options.memoryBytes ?? 16 * 1024 * 1024;
  if (memoryBytes < 2 * 1024 * 1024 || memoryBytes > MAX_BARE_MEMORY || memoryBytes % 4096 !== 0) {
    return {
      ok: false,
      errors: [
        `memory must be a whole number of 4 KiB pages between 2 MiB and 256 MiB, not ${memoryBytes} bytes`,
      ],
    };
  }
  const isElf = ELF_MAGIC.every((b, i) => program.bytes[i] === b);
  const machine = new Machine({
    memoryBytes,
    seed: options.seed,
    consoleHost: options.output,
    spimConsoleWindow: true,
    engine: options.engine,
  });
  const pages = new BarePageTable(machine.memory);
  // A replacement handler stands for SPIM's whole exceptions file: handler and start-up code.
  const handler: SourceFile = options.exceptionHandler ?? {
    name: 'exceptions.s',
    text: EXCEPTION_HANDLER_SOURCE,
  };
  const startup: SourceFile[] = options.exceptionHandler
    ? []
    : [{ name: 'startup.s', text: STARTUP_SOURCE }];
  const sources: SourceFile[] = [{ name: 'firmware.s', text: FIRMWARE_SOURCE }, handler];
  let entry: number;
  let symbols: Map<string, number>;
  let programBreak: number;
  let heapBase = DATA_SEGMENT_BASE;
  let stackPointer = SP_VALUE;
  const userSegments: { vaddr: number; bytes: Uint8Array; memsz: number }[] = [];

  if (isElf) {
    const parsed = parseElf(program.bytes);
    if (!parsed.ok) return { ok: false, errors: [`${program.name}: ${parsed.error}`] };
    const kernel = assemble(sources);
    if (!kernel.ok) return { ok: false, errors: kernel.errors.map(formatAssemblyError) };
    const misplaced = placeKernel(machine, kernel.segments);
    if (misplaced) return { ok: false, errors: [`${handler.name}: ${misplaced}`] };
    for (const s of parsed.elf.segments)
      userSegments.push({ vaddr: s.vaddr, bytes: s.data, memsz: s.memsz });
    entry = parsed.elf.entry;
    symbols = parsed.elf.symbols;
    programBreak = Math.max(...parsed.elf.segments.map((s) => s.vaddr + s.memsz));
    const writable = parsed.elf.segments.filter((s) => s.flags.w);
    heapBase = writable.length > 0 ? Math.min(...writable.map((s) => s.vaddr)) : programBreak;
    stackPointer = ELF_SP_VALUE;
  } else {
    const text = new TextDecoder().decode(program.bytes);
    const result = assemble([...sources, ...startup, { name: program.name, text }]);
    if (!result.ok) return { ok: false, errors: result.errors.map(formatAssemblyError) };
    const misplaced = placeKernel(machine, result.segments);
    if (misplaced) return { ok: false, errors: [`${program.name}: ${misplaced}`] };
    for (const s of result.segments) {
      if (s.kind === 'text' || s.kind === 'data')
        userSegments.push({ vaddr: s.address, bytes: s.bytes, memsz: s.bytes.length });
    }
    symbols = result.symbols;
    entry = symbols.get('__start') ?? symbols.get('main') ?? TEXT_BASE;
    const dataEnd = Math.max(
      DATA_BASE,
      ...result.segments.filter((s) => s.kind === 'data').map((s) => s.address + s.bytes.length),
    );
    programBreak = dataEnd;
  }

  pages.init(FIRST_FRAME_PADDR, heapBase, (programBreak + 7) & ~7);
  for (const seg of userSegments) {
    const problem = placeUser(pages, machine, seg);
    if (problem) return { ok: false, errors: [`${program.name}: ${problem}`] };
  }
  const stackProblem = setUpStack(pages, machine, stackPointer, [
    program.name,
    ...(options.args ?? []),
  ]);
  if (stackProblem) return { ok: false, errors: [`${program.name}: ${stackProblem}`] };

  const cpu = machine.cpu;
  machine.reset(entry);
  cpu.status = STATUS_CU0 | STATUS_CU1 | STATUS_KUC;
  cpu.regs[28] = GP_VALUE;
  cpu.regs[29] = stackPointer;
  if (symbols.has('_gp')) cpu.regs[28] = symbols.get('_gp')!;
  const session = new BareSession(
    machine,
    pages,
    symbols,
    options.diagnostics ?? { write() {} },
    options.files ?? null,
    fingerprintOf(program.bytes, handler.text),
  );
  return { ok: true, session };
}

/** A digest of the program and exception handler that a snapshot must match. */
function fingerprintOf(program: Uint8Array, handler: string): string {
  return createHash('sha256').update(program).update('\0').update(handler).digest('hex');
}

/**
 * Copies the kernel segments (ktext, kdata) into physical memory through kseg0. Returns a
 * message when one lies outside the kernel's part of bare-mode memory, before writing any.
 */
function placeKernel(machine: Machine, segments: readonly Segment[]): string | null {
  const kernel = segments.filter((s) => s.kind === 'ktext' || s.kind === 'kdata');
  const outside = kernel.find(
    (s) => s.address < KSEG0 || s.address + s.bytes.length > KSEG0 + FIRST_FRAME_PADDR,
  );
  if (outside) {
    return `kernel ${outside.kind} at 0x${outside.address.toString(16)} lies outside 0x80000000..0x800fffff, the kernel's part of bare-mode memory`;
  }
  for (const s of kernel) machine.memory.writeBytes(s.address - KSEG0, s.bytes);
  return null;
}

function placeUser(
  pages: BarePageTable,
  machine: Machine,
  seg: { vaddr: number; bytes: Uint8Array; memsz: number },
): string | null {
  const end = seg.vaddr + seg.memsz;
  if (seg.vaddr < 0 || end > 0x7c000000) {
    return `segment at 0x${seg.vaddr.toString(16)} is outside the user program's part of kuseg`;
  }
  // Page by page; in a demand-zero region an all-zero page (a big .space) is left for the
  // refill routine to map on first touch, which keeps loading fast and memory small.
  for (let v = seg.vaddr - (seg.vaddr & 4095); v < end; v += 4096) {
    const from = Math.max(v, seg.vaddr) - seg.vaddr;
    const to = Math.min(v + 4096, seg.vaddr + seg.bytes.length) - seg.vaddr;
    const chunk = to > from ? seg.bytes.subarray(from, to) : new Uint8Array(0);
    if (pages.isDemandZero(v) && chunk.every((b) => b === 0)) continue;
    const base = pages.resolve(v, true);
    if (base < 0) return 'program does not fit in memory (try a larger --memory)';
    if (chunk.length > 0) machine.memory.u8.set(chunk, base + (Math.max(v, seg.vaddr) - v));
  }
  return null;
}

/** argc, argv[], a null, envp (empty) at $sp, and the argument strings just above them. */
function setUpStack(
  pages: BarePageTable,
  machine: Machine,
  sp: number,
  args: string[],
): string | null {
  const user = new UserMemory(machine.memory, pages);
  const enc = new TextEncoder();
  const words = args.length + 3;
  let next = sp + words * 4;
  const pointers: number[] = [];
  for (const a of args) {
    const bytes = enc.encode(`${a}\0`);
    if (next + bytes.length > 0x80000000) return 'program arguments are too long';
    if (user.writeBytes(next, bytes) < bytes.length) return 'no memory for the program arguments';
    pointers.push(next);
    next += bytes.length;
  }
  const frame = new Uint8Array(words * 4);
  const view = new DataView(frame.buffer);
  const values = [args.length, ...pointers, 0, 0];
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i], true);
  if (user.writeBytes(sp, frame) < frame.length) return 'no memory for the stack';
  return null;
}
