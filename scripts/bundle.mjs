#!/usr/bin/env node
// The start-up bundle: esbuild compiles source/cli/main.ts and everything it imports (lazy
// imports become chunks loaded on demand) into dist/cli/, with a manifest of every source file
// that went in (its mtime and size). bin/exolab.js runs the bundle only while each of those
// files is exactly as it was, and the TypeScript sources through tsx otherwise, so an edited
// source never runs stale. Runs at `npm install` (the `prepare` script) and as `npm run bundle`.
//
//   node scripts/bundle.mjs [OUTDIR]     default dist/cli
//
// Paths relative to a module (`new URL('../../bench/', import.meta.url)`) keep pointing where
// they did in the sources: each file's `import.meta` is rewritten to its source file's URL,
// found from the chunk's own. A failed build never fails `npm install`: it says why, removes the
// manifest (so nothing stale runs) and exits 0; with --strict it exits 1 (tests use that).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const strict = args.includes('--strict');
const outdir = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(ROOT, 'dist/cli'));
const manifestPath = path.join(outdir, 'manifest.json');

/**
 * Packages left to node_modules: native code (better-sqlite3, ssh2), blessed (CommonJS that
 * requires files by computed names; it loads only in the dashboard's process), the tools, and
 * Ink's optional devtools. Everything else (Ink, React, meow …) is bundled: one file parses far
 * faster than hundreds of small modules.
 */
const EXTERNAL = [
  'better-sqlite3',
  'ssh2',
  'blessed',
  'blessed-contrib',
  'react-devtools-core',
  '@xterm/headless',
  'tsx',
  'esbuild',
  'typescript',
];

/**
 * Rewrites `import.meta` in our sources to the source file's own URL (see the header). esbuild's
 * define works on the syntax tree, so strings that mention import.meta are left alone.
 */
const sourceMeta = (esbuild) => ({
  name: 'exolab-source-meta',
  setup(build) {
    build.onLoad({ filter: /\.(ts|tsx)$/ }, async (loaded) => {
      if (loaded.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = fs.readFileSync(loaded.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const rel = path.relative(outdir, loaded.path).split(path.sep).join('/');
      const { code } = await esbuild.transform(text, {
        loader: loaded.path.endsWith('x') ? 'tsx' : 'ts',
        jsx: 'automatic',
        format: 'esm',
        target: 'node20',
        define: { 'import.meta.url': '__exolabSourceUrl', 'import.meta': '__exolabSourceMeta' },
      });
      const head =
        `const __exolabSourceUrl = new URL(${JSON.stringify(rel)}, import.meta.url).href;\n` +
        'const __exolabSourceMeta = { url: __exolabSourceUrl };\n';
      return { contents: head + code, loader: 'js', resolveDir: path.dirname(loaded.path) };
    });
  },
});

async function main() {
  // Chunks of an earlier build are named by their hashes: clear them (and only them) out.
  fs.mkdirSync(outdir, { recursive: true });
  for (const name of fs.readdirSync(outdir)) {
    if (name.endsWith('.js') || name === 'manifest.json') fs.rmSync(path.join(outdir, name));
  }
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'source/cli/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    external: EXTERNAL,
    // Bundled CommonJS packages (React) call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __exolabRequire } from 'node:module'; const require = __exolabRequire(import.meta.url);",
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'error',
    plugins: [sourceMeta(esbuild)],
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    if (file.includes('node_modules/') || file.includes(':')) continue;
    const stat = fs.statSync(path.join(ROOT, file));
    inputs[file] = [stat.mtimeMs, stat.size];
  }
  // Bundled packages are as fresh as the last install: npm rewrites this file on every change.
  const lock = fs.statSync(path.join(ROOT, 'node_modules/.package-lock.json'), {
    throwIfNoEntry: false,
  });
  const manifest = { version: 1, lock: lock?.mtimeMs ?? 0, inputs };
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest)}\n`);
  return Object.keys(inputs).length;
}

try {
  const count = await main();
  if (process.env.npm_lifecycle_event !== 'prepare' || strict)
    process.stderr.write(`bundled ${count} source files into ${path.relative(ROOT, outdir)}\n`);
} catch (error) {
  const first = String(error?.message ?? error).split('\n')[0];
  process.stderr.write(
    `exolab: could not build the start-up bundle (exolab runs from the sources instead): ${first}\n`,
  );
  process.exit(strict ? 1 : 0);
}
