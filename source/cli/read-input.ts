/**
 * Reading the files named on the command line. Every failure becomes one CliFailure line naming
 * the file: missing, a directory, unreadable, or too large to be a program.
 */
import * as fs from 'node:fs';
import { CliFailure } from './usage-error.ts';

/** Largest program or handler file accepted (the machine's RAM is far smaller anyway). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** The bytes of `file`, or a CliFailure (status 1) that says why it cannot be read. */
export function readInputFile(file: string, what = 'file'): Uint8Array {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new CliFailure(`cannot read ${what} \`${file}\`: ${reason(error)}`);
  }
  if (stat.isDirectory()) throw new CliFailure(`\`${file}\` is a directory, not a ${what}`);
  if (stat.size > MAX_FILE_BYTES) throw new CliFailure(`${what} \`${file}\` is too large`);
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    throw new CliFailure(`cannot read ${what} \`${file}\`: ${reason(error)}`);
  }
}

/** A file-system error in words: `no such file`, `permission denied`, … */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}
