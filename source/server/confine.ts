/**
 * Paths a user names (over SFTP, in `load`), kept inside one root folder. The user's `/` is the
 * root; `..` never climbs above it; and because a symbolic link inside the root could point
 * anywhere, the real path of the deepest existing part must lie inside the root too. Callers
 * never follow a link they did not check: SFTP refuses to make links at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `name` as the user sees it, normalised: always absolute, no `.` or `..`. */
export function virtualPath(name: string, cwd = '/'): string {
  return path.posix.resolve(cwd, name.replace(/\\/g, '/') || '.');
}

/**
 * The host path for `name` inside `root`, or null when it would lead outside (through `..` is
 * impossible after virtualPath; through a symbolic link it is caught here). `root` must be a
 * real path (no links in it).
 */
export function confinedPath(root: string, name: string): string | null {
  const host = path.join(root, virtualPath(name));
  if (!inside(root, host)) return null;
  // Walk up to the deepest part that exists and check where it really is.
  let probe = host;
  for (;;) {
    let real: string | undefined;
    try {
      real = fs.realpathSync(probe);
    } catch {
      // A dangling link: writing through it would create its target, wherever that is.
      if (isLink(probe)) return null;
      real = undefined;
    }
    if (real !== undefined) return inside(root, real) ? host : null;
    const up = path.dirname(probe);
    if (up === probe) return null;
    probe = up;
  }
}

/** Whether `p` is `root` or below it. */
export function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether `host` is a symbolic link (lstat), for callers that must not follow one. */
export function isLink(host: string): boolean {
  try {
    return fs.lstatSync(host).isSymbolicLink();
  } catch {
    return false;
  }
}
