/**
 * Builds the code that runs outside the server's own thread into plain JavaScript with esbuild
 * (which comes with tsx): the session worker (TUI and emulator) and the grading child. A worker
 * or a child under Node's permission model cannot use tsx's loader (it needs a loader thread
 * and esbuild's own process), and plain JavaScript also starts faster and takes less memory
 * per session. npm packages stay external and load from exolab's node_modules, so the bundle is
 * written under node_modules/.cache/exolab/, named by its content's hash (servers started at
 * once never overwrite each other's file).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** exolab's own folder (source/server/ is two below it). */
export const EXOLAB_HOME = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CACHE = path.join(EXOLAB_HOME, 'node_modules', '.cache', 'exolab');

/** Bundles `entry` (a path under exolab's folder) and returns the bundle's path. */
export async function bundle(entry: string, name: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.resolve(EXOLAB_HOME, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    jsx: 'automatic',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = path.join(CACHE, `${name}-${hash}.mjs`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(CACHE, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, code);
    fs.renameSync(temp, file);
  }
  return file;
}
