/**
 * A process of the monolithic baseline (Ultrix-like): an ASID, a page table the kernel owns,
 * the full trap frame saved on its last kernel entry, its signal actions and its open pipe
 * ends. Nothing here is visible to the program except through system calls.
 *
 * Page-table entry: an EntryLo word, PFN << 12 | D (writable) | V, as the TLB takes it.
 */
import type { Pipe } from './pipes.ts';

export const ENTRYLO_D = 1 << 10;
export const ENTRYLO_V = 1 << 9;
export const PAGE_SIZE = 4096;

export type ProcessState = 'runnable' | 'blocked' | 'exited' | 'killed';

/** The full trap frame: what the baseline stores on every kernel entry. */
export interface TrapFrame {
  regs: Int32Array;
  hi: number;
  lo: number;
  pc: number;
  status: number;
  cause: number;
  badVAddr: number;
}

/** 31 GPRs ($zero is not stored), HI, LO, EPC, Status, Cause, BadVAddr. */
export const TRAP_FRAME_WORDS = 37;

/** One open descriptor: an end of a kernel pipe. */
export interface OpenFile {
  pipe: Pipe;
  end: 'read' | 'write';
}

/** A read that is sleeping in the kernel until a writer arrives. */
export interface SleepingRead {
  pipe: Pipe;
  buf: number;
  len: number;
}

export class Process {
  state: ProcessState = 'runnable';
  exitCode: number | null = null;
  /** The signal that killed it, when state is 'killed'. */
  killedBy = 0;
  readonly pageTable = new Map<number, number>();
  readonly frame: TrapFrame = {
    regs: new Int32Array(32),
    hi: 0,
    lo: 0,
    pc: 0,
    status: 0,
    cause: 0,
    badVAddr: 0,
  };
  /** Signal number -> handler PC (sigaction); absent means the default action (kill). */
  readonly handlers = new Map<number, number>();
  readonly files: (OpenFile | null)[] = [];
  sleeping: SleepingRead | null = null;

  constructor(
    readonly pid: number,
    readonly asid: number,
    readonly name: string,
  ) {}

  /** Opens `end` of `pipe` at the lowest free descriptor; returns it. */
  open(pipe: Pipe, end: 'read' | 'write'): number {
    let fd = this.files.indexOf(null);
    if (fd < 0) fd = this.files.length;
    this.files[fd] = { pipe, end };
    if (end === 'read') pipe.readers++;
    else pipe.writers++;
    return fd;
  }
}
