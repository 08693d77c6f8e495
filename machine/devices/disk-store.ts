/**
 * Backing stores for the disk (disk.ts). The device reads and writes whole 512-byte sectors
 * through this interface and never touches files: the host loads an image, hands it over, and
 * saves it when it likes. Callers check that sector ranges lie inside `sectors`.
 */

const SECTOR_SIZE = 512;

export interface DiskStore {
  /** Capacity in 512-byte sectors. */
  readonly sectors: number;
  /** A copy of `count` sectors starting at `sector`. */
  read(sector: number, count: number): Uint8Array;
  /** Writes whole sectors starting at `sector` (data.length is a multiple of 512). */
  write(sector: number, data: Uint8Array): void;
}

/** A store over a host-owned image; the image's length is rounded down to whole sectors. */
export function imageStore(image: Uint8Array): DiskStore {
  return {
    sectors: Math.floor(image.length / SECTOR_SIZE),
    read: (sector, count) => image.slice(sector * SECTOR_SIZE, (sector + count) * SECTOR_SIZE),
    write: (sector, data) => image.set(data, sector * SECTOR_SIZE),
  };
}

/** An in-memory store of `sectors` sectors that holds only sectors ever written (zeros else). */
export function sparseStore(sectors: number): DiskStore & { written(): number[] } {
  const blocks = new Map<number, Uint8Array>();
  return {
    sectors,
    read(sector, count) {
      const out = new Uint8Array(count * SECTOR_SIZE);
      for (let i = 0; i < count; i++) {
        const block = blocks.get(sector + i);
        if (block) out.set(block, i * SECTOR_SIZE);
      }
      return out;
    },
    write(sector, data) {
      for (let i = 0; i * SECTOR_SIZE < data.length; i++) {
        blocks.set(sector + i, data.slice(i * SECTOR_SIZE, (i + 1) * SECTOR_SIZE));
      }
    },
    /** Sector numbers holding data, ascending (for a host that saves a sparse image). */
    written: () => [...blocks.keys()].sort((a, b) => a - b),
  };
}
