/**
 * The lab manifest (`labs/NN-name/lab.json`): what a lab is made of, and its validation.
 * parseManifest only looks at the JSON; checkLabFolder (lab-check.ts) also looks at the files.
 *
 *   {
 *     "format": 1,
 *     "number": 1,                         the N of `exolab lab start N`
 *     "title": "Secure bindings",
 *     "summary": "one line for `exolab lab list`",
 *     "files": ["bindings.ts"],            what the student edits: in starter/ and solution/
 *     "support": ["lab-types.ts"],         read-only files beside them (optional)
 *     "tests": ["tests/bindings.lab.ts"],  modules exporting `tests` (optional; default tests/*.lab.ts)
 *     "limits": { "cycles": 20000000, "wallSeconds": 5, "memoryMb": 256 },   (optional)
 *     "steps": [ { "id": "check", "title": "…", "hint": "…",
 *                  "tests": [ { "name": "valid-binding-installs", "points": 5 } ] } ]
 *   }
 */

export interface ManifestTest {
  name: string;
  points: number;
}

export interface ManifestStep {
  id: string;
  title: string;
  hint: string;
  tests: ManifestTest[];
}

export interface LabLimits {
  /** Emulated cycles a test may run a machine for (the lab's tests pass this to run()). */
  cycles: number;
  /** Wall-clock seconds one test may take before the watchdog stops it. */
  wallSeconds: number;
  /** Heap cap of the process the student code runs in. */
  memoryMb: number;
}

export interface LabManifest {
  format: 1;
  number: number;
  title: string;
  summary: string;
  files: string[];
  support: string[];
  tests: string[];
  limits: LabLimits;
  steps: ManifestStep[];
}

export const DEFAULT_LIMITS: LabLimits = { cycles: 20_000_000, wallSeconds: 5, memoryMb: 256 };
export const MANIFEST_NAME = 'lab.json';

const KNOWN_KEYS = [
  'format',
  'number',
  'title',
  'summary',
  'files',
  'support',
  'tests',
  'limits',
  'steps',
];
const NAME_RE = /^[a-z0-9][a-z0-9-]*$/;
const FILE_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.ts$/;

export type ManifestResult = { ok: true; manifest: LabManifest } | { ok: false; errors: string[] };

/** Validates parsed JSON as a manifest; every problem is one line naming the field. */
export function parseManifest(json: unknown): ManifestResult {
  const errors: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, errors: ['the manifest must be a JSON object'] };
  }
  const m = json as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!KNOWN_KEYS.includes(key))
      errors.push(`unknown field \`${key}\` (known: ${KNOWN_KEYS.join(', ')})`);
  }
  if (m.format !== 1) errors.push('`format` must be 1');
  if (!Number.isInteger(m.number) || (m.number as number) < 1 || (m.number as number) > 99) {
    errors.push('`number` must be an integer from 1 to 99 (the N of `exolab lab start N`)');
  }
  for (const key of ['title', 'summary']) {
    if (typeof m[key] !== 'string' || (m[key] as string).trim() === '') {
      errors.push(`\`${key}\` must be a non-empty string`);
    }
  }
  const files = fileList(m.files, 'files', errors, true);
  const support = fileList(m.support ?? [], 'support', errors, false);
  for (const f of support)
    if (files.includes(f)) errors.push(`\`${f}\` is in both \`files\` and \`support\``);
  const tests = testModules(m.tests, errors);
  const limits = parseLimits(m.limits, errors);
  const steps = parseSteps(m.steps, errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    manifest: {
      format: 1,
      number: m.number as number,
      title: m.title as string,
      summary: m.summary as string,
      files,
      support,
      tests,
      limits,
      steps,
    },
  };
}

function fileList(value: unknown, key: string, errors: string[], required: boolean): string[] {
  if (!Array.isArray(value) || (required && value.length === 0)) {
    errors.push(
      `\`${key}\` must be a ${required ? 'non-empty ' : ''}list of file names like "bindings.ts"`,
    );
    return [];
  }
  const out: string[] = [];
  for (const f of value) {
    if (typeof f !== 'string' || !FILE_RE.test(f)) {
      errors.push(
        `\`${key}\`: ${JSON.stringify(f)} is not a plain TypeScript file name like "bindings.ts"`,
      );
    } else if (out.includes(f)) errors.push(`\`${key}\`: "${f}" is listed twice`);
    else out.push(f);
  }
  return out;
}

function testModules(value: unknown, errors: string[]): string[] {
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    value.some((t) => typeof t !== 'string' || !/^tests\/[^/]+\.ts$/.test(t))
  ) {
    errors.push('`tests` must be a list of modules in tests/, like "tests/bindings.lab.ts"');
    return [];
  }
  return value as string[];
}

function parseLimits(value: unknown, errors: string[]): LabLimits {
  if (value === undefined) return { ...DEFAULT_LIMITS };
  if (typeof value !== 'object' || value === null) {
    errors.push(
      '`limits` must be an object like { "cycles": 20000000, "wallSeconds": 5, "memoryMb": 256 }',
    );
    return { ...DEFAULT_LIMITS };
  }
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, v] of Object.entries(value)) {
    if (!(key in DEFAULT_LIMITS)) {
      errors.push(`\`limits.${key}\` is unknown (known: cycles, wallSeconds, memoryMb)`);
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      errors.push(`\`limits.${key}\` must be a positive number`);
    } else limits[key as keyof LabLimits] = v;
  }
  return limits;
}

function parseSteps(value: unknown, errors: string[]): ManifestStep[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push('`steps` must be a non-empty list of { "id", "title", "hint", "tests" }');
    return [];
  }
  const steps: ManifestStep[] = [];
  const seenTests = new Set<string>();
  value.forEach((raw, i) => {
    const where = `steps[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      errors.push(`\`${where}\` must be an object`);
      return;
    }
    const s = raw as Record<string, unknown>;
    for (const key of Object.keys(s)) {
      if (!['id', 'title', 'hint', 'tests'].includes(key))
        errors.push(`\`${where}.${key}\` is unknown (known: id, title, hint, tests)`);
    }
    if (typeof s.id !== 'string' || !NAME_RE.test(s.id)) {
      errors.push(`\`${where}.id\` must be a short lower-case name like "stlb-hit"`);
    } else if (steps.some((o) => o.id === s.id))
      errors.push(`\`${where}.id\`: "${s.id}" is used twice`);
    for (const key of ['title', 'hint']) {
      if (typeof s[key] !== 'string' || (s[key] as string).trim() === '') {
        errors.push(`\`${where}.${key}\` must be a non-empty string`);
      }
    }
    const tests: ManifestTest[] = [];
    if (!Array.isArray(s.tests) || s.tests.length === 0) {
      errors.push(`\`${where}.tests\` must be a non-empty list of { "name": "…", "points": N }`);
    } else {
      s.tests.forEach((t, j) => {
        const tw = `${where}.tests[${j}]`;
        const test = t as Record<string, unknown>;
        if (
          typeof t !== 'object' ||
          t === null ||
          typeof test.name !== 'string' ||
          !NAME_RE.test(test.name)
        ) {
          errors.push(`\`${tw}\` must be { "name": "lower-case-name", "points": N }`);
          return;
        }
        if (!Number.isInteger(test.points) || (test.points as number) < 0) {
          errors.push(`\`${tw}.points\` must be a whole number of points (0 or more)`);
        }
        if (seenTests.has(test.name))
          errors.push(`\`${tw}\`: test "${test.name}" belongs to more than one step`);
        seenTests.add(test.name);
        tests.push({ name: test.name, points: test.points as number });
      });
    }
    steps.push({ id: s.id as string, title: s.title as string, hint: s.hint as string, tests });
  });
  return steps;
}

/** Total points of a manifest. */
export function maxPoints(manifest: LabManifest): number {
  return manifest.steps.reduce((n, s) => n + s.tests.reduce((m, t) => m + t.points, 0), 0);
}
