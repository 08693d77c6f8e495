/**
 * The REPL's history across sessions: one line per command in ~/.exolab/history (or the file
 * named by EXOLAB_HISTORY; `EXOLAB_HISTORY=` with nothing keeps no file). Failures to read or
 * write it are ignored: history is a convenience, never a reason to stop.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Lines kept in the file. */
export const HISTORY_LINES = 1000;

/** The history file's path, or null when history is not kept. */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.EXOLAB_HISTORY !== undefined)
    return env.EXOLAB_HISTORY === '' ? null : env.EXOLAB_HISTORY;
  return path.join(os.homedir(), '.exolab', 'history');
}

/** The lines saved earlier, oldest first (the newest HISTORY_LINES). */
export function readHistory(file: string | null): string[] {
  if (file === null) return [];
  try {
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    return lines.slice(-HISTORY_LINES);
  } catch {
    return [];
  }
}

/** Adds one line to the file. */
export function appendHistory(file: string | null, line: string): void {
  if (file === null || line.trim() === '') return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${line.replace(/\n/g, ' ')}\n`);
  } catch {
    // Not kept: see the header.
  }
}
