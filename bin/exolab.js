#!/usr/bin/env node
// The exolab command. Registers tsx so the TypeScript sources run as they are, then hands over
// to the CLI. Keeping one entry point means `npm start`, `npx exolab` and a global install agree.
import { register } from 'tsx/esm/api';

register();
await import('../source/cli/main.ts');
