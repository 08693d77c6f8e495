/**
 * The baseline's named pipes: the portable pipe calls of kernel/libos/ipc/abi.ts (0xc0..0xc3)
 * with the same semantics as ExOS's, done the conventional way: the pipe is a buffer in kernel
 * memory (pipes.ts), every byte is copied in from the writer and out to the reader by the
 * kernel (wordAccess per word), and a call that has to wait puts the process to sleep; any
 * change to a pipe wakes the sleepers, and each runs its `syscall` again (a restarted system
 * call). So one MIPS program prints the same under both kernels.
 */
import { COSTS } from '../exo/costs.ts';
import { E_FAULT, E_INVAL, E_NOENV, E_OK } from '../exo/errors.ts';
import {
  PIPE_BYTES,
  PIPE_MAX_TRANSFER,
  PIPE_READ_END,
  PIPE_WRITE_END,
  SYS_PIPE_CLOSE,
  SYS_PIPE_OPEN,
  SYS_PIPE_READ,
  SYS_PIPE_WRITE,
} from '../libos/ipc/abi.ts';
import type { MonoKernel } from './kernel.ts';
import { Pipe, wordsOf } from './pipes.ts';
import type { Process } from './process.ts';

type Outcome = [number, number] | 'wait';

export class MonoPipeCalls {
  private readonly named = new Map<number, Pipe>();
  /** Pipes a writer has opened (end of file needs one to have come and gone). */
  private readonly hadWriter = new WeakSet<Pipe>();
  private readonly sleeping = new Set<Process>();

  constructor(private readonly kernel: MonoKernel) {}

  /** Runs pipe call `number` for `p` (its frame's pc is past the `syscall`); false if not one. */
  handle(p: Process, number: number): boolean {
    const a = p.frame.regs;
    const outcome = this.call(p, number, a[4], a[5], a[6]);
    if (outcome === null) return false;
    if (outcome === 'wait') {
      p.frame.pc = this.kernel.machine.cpu.epc; // run the syscall again when woken
      p.state = 'blocked';
      this.sleeping.add(p);
      this.kernel.scheduleNext();
      return true;
    }
    a[2] = outcome[0];
    a[3] = outcome[1];
    if (outcome[1] === E_OK) this.wakeAll();
    return true;
  }

  /** Every sleeper becomes runnable; each tries its call again when it next runs. */
  wakeAll(): void {
    for (const q of this.sleeping) if (q.state === 'blocked') q.state = 'runnable';
    this.sleeping.clear();
  }

  private call(p: Process, n: number, a0: number, a1: number, a2: number): Outcome | null {
    if (n === SYS_PIPE_OPEN) return this.open(p, a0, a1);
    if (n === SYS_PIPE_READ) return this.read(p, a0, a1, a2);
    if (n === SYS_PIPE_WRITE) return this.write(p, a0, a1, a2);
    if (n === SYS_PIPE_CLOSE) return this.close(p, a0);
    return null;
  }

  private open(p: Process, key: number, end: number): Outcome {
    if (end !== PIPE_READ_END && end !== PIPE_WRITE_END) return [-1, E_INVAL];
    let pipe = this.named.get(key);
    if (end === PIPE_WRITE_END) {
      if (pipe === undefined || pipe.readers === 0) return 'wait'; // FIFO: wait for a reader
      this.hadWriter.add(pipe);
      return [p.open(pipe, 'write'), E_OK];
    }
    if (pipe === undefined) this.named.set(key, (pipe = new Pipe()));
    return [p.open(pipe, 'read'), E_OK];
  }

  private end(p: Process, fd: number, end: 'read' | 'write'): Pipe | null {
    const file = p.files[fd];
    return file !== undefined && file !== null && file.end === end ? file.pipe : null;
  }

  private read(p: Process, fd: number, buf: number, len: number): Outcome {
    const pipe = this.end(p, fd, 'read');
    if (pipe === null || len < 0 || len > PIPE_MAX_TRANSFER) return [-1, E_INVAL];
    if (len === 0) return [0, E_OK];
    if (pipe.length === 0) {
      return this.hadWriter.has(pipe) && pipe.writers === 0 ? [0, E_OK] : 'wait';
    }
    const bytes = pipe.take(len);
    this.kernel.machine.cpu.charge(wordsOf(bytes.length) * COSTS.wordAccess);
    if (!this.kernel.writeBytes(p, buf, bytes)) return [-1, E_FAULT];
    return [bytes.length, E_OK];
  }

  private write(p: Process, fd: number, buf: number, len: number): Outcome {
    const pipe = this.end(p, fd, 'write');
    if (pipe === null || len < 0 || len > PIPE_MAX_TRANSFER) return [-1, E_INVAL];
    if (pipe.readers === 0) return [-1, E_NOENV];
    if (len === 0) return [0, E_OK];
    const space = PIPE_BYTES - pipe.length;
    if (space === 0) return 'wait';
    const n = Math.min(space, len);
    const bytes = this.kernel.readBytes(p, buf, n);
    if (bytes === null) return [-1, E_FAULT];
    this.kernel.machine.cpu.charge(wordsOf(n) * COSTS.wordAccess);
    pipe.push(bytes);
    return [n, E_OK];
  }

  private close(p: Process, fd: number): Outcome {
    const file = p.files[fd];
    if (file === undefined || file === null) return [-1, E_INVAL];
    p.files[fd] = null;
    if (file.end === 'read') file.pipe.readers--;
    else file.pipe.writers--;
    return [0, E_OK];
  }
}
