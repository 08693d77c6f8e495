/**
 * Finding labs: the labs folder (exolab's own `labs/`, or EXOLAB_LABS), the labs in it, one lab
 * by number or folder, its manifest, and its test modules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LabManifest, MANIFEST_NAME, parseManifest } from './manifest.ts';

export interface Lab {
  /** Absolute folder, e.g. …/labs/01-secure-bindings. */
  dir: string;
  /** Folder name, e.g. 01-secure-bindings. */
  id: string;
  manifest: LabManifest;
}

/** Thrown for a user's mistake (a lab that is not there, a broken manifest): one line. */
export class LabError extends Error {}

export function labsRoot(): string {
  return process.env.EXOLAB_LABS
    ? resolve(process.env.EXOLAB_LABS)
    : `${join(exolabHome(), 'labs')}/`;
}

/**
 * exolab's folder: two above this file, or — for a bundle written elsewhere inside it (the lab
 * server's session worker lives in node_modules/.cache/exolab/) — the nearest folder above
 * holding labs/ and package.json.
 */
function exolabHome(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'labs')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(here, '../..');
  }
}

/** Reads and validates DIR/lab.json; errors are lines naming the field. */
export function readManifest(dir: string): { manifest?: LabManifest; errors: string[] } {
  const file = join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {
      errors: [
        `${file}: not found (a lab folder holds lab.json, README.md, starter/, solution/, tests/)`,
      ],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { errors: [`${file}: not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = parseManifest(json);
  return parsed.ok
    ? { manifest: parsed.manifest, errors: [] }
    : { errors: parsed.errors.map((e) => `${file}: ${e}`) };
}

export function loadLab(dir: string): Lab {
  const abs = resolve(dir);
  const { manifest, errors } = readManifest(abs);
  if (!manifest) throw new LabError(errors.join('\n'));
  return { dir: abs, id: abs.split('/').filter(Boolean).at(-1) ?? abs, manifest };
}

/** Every lab folder (NN-name with a lab.json) under `root`, by number. */
export function listLabs(root = labsRoot()): Lab[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d\d-/.test(name) && existsSync(join(root, name, MANIFEST_NAME)))
    .sort()
    .map((name) => loadLab(join(root, name)));
}

/** Lab `n` (a number, "3" or "03-name"). */
export function findLab(n: string, root = labsRoot()): Lab {
  const labs = listLabs(root);
  const found = /^\d+$/.test(n)
    ? labs.find((l) => l.manifest.number === Number(n))
    : labs.find((l) => l.id === n);
  if (found) return found;
  const known = labs.map((l) => l.manifest.number).join(', ');
  throw new LabError(
    `no lab \`${n}\` in ${root}; labs: ${known || 'none'} (see \`exolab lab list\`)`,
  );
}

/** The lab's test modules: the manifest's list, or every tests/*.lab.ts. */
export function testModules(lab: Lab): string[] {
  if (lab.manifest.tests.length > 0) return lab.manifest.tests.map((t) => join(lab.dir, t));
  return labTestFiles(join(lab.dir, 'tests'));
}

/** Every *.lab.ts file directly in `dir` (helpers have other names), sorted. */
export function labTestFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.lab.ts'))
    .sort()
    .map((f) => join(dir, f));
}
