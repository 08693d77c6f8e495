#!/usr/bin/env node
// The exolab command. Registers tsx so the TypeScript sources run as they are, then hands over
// to the CLI. Keeping one entry point means `npm start`, `npx exolab` and a global install agree.
import { register } from 'tsx/esm/api';

// The full-screen shell (no command, on a terminal) needs Ink. Loading it before tsx's loader
// hooks are installed keeps them from transforming each of Ink's many modules, which cost about
// 0.6 s of start-up; later imports of 'ink' get this same module from the cache.
const opensShell =
  process.argv.length <= 2 && process.stdout.isTTY === true && process.stdin.isTTY === true;
if (opensShell) {
  // NO_COLOR (no-color.org): chalk, under Ink, heeds FORCE_COLOR only, and reads it on load.
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  await Promise.all([import('ink'), import('react')]);
}

register();
await import('../source/cli/main.ts');
