/**
 * ExOS's pipes: named pipes kept entirely in the library OS. A pipe is one shared page (its
 * frame owned by the first reader, shared by capability: shared-page.ts) bound into every
 * environment that opens it, laid out as
 *
 *   +0 head   bytes ever read       +4 tail   bytes ever written
 *   +8 readers open                 +12 writers open       +16 1 once a writer has opened
 *   +20 the environment that last opened it to read   +24 ... to write
 *   +64 .. +4096   the ring, PIPE_BYTES bytes; byte i of the stream at 64 + i % PIPE_BYTES
 *
 * The kernel knows nothing of it: it only checked the capability when each side bound the
 * page. Reads and writes copy through the environments' own mappings (charged per word like
 * any library-OS access). Waiting is the library OS's too: a call that cannot go on hands the
 * rest of its slice to the environment it waits for, by an asynchronous protected control
 * transfer (ExOS takes the transfer in that environment and resumes it where it was), or
 * yields it when there is none yet; either way the call runs again when its environment next
 * runs, so bytes arrive in order whatever the switches in between. Semantics: abi.ts.
 */
import type { EnvApi } from '../../exo/env.ts';
import { E_FAULT, E_INVAL, E_NOENV, E_OK } from '../../exo/errors.ts';
import { PIPE_BYTES, PIPE_MAX_TRANSFER, PIPE_READ_END, PIPE_WRITE_END } from './abi.ts';
import type { IpcHub } from './hub.ts';
import { attachShared } from './shared-page.ts';

/** Where ExOS binds the pipe pages it opens: one page per pipe, 64 at most. */
export const IPC_PAGES_VADDR = 0x7bf00000;
export const IPC_PAGE_SLOTS = 64;

const HEAD = 0;
const TAIL = 4;
const READERS = 8;
const WRITERS = 12;
const HAD_WRITER = 16;
const READER_ENV = 20;
const WRITER_ENV = 24;
const RING = 64;

/** The user memory a pipe copies to and from (ExOS's VM: demand-zero pages come on touch). */
export interface UserMemory {
  readBytes(vaddr: number, len: number): Uint8Array | null;
  writeBytes(vaddr: number, bytes: Uint8Array): number;
}

/**
 * A call's outcome: [value, error]; or wait and run the call again: 'wait' (yield the slice)
 * or { waitFor } (hand the slice to that environment).
 */
export type PipeOutcome = [number, number] | 'wait' | { waitFor: number };

interface Descriptor {
  key: number;
  end: number;
  page: number;
}

export class ExosPipes {
  private readonly fds: (Descriptor | null)[] = [];
  /** key -> where this environment has the pipe's page bound. */
  private readonly pages = new Map<number, number>();
  private nextSlot = 0;

  constructor(
    private readonly api: EnvApi,
    private readonly memory: UserMemory,
    private readonly hub: IpcHub,
  ) {}

  open(key: number, end: number): PipeOutcome {
    if (end !== PIPE_READ_END && end !== PIPE_WRITE_END) return [-1, E_INVAL];
    let page = this.pages.get(key);
    if (page === undefined) {
      if (this.nextSlot >= IPC_PAGE_SLOTS) return [-1, E_INVAL];
      const at = IPC_PAGES_VADDR + this.nextSlot * 4096;
      // Only a reader creates the page: a writer waits until one has (FIFO open).
      const got = attachShared(this.api, this.hub.pipes, key, at, end === PIPE_READ_END);
      if (!got.created && got.error !== E_OK)
        return end === PIPE_WRITE_END ? 'wait' : [-1, got.error];
      this.nextSlot++;
      this.pages.set(key, at);
      page = at;
    }
    if (end === PIPE_WRITE_END && this.word(page, READERS) === 0) return 'wait';
    if (end === PIPE_READ_END) {
      this.add(page, READERS, 1);
      this.api.writeWord(page + READER_ENV, this.api.env);
    } else {
      this.add(page, WRITERS, 1);
      this.api.writeWord(page + HAD_WRITER, 1);
      this.api.writeWord(page + WRITER_ENV, this.api.env);
    }
    let fd = this.fds.indexOf(null);
    if (fd < 0) fd = this.fds.length;
    this.fds[fd] = { key, end, page };
    return [fd, E_OK];
  }

  read(fd: number, buf: number, len: number): PipeOutcome {
    const d = this.descriptor(fd, PIPE_READ_END);
    if (d === null || len < 0 || len > PIPE_MAX_TRANSFER) return [-1, E_INVAL];
    if (len === 0) return [0, E_OK];
    const head = this.word(d.page, HEAD);
    const tail = this.word(d.page, TAIL);
    const available = (tail - head) >>> 0;
    if (available === 0) {
      const ended = this.word(d.page, HAD_WRITER) !== 0 && this.word(d.page, WRITERS) === 0;
      return ended ? [0, E_OK] : this.waitFor(d.page, WRITER_ENV);
    }
    const n = Math.min(available, len);
    const bytes = this.copyOut(d.page, head, n);
    if (bytes === null) return [-1, E_NOENV];
    if (this.memory.writeBytes(buf, bytes) < n) return [-1, E_FAULT];
    this.api.writeWord(d.page + HEAD, (head + n) | 0);
    return [n, E_OK];
  }

  write(fd: number, buf: number, len: number): PipeOutcome {
    const d = this.descriptor(fd, PIPE_WRITE_END);
    if (d === null || len < 0 || len > PIPE_MAX_TRANSFER) return [-1, E_INVAL];
    const readers = this.api.readWord(d.page + READERS);
    if (readers === null || readers === 0) return [-1, E_NOENV]; // page gone or no reader left
    if (len === 0) return [0, E_OK];
    const head = this.word(d.page, HEAD);
    const tail = this.word(d.page, TAIL);
    const space = PIPE_BYTES - ((tail - head) >>> 0);
    if (space === 0) return this.waitFor(d.page, READER_ENV);
    const n = Math.min(space, len);
    const bytes = this.memory.readBytes(buf, n);
    if (bytes === null) return [-1, E_FAULT];
    this.copyIn(d.page, tail, bytes);
    this.api.writeWord(d.page + TAIL, (tail + n) | 0);
    return [n, E_OK];
  }

  close(fd: number): PipeOutcome {
    const d = this.fds[fd];
    if (d === undefined || d === null) return [-1, E_INVAL];
    this.fds[fd] = null;
    this.add(d.page, d.end === PIPE_READ_END ? READERS : WRITERS, -1);
    return [0, E_OK];
  }

  /** Closes every open descriptor (the environment is exiting). */
  closeAll(): void {
    for (let fd = 0; fd < this.fds.length; fd++) if (this.fds[fd]) this.close(fd);
  }

  /** Wait for the environment recorded at `offset` (the other end), or just wait. */
  private waitFor(page: number, offset: number): PipeOutcome {
    const env = this.word(page, offset);
    return env !== 0 && env !== this.api.env ? { waitFor: env } : 'wait';
  }

  private descriptor(fd: number, end: number): Descriptor | null {
    const d = this.fds[fd];
    return d !== undefined && d !== null && d.end === end ? d : null;
  }

  private word(page: number, offset: number): number {
    return (this.api.readWord(page + offset) ?? 0) >>> 0;
  }

  private add(page: number, offset: number, delta: number): void {
    this.api.writeWord(page + offset, Math.max(0, this.word(page, offset) + delta));
  }

  /** `n` bytes of the stream from position `from`, in at most two pieces of the ring. */
  private copyOut(page: number, from: number, n: number): Uint8Array | null {
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const at = (from + done) % PIPE_BYTES;
      const piece = Math.min(n - done, PIPE_BYTES - at);
      const bytes = this.api.readBytes(page + RING + at, piece);
      if (bytes === null) return null;
      out.set(bytes, done);
      done += piece;
    }
    return out;
  }

  private copyIn(page: number, from: number, bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      const at = (from + done) % PIPE_BYTES;
      const piece = Math.min(bytes.length - done, PIPE_BYTES - at);
      this.api.writeBytes(page + RING + at, bytes.subarray(done, done + piece));
      done += piece;
    }
  }
}
