/**
 * Builds the code that runs outside the server's own thread into plain JavaScript with esbuild
 * (which comes with tsx): the session worker (TUI and emulator) and the grading child. A worker
 * or a child under Node's permission model cannot use tsx's loader (it needs a loader thread
 * and esbuild's own process), and plain JavaScript also starts faster and takes less memory
 * per session. The bundle is written under node_modules/.cache/exolab/, named by a hash of the
 * sources it was built from (written under a temporary name and renamed, so servers started at
 * once never see half a file); old bundles are left alone, as a running server may still start
 * workers from one.
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
  // A bundle built from the same sources is used again (esbuild takes seconds on a busy host).
  const known = path.join(CACHE, `${name}-src-${sourcesKey()}.mjs`);
  if (fs.existsSync(known)) return known;
  const code = await build(entry);
  fs.mkdirSync(CACHE, { recursive: true });
  const temp = `${known}.${process.pid}.tmp`;
  fs.writeFileSync(temp, code);
  fs.renameSync(temp, known);
  return known;
}

/** A hash of every source file's name, size and time, and of the packages' versions. */
function sourcesKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|js|json)$/.test(e.name)) {
        const st = fs.statSync(p);
        hash.update(`${p}:${st.size}:${st.mtimeMs}\n`);
      }
    }
  };
  for (const d of ['source', 'kernel', 'machine']) walk(path.join(EXOLAB_HOME, d));
  hash.update(fs.readFileSync(path.join(EXOLAB_HOME, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

async function build(entry: string): Promise<Uint8Array> {
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
  return result.outputFiles[0].contents;
}
