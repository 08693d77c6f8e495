// Whether the start-up bundle (scripts/bundle.mjs) may run: its manifest lists every source file
// that went into it with its mtime and size, and the install's lock file's mtime. One changed,
// added back or missing file, or a new install, and the bundle is stale: exolab then runs the
// TypeScript sources, so an edited source never runs stale. About 300 stat calls: a few ms.
import { readFileSync, statSync } from 'node:fs';

/** The bundle's entry (a file URL) under `root`, or null when it is missing or stale. */
export function freshBundle(root, outdir = 'dist/cli') {
  const dir = new URL(`${outdir}/`, root);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
  } catch {
    return null;
  }
  if (manifest.version !== 1) return null;
  const lock = statSync(new URL('node_modules/.package-lock.json', root), {
    throwIfNoEntry: false,
  });
  if ((lock?.mtimeMs ?? 0) !== manifest.lock) return null;
  for (const [file, [mtime, size]] of Object.entries(manifest.inputs)) {
    const stat = statSync(new URL(file, root), { throwIfNoEntry: false });
    if (stat === undefined || stat.mtimeMs !== mtime || stat.size !== size) return null;
  }
  return new URL('main.js', dir);
}
