/**
 * ExOS's port to the shared SPIM calls (kernel/spim/spim-calls.ts): the console through the
 * kernel calls cons_write and cons_read, memory through ExOS's virtual memory, the break in its
 * page table, exit through env_exit.
 *
 * Console transfers go through a scratch page the library OS keeps mapped in its environment
 * (SCRATCH_VADDR): text is copied there and cons_write sends it; cons_read fills it and the
 * bytes are copied out. A read that would block (cons_read answers E_BUSY) consumes nothing.
 */
import type { EnvApi } from '../exo/env.ts';
import { E_BUSY, E_OK } from '../exo/errors.ts';
import type {
  SpimDiagnostics,
  SpimExceptionState,
  SpimFileHost,
  SpimPort,
} from '../spim/spim-calls.ts';
import { PAGE_SIZE } from './page-table.ts';
import type { ExosVm } from './vm.ts';

/** The library OS's console buffer: the page just below the stack area. */
export const SCRATCH_VADDR = 0x7bfff000;

const encoder = new TextEncoder();

/** What the port needs beside the API and the VM. */
export interface ExosPortHost {
  files: SpimFileHost | null;
  diagnostics: SpimDiagnostics;
  /** Emulated milliseconds since the machine started. */
  milliseconds(): number;
  seed: number;
  /** Ends the environment with a status. */
  exit(code: number): void;
  /** Notes an unknown call number (reported with its PC when the exception comes). */
  unknownSyscall(code: number): void;
  /** The exception being reported (SPIM's syscall 90). */
  exceptionState(): SpimExceptionState;
}

export class ExosSpimPort implements SpimPort {
  constructor(
    private readonly api: EnvApi,
    private readonly vm: ExosVm,
    private readonly host: ExosPortHost,
  ) {}

  get regs(): Int32Array {
    return this.api.regs;
  }

  get f32(): Float32Array {
    return this.api.f32;
  }

  get f64(): Float64Array {
    return this.api.f64;
  }

  /** Console output: through the scratch page, a page at a time, with cons_write. */
  output(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    for (let at = 0; at < bytes.length; at += PAGE_SIZE) {
      const chunk = bytes.subarray(at, at + PAGE_SIZE);
      if (!this.api.writeBytes(SCRATCH_VADDR, chunk)) return;
      this.api.call('cons_write', SCRATCH_VADDR, chunk.length);
    }
  }

  /** One cons_read into the scratch page: the bytes, or null when it would block. */
  private consRead(max: number, line: boolean): Uint8Array | null {
    const got = this.api.call('cons_read', SCRATCH_VADDR, Math.min(max, PAGE_SIZE), line ? 1 : 0);
    if (got.error === E_BUSY) return null;
    if (got.error !== E_OK || got.value === 0) return new Uint8Array(0);
    return this.api.readBytes(SCRATCH_VADDR, got.value) ?? new Uint8Array(0);
  }

  readLine(max: number): Uint8Array | null {
    const first = this.consRead(max, true);
    if (first === null) return null;
    const parts = [first];
    let total = first.length;
    let last = first;
    // A line longer than the scratch page: keep reading (the rest of the line is there).
    while (total < max && last.length === PAGE_SIZE && last[last.length - 1] !== 10) {
      const more = this.consRead(max - total, true);
      if (more === null || more.length === 0) break;
      parts.push(more);
      total += more.length;
      last = more;
    }
    return concat(parts, total);
  }

  readChar(): number | null {
    const got = this.consRead(1, false);
    if (got === null) return null;
    return got.length === 0 ? -1 : got[0];
  }

  /**
   * read(0): a whole line when one has arrived (or input has ended); otherwise the bytes that
   * have arrived, one cons_read each; null when there are none yet.
   */
  readConsole(max: number): Uint8Array | null {
    if (max === 0) return new Uint8Array(0);
    const line = this.readLine(max);
    if (line !== null) return line;
    const bytes: number[] = [];
    while (bytes.length < max) {
      const got = this.consRead(1, false);
      if (got === null || got.length === 0) break;
      bytes.push(got[0]);
    }
    return bytes.length === 0 ? null : Uint8Array.from(bytes);
  }

  readCString(vaddr: number): Uint8Array {
    return this.vm.readCString(vaddr);
  }

  readBytes(vaddr: number, len: number): Uint8Array | null {
    return this.vm.readBytes(vaddr, len);
  }

  writeBytes(vaddr: number, bytes: Uint8Array): number {
    return this.vm.writeBytes(vaddr, bytes);
  }

  get programBreak(): number {
    return this.vm.pages.programBreak;
  }

  set programBreak(value: number) {
    this.vm.pages.programBreak = value >>> 0;
  }

  get heapBase(): number {
    return this.vm.pages.heapBase;
  }

  exit(code: number): void {
    this.host.exit(code);
  }

  get files(): SpimFileHost | null {
    return this.host.files;
  }

  get diagnostics(): SpimDiagnostics {
    return this.host.diagnostics;
  }

  milliseconds(): number {
    return this.host.milliseconds();
  }

  get seed(): number {
    return this.host.seed;
  }

  unknownSyscall(code: number): void {
    this.host.unknownSyscall(code);
  }

  exceptionState(): SpimExceptionState {
    return this.host.exceptionState();
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
