/**
 * A FIFO of bytes with O(1) push and shift (Array.prototype.shift is O(n), and a pasted or
 * scripted input can be megabytes), and a bounded tail buffer for transcripts.
 */

export class ByteQueue {
  private bytes: number[] = [];
  private head = 0;

  get length(): number {
    return this.bytes.length - this.head;
  }

  push(byte: number): void {
    this.bytes.push(byte);
  }

  /** The oldest byte, removed; undefined when empty. */
  shift(): number | undefined {
    if (this.head >= this.bytes.length) return undefined;
    const byte = this.bytes[this.head++];
    // Compact once the consumed prefix dominates, so memory stays proportional to the content.
    if (this.head > 4096 && this.head * 2 > this.bytes.length) {
      this.bytes = this.bytes.slice(this.head);
      this.head = 0;
    }
    return byte;
  }

  /** Index of the first `byte` at or after the head (0-based from the head), or -1. */
  indexOf(byte: number): number {
    const i = this.bytes.indexOf(byte, this.head);
    return i < 0 ? -1 : i - this.head;
  }

  toArray(): number[] {
    return this.bytes.slice(this.head);
  }

  clear(): void {
    this.bytes = [];
    this.head = 0;
  }
}

/** Keeps the last `limit` bytes appended; trims in batches so appending stays O(1) amortised. */
export class TailBuffer {
  private bytes: number[] = [];

  constructor(readonly limit: number) {}

  append(data: Uint8Array): void {
    for (const b of data) this.bytes.push(b);
    if (this.bytes.length > 2 * this.limit) this.bytes = this.bytes.slice(-this.limit);
  }

  toBytes(): Uint8Array {
    return new Uint8Array(this.bytes.slice(-this.limit));
  }

  clear(): void {
    this.bytes = [];
  }
}
