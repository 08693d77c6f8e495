/**
 * The lab commands as a student types them, through the real CLI in a temporary folder:
 * list, start (never overwriting work), grade (exit status, Score line, --json, a syntax
 * error reported with its place), status, submit (a bundle whose hashes verify), pack
 * (no solutions), and check with a broken lab.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../source/grader/bundle.ts';
import { BIN, exolabWorkspace } from '../run-exolab.ts';

const ws = exolabWorkspace('exolab-lab-cli-');
const SOLUTION = new URL('../../../labs/01-secure-bindings/solution/bindings.ts', import.meta.url);

describe('exolab lab and exolab grade', () => {
  it('lists the labs with their steps', () => {
    const r = ws.exolab(['lab', 'list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(' 1  Secure bindings');
    expect(r.stdout).toContain('1. Only genuine frame capabilities bind');
  });

  it('starts lab 1, grades the starter (exit 1) and refuses to overwrite work', () => {
    const start = ws.exolab(['lab', 'start', '1']);
    expect(start.status).toBe(0);
    const dir = join(ws.dir, '01-secure-bindings');
    expect(existsSync(join(dir, 'bindings.ts'))).toBe(true);
    expect(existsSync(join(dir, 'lab-types.ts'))).toBe(true);
    const again = ws.exolab(['lab', 'start', '1']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds your work for lab 1 \(bindings\.ts\).*--force/);
    const graded = ws.exolab(['grade', '1']);
    expect(graded.status).toBe(1);
    expect(graded.stdout).toMatch(/Score: \d+\/27\n$/);
    expect(graded.stdout).not.toContain('Score: 27/27');
  });

  it('grades the solution with full marks (exit 0), as text and as results.json', () => {
    writeFileSync(join(ws.dir, '01-secure-bindings', 'bindings.ts'), readFileSync(SOLUTION));
    const text = ws.exolab(['grade', '1']);
    expect(text.stdout).toContain('Score: 27/27');
    expect(text.status).toBe(0);
    const json = ws.exolab(['grade', '1', '--json', '--no-typecheck']);
    expect(json.status).toBe(0);
    const results = JSON.parse(json.stdout);
    expect(results.score).toBe(27);
    expect(results.tests).toHaveLength(9);
    const status = ws.exolab(['lab', 'status']);
    expect(status.stdout).toContain('last grade 27/27');
  });

  it('adds hidden instructor tests from --tests DIR, marked hidden', () => {
    const api = new URL('../../../source/grader/lab-api.ts', import.meta.url).pathname;
    mkdirSync(join(ws.dir, 'hidden'));
    writeFileSync(
      join(ws.dir, 'hidden', 'extra.lab.ts'),
      `import { defineTests } from '${api}';\nexport const tests = defineTests([{ name: 'extra', step: 'stlb', points: 3, run(t) { t.fail('never', 1, 2); } }]);\n`,
    );
    const r = ws.exolab(['grade', '1', '--tests', 'hidden', '--json', '--no-typecheck']);
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout);
    expect(results.max_score).toBe(30);
    const extra = results.tests.find((t: { name: string }) => t.name.endsWith('extra'));
    expect(extra).toMatchObject({ score: 0, max_score: 3, status: 'failed', visibility: 'hidden' });
  });

  it('submits one bundle whose hashes verify', () => {
    const r = ws.exolab(['lab', 'submit', '1', '--out', 'sub.json']);
    expect(r.status).toBe(0);
    const bundle = JSON.parse(readFileSync(join(ws.dir, 'sub.json'), 'utf8'));
    expect(bundle.files.map((f: { name: string }) => f.name)).toEqual(['bindings.ts']);
    expect(verifyBundle(bundle)).toEqual([]);
    bundle.files[0].content += '// changed';
    expect(verifyBundle(bundle)).toContain('bindings.ts: content does not match its hash');
  });

  it('reports a syntax error with file, line and column, never a crash', () => {
    const dir = join(ws.dir, '01-secure-bindings');
    writeFileSync(join(dir, 'bindings.ts'), 'export function checkCapability(\n  return 1;\n}\n');
    const r = ws.exolab(['grade', '--dir', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/bindings\.ts:2:3: syntax error: /);
    expect(r.stdout).toContain('Score: 0/27');
    expect(r.stderr).toBe('');
  });

  it('grades lab N in a folder holding its files but no workspace (a copied submission)', () => {
    const plain = join(ws.dir, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'bindings.ts'), readFileSync(SOLUTION));
    const r = spawnSync(process.execPath, [BIN, 'grade', '1', '--no-typecheck'], {
      cwd: plain,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      encoding: 'utf8',
    });
    expect(r.stdout).toContain('Score: 27/27');
    expect(r.status).toBe(0);
    expect(existsSync(join(plain, '.exolab-lab.json'))).toBe(false);
  });

  it('starts over with --force, keeping the old file as NAME.bak', () => {
    const dir = join(ws.dir, '01-secure-bindings');
    writeFileSync(join(dir, 'bindings.ts'), '// my work\n');
    const r = ws.exolab(['lab', 'start', '1', '--force']);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'bindings.ts.bak'), 'utf8')).toBe('// my work\n');
    expect(readFileSync(join(dir, 'bindings.ts'), 'utf8')).toContain('TODO');
  });

  it('packs a student distribution without solutions', () => {
    const r = ws.exolab(['lab', 'pack', '--student', 'dist']);
    expect(r.status).toBe(0);
    expect(
      existsSync(join(ws.dir, 'dist', 'labs', '01-secure-bindings', 'starter', 'bindings.ts')),
    ).toBe(true);
    expect(existsSync(join(ws.dir, 'dist', 'labs', '01-secure-bindings', 'solution'))).toBe(false);
    expect(existsSync(join(ws.dir, 'dist', 'kernel', 'exo', 'kernel.ts'))).toBe(true);
  });

  it('rejects a malformed lab with one line per problem', () => {
    const bad = join(ws.dir, '07-broken');
    mkdirSync(bad);
    writeFileSync(
      join(bad, 'lab.json'),
      JSON.stringify({
        format: 1,
        number: 7,
        title: 'x',
        summary: 'y',
        files: ['a.ts'],
        steps: [],
      }),
    );
    const r = ws.exolab(['lab', 'check', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('`steps` must be a non-empty list');
    const none = ws.exolab(['grade', '9']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no lab `9`');
  });
});
