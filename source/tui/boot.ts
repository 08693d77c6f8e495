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

export interface Booted {
  session: Session;
  /** The first lines of the output area. */
  lines: string[];
}

/** A session with the demo loaded; the lines say what was done. */
export function bootDemo(seed = 1): Booted {
  const session = new Session({ seed, readFile: readFromFolders });
  const outcome = session.execute(DEMO_LINE);
  const done = outcome.ok ? outcome.lines : [`could not load the demo: ${outcome.error}`];
  return {
    session,
    lines: [WELCOME, `exo> ${DEMO_LINE}`, ...done, 'try `run`, `envs`, `tlb`, `help run`'],
  };
}
