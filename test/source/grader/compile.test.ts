/**
 * Student TypeScript at grade time: a syntax error and a type error each come back as
 * `file:line:col: …`, and imports of sibling files are rewritten to the transpiled modules.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transpileSources, typeErrors } from '../../../source/grader/compile.ts';

const TYPES = {
  name: 'lab-types.ts',
  text: 'export interface Box { n: number }\nexport const ONE = 1;\n',
};

describe('compiling student files', () => {
  it('reports a syntax error with file, line and column', () => {
    const out = transpileSources([
      { name: 'a.ts', text: 'export const x = 1;\nexport const y = ;\n' },
    ]);
    rmSync(out.dir, { recursive: true, force: true });
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatch(/^a\.ts:2:18: syntax error: /);
  });

  it('reports a type error with file, line and column, against the support files', () => {
    const student = {
      name: 'a.ts',
      text: "import type { Box } from './lab-types.ts';\nexport const f = (b: Box): string => b.n;\n",
    };
    expect(typeErrors([student, TYPES])).toEqual([
      "a.ts:2:38: type error TS2322: Type 'number' is not assignable to type 'string'.",
    ]);
    expect(
      typeErrors([{ ...student, text: student.text.replace(': string', ': number') }, TYPES]),
    ).toEqual([]);
  });

  it('writes ES modules whose sibling imports point at each other', () => {
    const out = transpileSources([
      {
        name: 'a.ts',
        text: "import { ONE } from './lab-types.ts';\nexport const two = ONE + 1;\n",
      },
      TYPES,
    ]);
    expect(out.errors).toEqual([]);
    const js = readFileSync(join(out.dir, 'a.mjs'), 'utf8');
    rmSync(out.dir, { recursive: true, force: true });
    expect(js).toContain('from "./lab-types.mjs"');
  });
});
