/**
 * Files for the guest's SPIM/MARS syscalls 13–16 (open, read, write, close), over node:fs and
 * confined to one directory (the current one): absolute paths, `..` escapes and symbolic links
 * that lead outside are refused. Every failure is -1, as SPIM returns.
 *
 * Open flags as SPIM and MARS define them: 0 read-only, 1 write (create, truncate),
 * 9 write-append (create). Guest descriptors start at 3; 0–2 are the console, handled by the
 * runtime itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const OPEN_READ = 0;
const OPEN_WRITE = 1;
const OPEN_APPEND = 9;
const FIRST_FD = 3;
/** Most files a guest may hold open at once. */
const MAX_OPEN = 64;

export class DirectoryFileHost {
  private readonly root: string;
  /** Guest descriptor → host descriptor. */
  private readonly open_ = new Map<number, number>();

  constructor(root: string = process.cwd()) {
    this.root = fs.realpathSync(root);
  }

  /** Opens `guestPath` (relative to the root) with SPIM flags; returns a descriptor or -1. */
  open(guestPath: string, flags: number, _mode: number): number {
    const mode =
      flags === OPEN_READ ? 'r' : flags === OPEN_WRITE ? 'w' : flags === OPEN_APPEND ? 'a' : null;
    const hostPath = this.resolve(guestPath);
    if (mode === null || hostPath === null || this.open_.size >= MAX_OPEN) return -1;
    try {
      const hostFd = fs.openSync(hostPath, mode, 0o644);
      if (fs.fstatSync(hostFd).isDirectory()) {
        fs.closeSync(hostFd);
        return -1;
      }
      let fd = FIRST_FD;
      while (this.open_.has(fd)) fd++;
      this.open_.set(fd, hostFd);
      return fd;
    } catch {
      return -1;
    }
  }

  /** Reads at most `max` bytes; an empty array at end of file, -1 on error. */
  read(fd: number, max: number): Uint8Array | number {
    const hostFd = this.open_.get(fd);
    if (hostFd === undefined || max < 0) return -1;
    try {
      const buffer = new Uint8Array(Math.min(max, 1 << 24));
      const n = fs.readSync(hostFd, buffer, 0, buffer.length, null);
      return buffer.subarray(0, n);
    } catch {
      return -1;
    }
  }

  /** Writes `bytes`; returns the count written or -1. */
  write(fd: number, bytes: Uint8Array): number {
    const hostFd = this.open_.get(fd);
    if (hostFd === undefined) return -1;
    try {
      return fs.writeSync(hostFd, bytes);
    } catch {
      return -1;
    }
  }

  /** Closes `fd`; 0, or -1 if it was not open. */
  close(fd: number): number {
    const hostFd = this.open_.get(fd);
    if (hostFd === undefined) return -1;
    this.open_.delete(fd);
    try {
      fs.closeSync(hostFd);
      return 0;
    } catch {
      return -1;
    }
  }

  /** Closes everything still open (at exit). */
  closeAll(): void {
    for (const fd of [...this.open_.keys()]) this.close(fd);
  }

  /**
   * The host path for `guestPath`, or null when it would leave the root: absolute paths, `..`
   * escapes, NUL bytes, and existing links (or parent directories) that resolve outside.
   */
  resolve(guestPath: string): string | null {
    if (guestPath === '' || guestPath.includes('\0') || path.isAbsolute(guestPath)) return null;
    const full = path.resolve(this.root, guestPath);
    if (!this.inside(full)) return null;
    try {
      const real = fs.existsSync(full)
        ? fs.realpathSync(full)
        : path.join(fs.realpathSync(path.dirname(full)), path.basename(full));
      return this.inside(real) ? real : null;
    } catch {
      return null;
    }
  }

  private inside(full: string): boolean {
    const relative = path.relative(this.root, full);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }
}
