/**
 * The assembled image: bytes written at addresses, grouped per segment kind into contiguous
 * chunks. Pass 2 writes items in source order; `.text ADDR` jumps start new chunks, and chunks
 * that turn out to touch are merged at the end.
 */

import type { SegmentKind } from './directives.ts';

export interface Segment {
  kind: SegmentKind;
  /** Unsigned address of the first byte. */
  address: number;
  bytes: Uint8Array;
}

interface Chunk {
  address: number;
  bytes: number[];
}

export class Image {
  private readonly chunks = new Map<SegmentKind, Chunk[]>();

  /** Append `bytes` at `address` in segment `kind`. */
  write(kind: SegmentKind, address: number, bytes: readonly number[]): void {
    const list = this.chunks.get(kind) ?? [];
    this.chunks.set(kind, list);
    const last = list[list.length - 1];
    if (last && last.address + last.bytes.length === address) {
      for (const b of bytes) last.bytes.push(b);
    } else {
      list.push({ address, bytes: [...bytes] });
    }
  }

  /** Little-endian word at `address`. */
  writeWord(kind: SegmentKind, address: number, word: number): void {
    this.write(kind, address, [
      word & 0xff,
      (word >>> 8) & 0xff,
      (word >>> 16) & 0xff,
      word >>> 24,
    ]);
  }

  /** Non-empty segments, each kind sorted by address with touching chunks merged. */
  segments(): Segment[] {
    const out: Segment[] = [];
    for (const [kind, list] of this.chunks) {
      const sorted = list.filter((c) => c.bytes.length > 0).sort((a, b) => a.address - b.address);
      const merged: Chunk[] = [];
      for (const c of sorted) {
        const last = merged[merged.length - 1];
        if (last && last.address + last.bytes.length === c.address) {
          for (const b of c.bytes) last.bytes.push(b);
        } else {
          merged.push({ address: c.address, bytes: [...c.bytes] });
        }
      }
      for (const c of merged)
        out.push({ kind, address: c.address >>> 0, bytes: Uint8Array.from(c.bytes) });
    }
    return out;
  }
}
