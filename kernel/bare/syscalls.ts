/**
 * Bare-mode system calls, serviced by the host as SPIM and MARS service them (syscall number
 * in $v0, arguments in $a0..$a3 and $f12, results in $v0 or $f0):
 *
 *   1 print_int   2 print_float   3 print_double   4 print_string   5 read_int
 *   6 read_float  7 read_double   8 read_string    9 sbrk           10 exit
 *   11 print_char 12 read_char    13 open          14 read          15 write
 *   16 close      17 exit2
 *   MARS: 30 time (emulated ms)  31 midi out (no sound)  32 sleep (advances nothing; no-op)
 *         33 midi sync (no-op)   34 print hex  35 print binary  36 print unsigned
 *         40 set seed  41 random int  42 random int below $a1
 *   exolab: 90 report the current exception on stderr (used by the default handler)
 *   Linux o32 (ELF programs): 4001 exit, 4003 read, 4004 write, 4045 brk, 4246 exit_group;
 *         results in $v0 with $a3 = 0, or errno in $v0 with $a3 = 1.
 *
 * A read that finds no input yet answers SYSCALL_BLOCK, so the machine stops with the PC on
 * the syscall and the host can wait for more input; at end of input reads return what SPIM's
 * do at EOF (0, an empty string, or -1 for read_char... as documented per call).
 */
import { cyclesToMicroseconds } from '../../machine/clock.ts';
import { exceptionName } from '../../machine/cp0.ts';
import type { Cpu } from '../../machine/cpu.ts';
import {
  SYSCALL_BLOCK,
  SYSCALL_DONE,
  SYSCALL_EXCEPTION,
  SYSCALL_EXIT,
} from '../../machine/cpu-state.ts';
import type { Machine } from '../../machine/machine.ts';
import { formatFixed, formatGeneral } from './format-number.ts';
import { STACK_LOW } from './layout.ts';
import type { BarePageTable } from './page-table.ts';
import { SeededRandom } from './random.ts';
import type { UserMemory } from './user-memory.ts';

const V0 = 2;
const A0 = 4;
const A1 = 5;
const A2 = 6;
const A3 = 7;

/** Files for syscalls 13–16 (SPIM/MARS flags: 0 read, 1 write+create+truncate, 9 append). */
export interface BareFileHost {
  open(path: string, flags: number, mode: number): number;
  read(fd: number, max: number): Uint8Array | number;
  write(fd: number, bytes: Uint8Array): number;
  close(fd: number): number;
}

/** Where diagnostics (not program output) go: the host's stderr. */
export interface BareDiagnostics {
  write(text: string): void;
}

export interface SyscallContext {
  machine: Machine;
  pages: BarePageTable;
  user: UserMemory;
  files: BareFileHost | null;
  diagnostics: BareDiagnostics;
  /** Set when the program exits. */
  exitCode: number | null;
}

const decoder = new TextDecoder();
const LINUX_ENOSYS = 89;
const LINUX_EBADF = 9;
const LINUX_EFAULT = 14;

export class BareSyscalls {
  private readonly randoms = new Map<number, SeededRandom>();

  constructor(private readonly ctx: SyscallContext) {}

  /** The CPU's syscall hook. */
  handle(cpu: Cpu): number {
    const r = cpu.regs;
    const code = r[V0];
    if (code >= 4000) return this.linux(cpu, code);
    switch (code) {
      case 1:
        return this.print(String(r[A0]));
      case 2:
        return this.print(formatFixed(cpu.fpu.f32[12], 8));
      case 3:
        return this.print(formatGeneral(cpu.fpu.f64[6], 18));
      case 4:
        return this.printBytes(this.ctx.user.readCString(r[A0]));
      case 5:
        return this.readLine((line) => {
          r[V0] = parseCInteger(line);
        });
      case 6:
        return this.readLine((line) => {
          cpu.fpu.f32[0] = parseCFloat(line);
        });
      case 7:
        return this.readLine((line) => {
          cpu.fpu.f64[0] = parseCFloat(line);
        });
      case 8:
        return this.readString(r[A0], r[A1]);
      case 9:
        r[V0] = this.sbrk(r[A0]);
        return SYSCALL_DONE;
      case 10:
        return this.exit(0);
      case 11:
        return this.printBytes(Uint8Array.of(r[A0] & 0xff));
      case 12:
        return this.readChar(cpu);
      case 13:
        r[V0] = this.open(r[A0], r[A1], r[A2]);
        return SYSCALL_DONE;
      case 14:
        return this.readFile(cpu, r[A0], r[A1], r[A2], false);
      case 15:
        r[V0] = this.writeFile(r[A0], r[A1], r[A2]);
        return SYSCALL_DONE;
      case 16:
        r[V0] = this.close(r[A0]);
        return SYSCALL_DONE;
      case 17:
        return this.exit(r[A0]);
      case 30: {
        const ms = Math.floor(cyclesToMicroseconds(this.ctx.machine.clock.cycles) / 1000);
        r[A0] = (ms % 0x100000000) | 0;
        r[A1] = Math.floor(ms / 0x100000000) | 0;
        return SYSCALL_DONE;
      }
      case 31:
      case 32:
      case 33:
        return SYSCALL_DONE;
      case 34:
        return this.print(`0x${(r[A0] >>> 0).toString(16).padStart(8, '0')}`);
      case 35:
        return this.print((r[A0] >>> 0).toString(2).padStart(32, '0'));
      case 36:
        return this.print(String(r[A0] >>> 0));
      case 40:
        this.randoms.set(r[A0], new SeededRandom(r[A1]));
        return SYSCALL_DONE;
      case 41:
        r[A0] = this.random(r[A0]).nextUint32() | 0;
        return SYSCALL_DONE;
      case 42: {
        const bound = r[A1];
        if (bound <= 0) {
          this.ctx.diagnostics.write(
            `exolab: syscall 42 (random int range) needs an upper bound above 0 in $a1, got ${bound}\n`,
          );
          return SYSCALL_DONE;
        }
        r[A0] = this.random(r[A0]).below(bound);
        return SYSCALL_DONE;
      }
      case 90:
        this.reportException(cpu);
        return SYSCALL_DONE;
      default:
        this.ctx.diagnostics.write(
          `exolab: unknown syscall ${code} in $v0 at pc 0x${((cpu.pc - 4) >>> 0).toString(16).padStart(8, '0')}\n`,
        );
        return SYSCALL_EXCEPTION;
    }
  }

  /** The MARS generators' states, by generator id, for snapshots. */
  saveRandoms(): [number, number][] {
    return [...this.randoms].map(([id, rng]) => [id, rng.state]);
  }

  restoreRandoms(states: [number, number][]): void {
    this.randoms.clear();
    for (const [id, state] of states) {
      const rng = new SeededRandom(0);
      rng.state = state;
      this.randoms.set(id, rng);
    }
  }

  private random(id: number): SeededRandom {
    let rng = this.randoms.get(id);
    if (rng === undefined) {
      rng = new SeededRandom((this.ctx.machine.seed ^ Math.imul(id, 0x9e3779b1)) | 0);
      this.randoms.set(id, rng);
    }
    return rng;
  }

  private print(text: string): number {
    this.ctx.machine.console.writeText(text);
    return SYSCALL_DONE;
  }

  private printBytes(bytes: Uint8Array): number {
    this.ctx.machine.console.writeBytes(bytes);
    return SYSCALL_DONE;
  }

  private exit(code: number): number {
    this.ctx.exitCode = code;
    return SYSCALL_EXIT;
  }

  /** Reads a line as SPIM does for read_int/float/double; at end of input the line is empty. */
  private readLine(use: (line: string) => void): number {
    const line = this.ctx.machine.console.readLine();
    if (line === null) return SYSCALL_BLOCK;
    use(line);
    return SYSCALL_DONE;
  }

  /** read_string: at most len-1 bytes up to and including a newline, then a NUL. */
  private readString(buf: number, len: number): number {
    const con = this.ctx.machine.console;
    if (!con.hasLine()) return SYSCALL_BLOCK;
    const bytes: number[] = [];
    while (bytes.length < len - 1) {
      const c = con.readChar();
      if (c === null || c < 0) break;
      bytes.push(c);
      if (c === 10) break;
    }
    if (len >= 1) bytes.push(0);
    this.ctx.user.writeBytes(buf, Uint8Array.from(bytes));
    return SYSCALL_DONE;
  }

  private readChar(cpu: Cpu): number {
    const c = this.ctx.machine.console.readChar();
    if (c === null) return SYSCALL_BLOCK;
    cpu.regs[V0] = Math.max(c, 0);
    return SYSCALL_DONE;
  }

  /** sbrk: grows the break by n rounded up to a word; returns the old break. */
  private sbrk(n: number): number {
    const old = this.ctx.pages.programBreak;
    const grow = (n + 3) & ~3;
    if (grow > 0) this.ctx.pages.programBreak = (old + grow) >>> 0;
    return old | 0;
  }

  private open(pathAddr: number, flags: number, mode: number): number {
    if (this.ctx.files === null) return -1;
    const path = decoder.decode(this.ctx.user.readCString(pathAddr));
    return this.ctx.files.open(path, flags, mode);
  }

  /** read(fd, buf, len): fd 0 is the console. Returns bytes read, 0 at EOF, negative on error. */
  private readFile(cpu: Cpu, fd: number, buf: number, len: number, linux: boolean): number {
    const r = cpu.regs;
    let data: Uint8Array | number | null;
    if (fd === 0) {
      data = this.readConsole(len);
      if (data === null) return SYSCALL_BLOCK;
    } else if (this.ctx.files === null || fd < 0) {
      data = -1;
    } else {
      data = this.ctx.files.read(fd, Math.max(0, len));
    }
    if (typeof data === 'number') {
      this.result(r, data, linux ? LINUX_EBADF : -1, linux);
      return SYSCALL_DONE;
    }
    const written = this.ctx.user.writeBytes(buf, data);
    if (written < data.length && linux) this.result(r, -1, LINUX_EFAULT, linux);
    else this.result(r, written, 0, linux);
    return SYSCALL_DONE;
  }

  /**
   * Up to `len` console bytes, as a terminal read returns them: at least one (blocking with
   * null until there is one), then whatever has already arrived up to the end of the line.
   * Empty at end of input or when len is 0.
   */
  private readConsole(len: number): Uint8Array | null {
    const con = this.ctx.machine.console;
    const bytes: number[] = [];
    while (bytes.length < len && bytes[bytes.length - 1] !== 10) {
      const c = con.readChar();
      if (c === null && bytes.length === 0) return null;
      if (c === null || c < 0) break;
      bytes.push(c);
    }
    return Uint8Array.from(bytes);
  }

  /** close(fd): the console's descriptors 0..2 always close; others go to the file host. */
  private close(fd: number): number {
    if (fd >= 0 && fd <= 2) return 0;
    return this.ctx.files === null ? -1 : this.ctx.files.close(fd);
  }

  /** write(fd, buf, len): fd 1 is the console, fd 2 the host's stderr. */
  private writeFile(fd: number, buf: number, len: number): number {
    const data = this.ctx.user.readBytes(buf, Math.max(0, len));
    if (data === null) return -1;
    if (fd === 1) {
      this.ctx.machine.console.writeBytes(data);
      return data.length;
    }
    if (fd === 2) {
      this.ctx.diagnostics.write(decoder.decode(data));
      return data.length;
    }
    if (this.ctx.files === null || fd < 0) return -1;
    return this.ctx.files.write(fd, data);
  }

  private result(r: Int32Array, value: number, errno: number, linux: boolean): void {
    if (linux && value < 0) {
      r[V0] = errno;
      r[A3] = 1;
    } else {
      r[V0] = value;
      if (linux) r[A3] = 0;
    }
  }

  private linux(cpu: Cpu, code: number): number {
    const r = cpu.regs;
    switch (code) {
      case 4001:
      case 4246:
        return this.exit(r[A0] & 0xff);
      case 4003:
        return this.readFile(cpu, r[A0], r[A1], r[A2], true);
      case 4004: {
        const n = this.writeFile(r[A0], r[A1], r[A2]);
        this.result(r, n, n === -1 ? LINUX_EFAULT : 0, true);
        return SYSCALL_DONE;
      }
      case 4045: {
        const want = r[A0] >>> 0;
        const pages = this.ctx.pages;
        if (want >= pages.heapBase && want < STACK_LOW) pages.programBreak = want;
        this.result(r, pages.programBreak | 0, 0, true);
        return SYSCALL_DONE;
      }
      default:
        this.result(r, -1, LINUX_ENOSYS, true);
        return SYSCALL_DONE;
    }
  }

  /** exolab syscall 90: SPIM's own diagnostic line for the exception being handled. */
  private reportException(cpu: Cpu): void {
    const code = (cpu.readCause() >>> 2) & 31;
    const pc = `0x${(cpu.epc >>> 0).toString(16).padStart(8, '0')}`;
    let detail = exceptionName(code);
    if (code === 4 || code === 5 || code === 2 || code === 3 || code === 1) {
      detail += ` at address 0x${(cpu.badVAddr >>> 0).toString(16).padStart(8, '0')}`;
    }
    this.ctx.diagnostics.write(`Exception occurred at PC=${pc}\n  ${detail}\n`);
  }
}

/** atol: optional space, sign and decimal digits; anything else ends the number (0 if none). */
export function parseCInteger(line: string): number {
  const m = /^\s*([+-]?)(\d+)/.exec(line);
  if (m === null) return 0;
  let v = 0;
  for (const ch of m[2]) v = (Math.imul(v, 10) + (ch.charCodeAt(0) - 48)) | 0;
  return m[1] === '-' ? -v | 0 : v;
}

/** atof: the longest prefix that is a decimal float (or inf/nan); 0 if none. */
export function parseCFloat(line: string): number {
  const m = /^\s*([+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(line);
  if (m === null) return 0;
  const t = m[1].toLowerCase();
  if (t.includes('inf')) return t.startsWith('-') ? -Infinity : Infinity;
  if (t.includes('nan')) return Number.NaN;
  return Number.parseFloat(m[1]);
}
