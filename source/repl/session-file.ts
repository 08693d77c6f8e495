/**
 * The file `save` writes and `restore` reads: a machine snapshot (machine/snapshot.ts) whose
 * `meta` holds what the snapshot cannot: how the kernel was booted and the session's journal,
 * with the bytes of every file it read. Restoring replays the journal on a fresh kernel (the
 * exact mechanism: the exokernel's own state is rebuilt, not guessed), then checks the machine
 * it got against the saved snapshot.
 *
 *   meta = { exolab: 'session', version: 1, boot: { seed, memoryBytes? },
 *            journal: [{ line, stopAt?, files: [{ name, base64 } | { name, error }] }] }
 */
import { saveSnapshot, snapshotMeta } from '../../machine/snapshot.ts';
import type { FileRead, JournalEntry } from './journal.ts';
import type { BootOptions, Session } from './session.ts';

interface SavedRead {
  name: string;
  base64?: string;
  error?: string;
}

interface SavedEntry {
  line: string;
  stopAt?: number;
  files: SavedRead[];
}

interface SessionMeta {
  exolab: 'session';
  version: 1;
  boot: BootOptions;
  journal: SavedEntry[];
}

export interface DecodedSession {
  boot: BootOptions;
  journal: JournalEntry[];
}

/** The session's file: its machine now, its boot options and its journal. */
export function encodeSession(session: Session, boot: BootOptions): Uint8Array {
  const meta: SessionMeta = {
    exolab: 'session',
    version: 1,
    boot,
    journal: session.journal.map((e) => ({
      line: e.line,
      ...(e.stopAt !== undefined ? { stopAt: e.stopAt } : {}),
      files: e.files.map(saveRead),
    })),
  };
  return saveSnapshot(session.kernel.machine, meta);
}

const saveRead = (r: FileRead): SavedRead =>
  r.bytes === null
    ? { name: r.name, error: r.error ?? 'unreadable' }
    : { name: r.name, base64: Buffer.from(r.bytes).toString('base64') };

/** The boot options and journal in a session file, or a message saying what is wrong. */
export function decodeSession(bytes: Uint8Array): DecodedSession | string {
  const read = snapshotMeta(bytes);
  if (typeof read === 'string') return read;
  const meta = read.meta as Partial<SessionMeta> | undefined;
  if (meta?.exolab !== 'session') {
    return 'it holds a bare machine (from `exolab run --save-state`), not a session; use `exolab run --restore-state`';
  }
  if (meta.version !== 1)
    return `it was saved in session format ${meta.version}; this exolab reads 1`;
  if (!meta.boot || typeof meta.boot.seed !== 'number' || !Array.isArray(meta.journal)) {
    return 'corrupt session file (boot options or journal missing)';
  }
  const journal: JournalEntry[] = [];
  for (const e of meta.journal) {
    if (typeof e?.line !== 'string' || !Array.isArray(e.files)) {
      return 'corrupt session file (a journal entry has no line)';
    }
    journal.push({
      line: e.line,
      steps: 0,
      ...(typeof e.stopAt === 'number' ? { stopAt: e.stopAt } : {}),
      files: e.files.map((f) => ({
        name: String(f.name),
        bytes: f.base64 === undefined ? null : new Uint8Array(Buffer.from(f.base64, 'base64')),
        ...(f.error !== undefined ? { error: String(f.error) } : {}),
      })),
    });
  }
  return { boot: meta.boot, journal };
}

/** Whether two files hold the same bytes (the restored machine against the saved one). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
