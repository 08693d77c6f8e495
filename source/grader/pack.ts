/**
 * `exolab lab pack --student OUT`: a copy of exolab a class can be given — the machine, the
 * kernel, the shell and the labs — without any lab's solution/ or hidden/ folder (hidden/ holds
 * instructor-only tests), the project's own tests or version-control data. Refuses a non-empty OUT, so nothing is overwritten.
 */
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError, labsRoot } from './labs.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PARTS = [
  'package.json',
  'package-lock.json',
  'README.md',
  'tsconfig.json',
  'biome.json',
  'bin',
  'machine',
  'kernel',
  'source',
  'examples',
];

/** Copies the distribution into `out`; returns the labs it holds. */
export function packStudent(outArg: string): { out: string; labs: string[] } {
  const out = resolve(outArg);
  if (existsSync(out) && readdirSync(out).length > 0) {
    throw new LabError(`${out} is not empty; give a new folder for the student distribution`);
  }
  for (const part of PARTS) {
    const from = join(PROJECT_ROOT, part);
    if (existsSync(from)) cpSync(from, join(out, part), { recursive: true });
  }
  const labs = labsRoot();
  const kept: string[] = [];
  cpSync(labs, join(out, 'labs'), {
    recursive: true,
    filter: (src) => {
      const rel = src.slice(labs.length).split('/').filter(Boolean);
      if (rel.length === 1 && /^\d\d-/.test(rel[0])) kept.push(rel[0]);
      // labs/NN-name/solution and hidden (instructor-only tests, for `grade --tests`) and
      // everything under them stay behind.
      const instructorOnly = rel.length >= 2 && (rel[1] === 'solution' || rel[1] === 'hidden');
      return !instructorOnly && basename(src) !== 'node_modules';
    },
  });
  return { out, labs: kept.sort() };
}
