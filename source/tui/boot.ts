/**
 * The machine the TUI opens on: a fresh exokernel with the demo program loaded as environment
 * `demo` through the session's own `load` command, so it is ready to `run`. Files named in
 * commands are read relative to the current folder, then to exolab's own folder (so
 * `load x examples/count.s` works from anywhere).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError, Session } from '../repl/index.ts';

/** exolab's own folder (source/tui/ is two below it). */
const HOME = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEMO_LINE = 'load demo examples/touch-twice.s';

export const WELCOME = 'Welcome to exolab: type `help`, press ? or F1 for keys, `quit` to leave.';

/** Reads `name` relative to the current folder, else to exolab's folder. */
export function readFromFolders(name: string): Uint8Array {
  for (const folder of [process.cwd(), HOME]) {
    const file = path.resolve(folder, name);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return fs.readFileSync(file);
  }
  throw new CommandError(`cannot read \`${name}\`: no such file`);
}

/**
 * Writes a file a command names (`save`), relative to the current folder. An existing file is
 * replaced only if it is an exolab state file (a snapshot), so a typo never overwrites a program.
 */
export function writeToFolder(name: string, bytes: Uint8Array): void {
  const file = path.resolve(process.cwd(), name);
  try {
    if (fs.existsSync(file)) {
      const head = Buffer.alloc(SNAPSHOT_MAGIC.length);
      const fd = fs.openSync(file, 'r');
      fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      if (head.toString('latin1') !== SNAPSHOT_MAGIC) {
        throw new CommandError(
          `\`${name}\` exists and is not an exolab state file; choose another name`,
        );
      }
    }
    fs.writeFileSync(file, bytes);
  } catch (error) {
    if (error instanceof CommandError) throw error;
    const err = error as NodeJS.ErrnoException;
    throw new CommandError(`cannot write \`${name}\`: ${err.code ?? err.message}`);
  }
}

/** What every snapshot file starts with (machine/snapshot.ts). */
const SNAPSHOT_MAGIC = 'EXOSNAP1';

/** `exolab-session.state` in `folder`, or -2, -3 … : the first name not taken. */
export function freeStateName(folder = process.cwd()): string {
  for (let n = 1; ; n++) {
    const name = `exolab-session${n === 1 ? '' : `-${n}`}.state`;
    if (!fs.existsSync(path.resolve(folder, name))) return name;
  }
}

export interface Booted {
  session: Session;
  /** The first lines of the output area. */
  lines: string[];
}

/** A session with the demo loaded; the lines say what was done. */
export function bootDemo(seed = 1): Booted {
  const session = new Session({
    seed,
    readFile: readFromFolders,
    writeFile: writeToFolder,
    lab: { folder: process.cwd() },
  });
  const outcome = session.execute(DEMO_LINE);
  // The demo is where the shell opens: leaving right away loses nothing.
  session.markSaved();
  const done = outcome.ok ? outcome.lines : [`could not load the demo: ${outcome.error}`];
  return {
    session,
    lines: [WELCOME, `exo> ${DEMO_LINE}`, ...done, 'try `run`, `envs`, `tlb`, `help run`'],
  };
}
