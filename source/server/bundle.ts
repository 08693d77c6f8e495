/**
 * Builds the code that runs outside the server's own thread into plain JavaScript with esbuild
 * (which comes with tsx): the session worker (TUI and emulator) and the grading child. A worker
 * or a child under Node's permission model cannot use tsx's loader (it needs a loader thread
 * and esbuild's own process), and plain JavaScript also starts faster and takes less memory
 * per session. The bundle is written under node_modules/.cache/exolab/ (a package left out of a
 * bundle still resolves from there), named by its content's hash (servers started at once never
 * overwrite each other's file).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** exolab's own folder (source/server/ is two below it). */
export const EXOLAB_HOME = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CACHE = path.join(EXOLAB_HOME, 'node_modules', '.cache', 'exolab');

/** Ink imports React's devtools only when DEV is set; the bundle gets an empty stand-in. */
const NO_DEVTOOLS = {
  name: 'no-devtools',
  setup(build: import('esbuild').PluginBuild) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({
      path: 'stub',
      namespace: 'stub',
    }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default {};' }));
  },
};

/**
 * Bundles `entry` (a path under exolab's folder) with the packages it uses (one file parses
 * faster than Ink's hundred modules: a session starts in about half the time, with 20 MiB less
 * per worker; React in its production build) and returns the bundle's path.
 */
export async function bundle(entry: string, name: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.resolve(EXOLAB_HOME, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    write: false,
    logLevel: 'silent',
    plugins: [NO_DEVTOOLS],
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS packages inside an ES module bundle still call require() for Node's modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
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
  prune(name, file);
  return file;
}

/** Removes this bundle's older builds after a day (a server still running may use one). */
function prune(name: string, keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const f of fs.readdirSync(CACHE)) {
    const p = path.join(CACHE, f);
    if (!f.startsWith(`${name}-`) || p === keep) continue;
    try {
      if (fs.statSync(p).mtimeMs < dayAgo) fs.rmSync(p);
    } catch {
      // Another server pruned it first.
    }
  }
}
