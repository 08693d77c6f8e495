/**
 * The SPIM/MARS system calls (and the few Linux o32 calls static ELF programs make), written
 * once against a small port so that bare mode (kernel/bare) and the library OS (kernel/libos)
 * run the very same code. Number in $v0, arguments in $a0..$a3 and $f12, results in $v0 or $f0:
 *
 *   1 print_int   2 print_float   3 print_double   4 print_string   5 read_int
 *   6 read_float  7 read_double   8 read_string    9 sbrk           10 exit
 *   11 print_char 12 read_char    13 open          14 read          15 write
 *   16 close      17 exit2
 *   MARS: 30 time (emulated ms)  31 midi out (no sound)  32 sleep (advances nothing; no-op)
 *         33 midi sync (no-op)   34 print hex  35 print binary  36 print unsigned
 *         40 set seed  41 random int  42 random int below $a1
 *   exolab: 90 report the current exception on stderr (used by bare mode's default handler)
 *   Linux o32 (ELF programs): 4001 exit, 4003 read, 4004 write, 4045 brk, 4246 exit_group;
 *         results in $v0 with $a3 = 0, or errno in $v0 with $a3 = 1.
 *
 * A read that finds no input yet answers SYSCALL_BLOCK, so the caller rewinds to the syscall
 * and waits for more input; the port must then have consumed nothing. At end of input reads
 * return what SPIM's do (0, an empty string, or 0 from read_char).
 */
import {
  SYSCALL_BLOCK,
  SYSCALL_DONE,
  SYSCALL_EXCEPTION,
  SYSCALL_EXIT,
} from '../../machine/cpu-state.ts';
import { formatFixed, formatGeneral } from '../bare/format-number.ts';
import { SeededRandom } from '../bare/random.ts';
import { describeSpimException } from './exceptions.ts';

const V0 = 2;
const A0 = 4;
const A1 = 5;
const A2 = 6;
const A3 = 7;

/** Files for syscalls 13–16 (SPIM/MARS flags: 0 read, 1 write+create+truncate, 9 append). */
export interface SpimFileHost {
  open(path: string, flags: number, mode: number): number;
  read(fd: number, max: number): Uint8Array | number;
  write(fd: number, bytes: Uint8Array): number;
  close(fd: number): number;
}

/** Where diagnostics (not program output) go: the host's stderr. */
export interface SpimDiagnostics {
  write(text: string): void;
}

/** The exception being handled, for syscall 90. */
export interface SpimExceptionState {
  code: number;
  epc: number;
  badVAddr: number;
}

/**
 * What the SPIM calls need from whoever runs the program. Reads answer null for "no input
 * yet, would block" and must consume nothing then.
 */
export interface SpimPort {
  /** The general registers ($0..$31), live. */
  readonly regs: Int32Array;
  /** The floating-point registers as singles and as doubles ($f12 is f32[12], f64[6]). */
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  /** Program output on the console (text as the console takes it, or raw bytes). */
  output(data: string | Uint8Array): void;
  /** A console line of at most `max` bytes with its '\n'; at end of input what is left. */
  readLine(max: number): Uint8Array | null;
  /** One console byte; negative at end of input. */
  readChar(): number | null;
  /** read(0): at least one byte, then what has arrived up to a newline or `max`; empty at EOF. */
  readConsole(max: number): Uint8Array | null;
  /** The NUL-terminated string at `vaddr` (without the NUL); stops at a bad address. */
  readCString(vaddr: number): Uint8Array;
  /** `len` bytes at `vaddr`, or null if any of them is not addressable. */
  readBytes(vaddr: number, len: number): Uint8Array | null;
  /** Writes bytes at `vaddr`; returns how many were written before a bad address. */
  writeBytes(vaddr: number, bytes: Uint8Array): number;
  /** The program break, and the lowest address brk may set it to. */
  programBreak: number;
  readonly heapBase: number;
  /** Ends the program with a status. */
  exit(code: number): void;
  readonly files: SpimFileHost | null;
  readonly diagnostics: SpimDiagnostics;
  /** Emulated time in milliseconds since the machine started. */
  milliseconds(): number;
  /** The machine's seed, for MARS's random generators. */
  readonly seed: number;
  /** Says on the diagnostics that call `code` does not exist (and where, if it can). */
  unknownSyscall(code: number): void;
  /** The exception being handled (syscall 90). */
  exceptionState(): SpimExceptionState;
}

/** Highest address brk may set (the stack area starts here). */
export const BRK_LIMIT = 0x7c000000;
const MAX_LINE = 1 << 20;
const decoder = new TextDecoder();
const LINUX_ENOSYS = 89;
const LINUX_EBADF = 9;
const LINUX_EFAULT = 14;

/** exolab's note on the diagnostics for a call number nobody knows. */
export function unknownSyscallMessage(code: number, pc: number): string {
  return `exolab: unknown syscall ${code} in $v0 at pc 0x${(pc >>> 0).toString(16).padStart(8, '0')}\n`;
}

/** The SPIM/MARS/Linux calls over a port; returns a SYSCALL_* code. */
export class SpimCalls {
  private readonly randoms = new Map<number, SeededRandom>();

  constructor(private readonly port: SpimPort) {}

  handle(code: number): number {
    const p = this.port;
    const r = p.regs;
    if (code >= 4000) return this.linux(code);
    switch (code) {
      case 1:
        return this.print(String(r[A0]));
      case 2:
        return this.print(formatFixed(p.f32[12], 8));
      case 3:
        return this.print(formatGeneral(p.f64[6], 18));
      case 4:
        return this.printBytes(p.readCString(r[A0]));
      case 5:
        return this.readLine((line) => {
          r[V0] = parseCInteger(line);
        });
      case 6:
        return this.readLine((line) => {
          p.f32[0] = parseCFloat(line);
        });
      case 7:
        return this.readLine((line) => {
          p.f64[0] = parseCFloat(line);
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
        return this.readChar();
      case 13:
        r[V0] = this.open(r[A0], r[A1], r[A2]);
        return SYSCALL_DONE;
      case 14:
        return this.readFile(r[A0], r[A1], r[A2], false);
      case 15:
        r[V0] = this.writeFile(r[A0], r[A1], r[A2]);
        return SYSCALL_DONE;
      case 16:
        r[V0] = this.close(r[A0]);
        return SYSCALL_DONE;
      case 17:
        return this.exit(r[A0]);
      default:
        return this.mars(code);
    }
  }

  /** MARS's extra calls and exolab's 90; anything else is an unknown call. */
  private mars(code: number): number {
    const p = this.port;
    const r = p.regs;
    switch (code) {
      case 30: {
        const ms = p.milliseconds();
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
          p.diagnostics.write(
            `exolab: syscall 42 (random int range) needs an upper bound above 0 in $a1, got ${bound}\n`,
          );
          return SYSCALL_DONE;
        }
        r[A0] = this.random(r[A0]).below(bound);
        return SYSCALL_DONE;
      }
      case 90: {
        const e = p.exceptionState();
        p.diagnostics.write(describeSpimException(e.code, e.epc, e.badVAddr));
        return SYSCALL_DONE;
      }
      default:
        p.unknownSyscall(code);
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
      rng = new SeededRandom((this.port.seed ^ Math.imul(id, 0x9e3779b1)) | 0);
      this.randoms.set(id, rng);
    }
    return rng;
  }

  private print(text: string): number {
    this.port.output(text);
    return SYSCALL_DONE;
  }

  private printBytes(bytes: Uint8Array): number {
    this.port.output(bytes);
    return SYSCALL_DONE;
  }

  private exit(code: number): number {
    this.port.exit(code);
    return SYSCALL_EXIT;
  }

  /** Reads a line as SPIM does for read_int/float/double; at end of input the line is empty. */
  private readLine(use: (line: string) => void): number {
    const line = this.port.readLine(MAX_LINE);
    if (line === null) return SYSCALL_BLOCK;
    use(decoder.decode(line));
    return SYSCALL_DONE;
  }

  /** read_string: at most len-1 bytes up to and including a newline, then a NUL. */
  private readString(buf: number, len: number): number {
    const got = this.port.readLine(Math.max(0, len - 1));
    if (got === null) return SYSCALL_BLOCK;
    const bytes = new Uint8Array(len >= 1 ? got.length + 1 : got.length);
    bytes.set(got);
    this.port.writeBytes(buf, bytes);
    return SYSCALL_DONE;
  }

  private readChar(): number {
    const c = this.port.readChar();
    if (c === null) return SYSCALL_BLOCK;
    this.port.regs[V0] = Math.max(c, 0);
    return SYSCALL_DONE;
  }

  /** sbrk: grows the break by n rounded up to a word; returns the old break. */
  private sbrk(n: number): number {
    const old = this.port.programBreak;
    const grow = (n + 3) & ~3;
    if (grow > 0) this.port.programBreak = (old + grow) >>> 0;
    return old | 0;
  }

  private open(pathAddr: number, flags: number, mode: number): number {
    if (this.port.files === null) return -1;
    const path = decoder.decode(this.port.readCString(pathAddr));
    return this.port.files.open(path, flags, mode);
  }

  /** read(fd, buf, len): fd 0 is the console. Returns bytes read, 0 at EOF, negative on error. */
  private readFile(fd: number, buf: number, len: number, linux: boolean): number {
    const p = this.port;
    let data: Uint8Array | number | null;
    if (fd === 0) {
      data = p.readConsole(Math.max(0, len));
      if (data === null) return SYSCALL_BLOCK;
    } else if (p.files === null || fd < 0) {
      data = -1;
    } else {
      data = p.files.read(fd, Math.max(0, len));
    }
    if (typeof data === 'number') {
      this.result(data, linux ? LINUX_EBADF : -1, linux);
      return SYSCALL_DONE;
    }
    const written = p.writeBytes(buf, data);
    if (written < data.length && linux) this.result(-1, LINUX_EFAULT, linux);
    else this.result(written, 0, linux);
    return SYSCALL_DONE;
  }

  /** close(fd): the console's descriptors 0..2 always close; others go to the file host. */
  private close(fd: number): number {
    if (fd >= 0 && fd <= 2) return 0;
    return this.port.files === null ? -1 : this.port.files.close(fd);
  }

  /** write(fd, buf, len): fd 1 is the console, fd 2 the host's stderr. */
  private writeFile(fd: number, buf: number, len: number): number {
    const p = this.port;
    const data = p.readBytes(buf, Math.max(0, len));
    if (data === null) return -1;
    if (fd === 1) {
      p.output(data);
      return data.length;
    }
    if (fd === 2) {
      p.diagnostics.write(decoder.decode(data));
      return data.length;
    }
    if (p.files === null || fd < 0) return -1;
    return p.files.write(fd, data);
  }

  private result(value: number, errno: number, linux: boolean): void {
    const r = this.port.regs;
    if (linux && value < 0) {
      r[V0] = errno;
      r[A3] = 1;
    } else {
      r[V0] = value;
      if (linux) r[A3] = 0;
    }
  }

  private linux(code: number): number {
    const p = this.port;
    const r = p.regs;
    switch (code) {
      case 4001:
      case 4246:
        return this.exit(r[A0] & 0xff);
      case 4003:
        return this.readFile(r[A0], r[A1], r[A2], true);
      case 4004: {
        const n = this.writeFile(r[A0], r[A1], r[A2]);
        this.result(n, n === -1 ? LINUX_EFAULT : 0, true);
        return SYSCALL_DONE;
      }
      case 4045: {
        const want = r[A0] >>> 0;
        if (want >= p.heapBase && want < BRK_LIMIT) p.programBreak = want;
        this.result(p.programBreak | 0, 0, true);
        return SYSCALL_DONE;
      }
      default:
        this.result(-1, LINUX_ENOSYS, true);
        return SYSCALL_DONE;
    }
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
