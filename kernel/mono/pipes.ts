/**
 * Kernel pipes of the monolithic baseline: a bounded byte buffer in kernel memory. A write
 * copies the caller's bytes in (copyin) and wakes a sleeping reader; a read copies bytes out
 * (copyout), or sleeps in the kernel while the pipe is empty and a writer remains. A woken
 * read is finished by the kernel before the reader runs again (as a sleep in a kernel thread
 * would), so it does not re-enter the kernel. Every word copied is charged COSTS.wordAccess.
 */

/** Bytes a pipe holds; a write that does not fit fails with E_BUSY (no writer ever sleeps). */
export const PIPE_CAPACITY = 4096;

export class Pipe {
  readers = 0;
  writers = 0;
  private bytes = new Uint8Array(0);

  get length(): number {
    return this.bytes.length;
  }

  /** Appends `data` if it fits; returns whether it did. */
  push(data: Uint8Array): boolean {
    if (this.bytes.length + data.length > PIPE_CAPACITY) return false;
    const next = new Uint8Array(this.bytes.length + data.length);
    next.set(this.bytes);
    next.set(data, this.bytes.length);
    this.bytes = next;
    return true;
  }

  /** Removes and returns up to `max` bytes, oldest first. */
  take(max: number): Uint8Array {
    const out = this.bytes.slice(0, max);
    this.bytes = this.bytes.slice(out.length);
    return out;
  }
}

/** Words a copy of `bytes` bytes moves. */
export const wordsOf = (bytes: number): number => Math.ceil(bytes / 4);
