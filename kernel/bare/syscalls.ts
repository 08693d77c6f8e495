/**
 * Bare-mode system calls: the CPU's syscall hook. The calls themselves (SPIM 1–17, MARS 30–42,
 * exolab's 90, Linux o32 for ELF programs) live in kernel/spim/spim-calls.ts, shared with the
 * library OS; this file is bare mode's port to them: the console device, the user's memory
 * through the bare page table (demand-zero pages mapped on first touch, as the firmware would)
 * and the CPU's registers.
 */
import { cyclesToMicroseconds } from '../../machine/clock.ts';
import type { Cpu } from '../../machine/cpu.ts';
import type { Machine } from '../../machine/machine.ts';
import {
  SpimCalls,
  type SpimDiagnostics,
  type SpimExceptionState,
  type SpimFileHost,
  type SpimPort,
  unknownSyscallMessage,
} from '../spim/spim-calls.ts';
import type { BarePageTable } from './page-table.ts';
import type { UserMemory } from './user-memory.ts';

export { parseCFloat, parseCInteger } from '../spim/spim-calls.ts';
export type BareFileHost = SpimFileHost;
export type BareDiagnostics = SpimDiagnostics;

export interface SyscallContext {
  machine: Machine;
  pages: BarePageTable;
  user: UserMemory;
  files: BareFileHost | null;
  diagnostics: BareDiagnostics;
  /** Set when the program exits. */
  exitCode: number | null;
}

/** The SPIM calls' port onto the bare machine. */
class BarePort implements SpimPort {
  constructor(private readonly ctx: SyscallContext) {}

  private get cpu(): Cpu {
    return this.ctx.machine.cpu;
  }

  get regs(): Int32Array {
    return this.cpu.regs;
  }

  get f32(): Float32Array {
    return this.cpu.fpu.f32;
  }

  get f64(): Float64Array {
    return this.cpu.fpu.f64;
  }

  output(data: string | Uint8Array): void {
    if (typeof data === 'string') this.ctx.machine.console.writeText(data);
    else this.ctx.machine.console.writeBytes(data);
  }

  readLine(max: number): Uint8Array | null {
    const con = this.ctx.machine.console;
    if (!con.hasLine()) return null;
    const bytes: number[] = [];
    while (bytes.length < max) {
      const c = con.readChar();
      if (c === null || c < 0) break;
      bytes.push(c);
      if (c === 10) break;
    }
    return Uint8Array.from(bytes);
  }

  readChar(): number | null {
    return this.ctx.machine.console.readChar();
  }

  /**
   * Up to `max` console bytes, as a terminal read returns them: at least one (blocking with
   * null until there is one), then whatever has already arrived up to the end of the line.
   * Empty at end of input or when max is 0.
   */
  readConsole(max: number): Uint8Array | null {
    const con = this.ctx.machine.console;
    const bytes: number[] = [];
    while (bytes.length < max && bytes[bytes.length - 1] !== 10) {
      const c = con.readChar();
      if (c === null && bytes.length === 0) return null;
      if (c === null || c < 0) break;
      bytes.push(c);
    }
    return Uint8Array.from(bytes);
  }

  readCString(vaddr: number): Uint8Array {
    return this.ctx.user.readCString(vaddr);
  }

  readBytes(vaddr: number, len: number): Uint8Array | null {
    return this.ctx.user.readBytes(vaddr, len);
  }

  writeBytes(vaddr: number, bytes: Uint8Array): number {
    return this.ctx.user.writeBytes(vaddr, bytes);
  }

  get programBreak(): number {
    return this.ctx.pages.programBreak;
  }

  set programBreak(value: number) {
    this.ctx.pages.programBreak = value;
  }

  get heapBase(): number {
    return this.ctx.pages.heapBase;
  }

  exit(code: number): void {
    this.ctx.exitCode = code;
  }

  get files(): SpimFileHost | null {
    return this.ctx.files;
  }

  get diagnostics(): SpimDiagnostics {
    return this.ctx.diagnostics;
  }

  milliseconds(): number {
    return Math.floor(cyclesToMicroseconds(this.ctx.machine.clock.cycles) / 1000);
  }

  get seed(): number {
    return this.ctx.machine.seed;
  }

  unknownSyscall(code: number): void {
    this.ctx.diagnostics.write(unknownSyscallMessage(code, this.cpu.pc - 4));
  }

  exceptionState(): SpimExceptionState {
    const cpu = this.cpu;
    return { code: (cpu.readCause() >>> 2) & 31, epc: cpu.epc, badVAddr: cpu.badVAddr };
  }
}

export class BareSyscalls {
  private readonly calls: SpimCalls;

  constructor(ctx: SyscallContext) {
    this.calls = new SpimCalls(new BarePort(ctx));
  }

  /** The CPU's syscall hook: the call number is in $v0; returns a SYSCALL_* code. */
  handle(cpu: Cpu): number {
    return this.calls.handle(cpu.regs[2]);
  }

  /** The MARS generators' states, by generator id, for snapshots. */
  saveRandoms(): [number, number][] {
    return this.calls.saveRandoms();
  }

  restoreRandoms(states: [number, number][]): void {
    this.calls.restoreRandoms(states);
  }
}
