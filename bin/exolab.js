#!/usr/bin/env node
// The exolab command. Runs the start-up bundle (dist/cli/, built by scripts/bundle.mjs at
// `npm install`) while every source file in it is exactly as it was bundled (fresh-bundle.js);
// otherwise registers tsx so the TypeScript sources run as they are. Then the CLI takes over.
// Keeping one entry point means `npm start`, `npx exolab` and a global install agree.
// EXOLAB_SOURCES=1 always runs the sources (the tests do).
import { fileURLToPath } from 'node:url';
import { freshBundle } from './fresh-bundle.js';

// The full-screen shell (no command, on a terminal) needs Ink.
const opensShell =
  process.argv.length <= 2 && process.stdout.isTTY === true && process.stdin.isTTY === true;
// NO_COLOR (no-color.org): chalk, under Ink, heeds FORCE_COLOR only, and reads it on load.
if (opensShell && process.env.NO_COLOR) process.env.FORCE_COLOR = '0';

const bundle = process.env.EXOLAB_SOURCES ? null : freshBundle(new URL('../', import.meta.url));
if (bundle !== null) {
  await import(bundle.href);
} else {
  // Ink before tsx's loader hooks are installed keeps them from transforming each of Ink's many
  // modules (about 0.6 s of start-up); later imports of 'ink' get this module from the cache.
  if (opensShell) await Promise.all([import('ink'), import('react')]);
  const { register } = await import('tsx/esm/api');
  // Our tsconfig (JSX runtime, module settings), not one tsx would look for in the user's folder.
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  await import('../source/cli/main.ts');
}
