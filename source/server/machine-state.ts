/**
 * A user's machine kept across logins, in DIR/state/NAME/machine.exosession: the REPL's own
 * session file (source/repl/session-file.ts: a machine snapshot whose meta holds how the
 * kernel was booted and the journal of lines run, with the bytes of every file they read).
 * Restoring replays the journal on a fresh kernel, which rebuilds the exokernel's own state
 * exactly, and checks the result against the saved snapshot. Saving writes a temporary file,
 * syncs it and renames it over the old one, so a crash leaves either the old or the new state.
 */
import * as fs from 'node:fs';
import type { Session } from '../repl/index.ts';
import { decodeSession, encodeSession, sameBytes } from '../repl/session-file.ts';

/** How the server's machines boot (the TUI's too). */
const BOOT = { seed: 1 };

export interface Restored {
  /** Lines replayed (0: a new machine). */
  lines: number;
  cycles: number;
  /** The lines replayed, newest last, as the user typed them. */
  history: string[];
  /** Set when the state could not be used; the file was kept aside under this name. */
  problem?: string;
}

/** Loads the machine saved in `file` into `session` (fresh); a new machine if there is none. */
export function restoreMachine(session: Session, file: string): Restored {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return { lines: 0, cycles: 0, history: [] };
  }
  const decoded = decodeSession(bytes);
  if (typeof decoded === 'string') return setAside(file, decoded);
  try {
    session.replay(decoded.journal, decoded.boot);
  } catch (error) {
    return setAside(file, (error as Error).message);
  }
  session.markSaved();
  const same = sameBytes(encodeSession(session, decoded.boot), bytes);
  return {
    lines: decoded.journal.length,
    cycles: session.kernel.cycles,
    history: decoded.journal.map((e) => e.line),
    ...(same
      ? {}
      : { problem: 'the replayed machine differs from the one saved (an exolab update?)' }),
  };
}

/** Writes the session's machine to `file`, atomically. */
export function saveMachine(session: Session, file: string): void {
  const bytes = encodeSession(session, session.boot ?? BOOT);
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}

/** A state that cannot be restored is renamed, never deleted, and the user gets a new machine. */
function setAside(file: string, why: string): Restored {
  const aside = `${file}.unreadable-${Date.now()}`;
  fs.renameSync(file, aside);
  return {
    lines: 0,
    cycles: 0,
    history: [],
    problem: `your saved machine could not be restored (${why}); it is kept as ${aside}`,
  };
}
