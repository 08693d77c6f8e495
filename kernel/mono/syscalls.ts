/**
 * The baseline's system calls: `syscall` with the number in $v0 and arguments in $a0..$a2;
 * the value comes back in $v0 and the error (kernel/exo/errors.ts codes) in $v1. The portable
 * calls use the exokernel's numbers, so the same MIPS program runs under either kernel:
 *
 *   0x100 getpid()              the process id (the exokernel's env_self)
 *   0x101 exit(code)            ends the process (env_exit)
 *   0x108 write_console(buf, len)  len bytes to the console; returns len (cons_write)
 *   0xc0..0xc3 pipe_open, pipe_read, pipe_write, pipe_close: named pipes with ExOS's
 *         semantics (pipe-calls.ts; numbers in kernel/libos/ipc/abi.ts)
 *   0x160 filter_install(prog, nwords, min_length, cap_out)  an interpreted filter (net.ts)
 *   0x162 net_recv(buf, len), 0x163 net_send(buf, len)        (net.ts)
 *
 * and the baseline's own, with fixed kernel abstractions:
 *
 *   0x180 sigaction(signo, handler)  handler PC for signo (0 = default: kill); returns the old
 *   0x181 sigreturn(scp)        restores the signal context at scp (signals.ts); no return value
 *   0x182 mprotect(vaddr, writable)  sets the write permission of one mapped page
 *   0x190 read(fd, buf, len)    reads a pipe; sleeps while it is empty and has a writer; 0 at EOF
 *   0x191 write(fd, buf, len)   writes a pipe (E_BUSY if it would overflow); wakes a reader
 *
 * Each handler decodes its arguments from the trap frame and calls the kernel's function; the
 * frame's pc already points past the `syscall`. Costs beyond the trap: wordAccess per word
 * copied in or out of user memory.
 */
import { COSTS } from '../exo/costs.ts';
import { E_BUSY, E_FAULT, E_INVAL, E_NOSYS, E_OK } from '../exo/errors.ts';
import type { MonoKernel } from './kernel.ts';
import { MonoPipeCalls } from './pipe-calls.ts';
import { type Pipe, wordsOf } from './pipes.ts';
import type { Process } from './process.ts';
import { loadContext, SIGCONTEXT_WORDS, SIGSEGV } from './signals.ts';
import { monoVmCalls } from './vm-calls.ts';

export const SYS_GETPID = 0x100;
export const SYS_EXIT = 0x101;
export const SYS_WRITE_CONSOLE = 0x108;
export const SYS_SIGACTION = 0x180;
export const SYS_SIGRETURN = 0x181;
export const SYS_MPROTECT = 0x182;
export const SYS_FILTER_INSTALL = 0x160;
export const SYS_NET_RECV = 0x162;
export const SYS_NET_SEND = 0x163;
export const SYS_READ = 0x190;
export const SYS_WRITE = 0x191;

const MAX_CONSOLE_BYTES = 65536;

/** A call's outcome: [value, error], or null when the call set the frame itself. */
type Outcome = [number, number] | null;
const ok = (value = 0): Outcome => [value, E_OK];
const fail = (error: number): Outcome => [-1, error];

export class MonoSyscalls {
  private readonly table: Record<number, (p: Process, a: Int32Array) => Outcome>;
  /** Named pipes, the portable calls 0xc0..0xc3 (pipe-calls.ts). */
  readonly pipes: MonoPipeCalls;

  constructor(private readonly kernel: MonoKernel) {
    this.pipes = new MonoPipeCalls(kernel);
    this.table = {
      [SYS_GETPID]: (p) => ok(p.pid),
      [SYS_EXIT]: (p, a) => {
        kernel.end(p, 'exited', a[4]);
        return null;
      },
      [SYS_WRITE_CONSOLE]: (p, a) => this.writeConsole(p, a[4], a[5]),
      [SYS_SIGACTION]: (p, a) => this.sigaction(p, a[4], a[5]),
      [SYS_SIGRETURN]: (p, a) => this.sigreturn(p, a[4]),
      [SYS_MPROTECT]: (p, a) => (kernel.protect(p, a[4], a[5] !== 0) ? ok() : fail(E_FAULT)),
      [SYS_FILTER_INSTALL]: (p, a) => kernel.net.install(p, a[4], a[5], a[6]),
      [SYS_NET_RECV]: (p, a) => kernel.net.receive(p, a[4], a[5]),
      [SYS_NET_SEND]: (p, a) => kernel.net.send(p, a[4], a[5]),
      [SYS_READ]: (p, a) => this.read(p, a[4], a[5], a[6]),
      [SYS_WRITE]: (p, a) => this.write(p, a[4], a[5], a[6]),
      // The portable VM calls and SPIM's console calls (vm-calls.ts).
      ...monoVmCalls(kernel),
    };
  }

  /** Runs the call in `proc`'s trap frame and stores its result there. */
  dispatch(proc: Process): void {
    const regs = proc.frame.regs;
    if (this.pipes.handle(proc, regs[2])) return;
    const call = this.table[regs[2]];
    const outcome = call === undefined ? fail(E_NOSYS) : call(proc, regs);
    if (outcome === null) return;
    regs[2] = outcome[0];
    regs[3] = outcome[1];
  }

  private charge(words: number): void {
    this.kernel.machine.cpu.charge(words * COSTS.wordAccess);
  }

  private writeConsole(p: Process, buf: number, len: number): Outcome {
    if (len < 0 || len > MAX_CONSOLE_BYTES) return fail(E_INVAL);
    const bytes = this.kernel.readBytes(p, buf, len);
    if (bytes === null) return fail(E_FAULT);
    this.charge(wordsOf(len));
    this.kernel.machine.console.writeBytes(bytes);
    return ok(len);
  }

  private sigaction(p: Process, signo: number, handler: number): Outcome {
    if (signo < 1 || signo > 31 || (handler & 3) !== 0) return fail(E_INVAL);
    const old = p.handlers.get(signo) ?? 0;
    if (handler === 0) p.handlers.delete(signo);
    else p.handlers.set(signo, handler);
    return ok(old);
  }

  /** Copies the signal context back in; a context it cannot read kills the process. */
  private sigreturn(p: Process, scp: number): Outcome {
    const words = new Int32Array(SIGCONTEXT_WORDS);
    for (let i = 0; i < words.length; i++) {
      const w = this.kernel.readWord(p, scp + 4 * i);
      if (w === null) {
        this.kernel.end(p, 'killed', SIGSEGV);
        return null;
      }
      words[i] = w;
    }
    this.charge(SIGCONTEXT_WORDS);
    loadContext(p.frame, words);
    return null;
  }

  private pipeEnd(p: Process, fd: number, end: 'read' | 'write'): Pipe | null {
    const file = p.files[fd];
    return file !== undefined && file !== null && file.end === end ? file.pipe : null;
  }

  /** Copies up to `len` bytes of `pipe` out to `buf`; the count, or -1 on a bad buffer. */
  private copyOut(p: Process, pipe: Pipe, buf: number, len: number): number {
    const bytes = pipe.take(len);
    this.charge(wordsOf(bytes.length));
    return this.kernel.writeBytes(p, buf, bytes) ? bytes.length : -1;
  }

  private read(p: Process, fd: number, buf: number, len: number): Outcome {
    const pipe = this.pipeEnd(p, fd, 'read');
    if (pipe === null || len < 0) return fail(E_INVAL);
    if (pipe.length === 0 && pipe.writers > 0) {
      p.state = 'blocked';
      p.sleeping = { pipe, buf, len };
      this.kernel.scheduleNext();
      return null;
    }
    const n = this.copyOut(p, pipe, buf, len);
    return n < 0 ? fail(E_FAULT) : ok(n);
  }

  private write(p: Process, fd: number, buf: number, len: number): Outcome {
    const pipe = this.pipeEnd(p, fd, 'write');
    if (pipe === null || len < 0) return fail(E_INVAL);
    const bytes = this.kernel.readBytes(p, buf, len);
    if (bytes === null) return fail(E_FAULT);
    this.charge(wordsOf(len));
    if (!pipe.push(bytes)) return fail(E_BUSY);
    this.wakeReader(pipe);
    return ok(len);
  }

  /**
   * Finishes the read of one process sleeping on `pipe` (with 0, end of file, if the pipe is
   * empty because its last writer has gone) and makes it runnable.
   */
  wakeReader(pipe: Pipe): void {
    const sleeper = this.kernel.procs.find((q) => q.sleeping?.pipe === pipe);
    if (sleeper === undefined || sleeper.sleeping === null) return;
    const { buf, len } = sleeper.sleeping;
    sleeper.sleeping = null;
    sleeper.state = 'runnable';
    const n = this.copyOut(sleeper, pipe, buf, len);
    sleeper.frame.regs[2] = n < 0 ? -1 : n;
    sleeper.frame.regs[3] = n < 0 ? E_FAULT : E_OK;
  }
}
