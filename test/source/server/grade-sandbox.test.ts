// Grading on the server with exolab's real grader (grader-spec.ts): the student's lab code runs
// in a child process under Node's permission model with no workers and no child processes. A
// hostile lab 1 that tries to spawn a process, start a worker, read another student's
// workspace and write outside its temp folder is stopped at each and the grade says so; the
// reference solution still gets full marks.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Db, openDb } from '../../../source/server/db.ts';
import { exolabGrader } from '../../../source/server/grader-spec.ts';
import { GradingService } from '../../../source/server/grading.ts';
import { DEFAULT_LIMITS } from '../../../source/server/limits.ts';
import { type Logger, openLog } from '../../../source/server/log.ts';
import { ensureUserFolders } from '../../../source/server/workspace.ts';
import { BIN } from '../run-exolab.ts';
import { removeDir, tempDir } from './helpers.ts';

const SOLUTION = new URL('../../../labs/01-secure-bindings/solution/bindings.ts', import.meta.url)
  .pathname;

let dir: string;
let db: Db;
let log: Logger;
let service: GradingService;

beforeAll(() => {
  dir = tempDir('exolab-grade-sandbox-');
  db = openDb(dir);
  log = openLog(join(dir, 'server.log'));
  service = new GradingService({
    db,
    dir,
    limits: DEFAULT_LIMITS,
    log,
    grader: exolabGrader(),
    concurrency: 2,
  });
});
afterAll(async () => {
  await service.stop();
  log.close();
  db.close();
  removeDir(dir);
});

/** `user`'s workspace on the server with lab 1 started and `bindings` as its bindings.ts. */
function workspaceWith(user: string, bindings: string): string {
  const { workspace } = ensureUserFolders(dir, user);
  const start = spawnSync(process.execPath, [BIN, 'lab', 'start', '1'], {
    cwd: workspace,
    encoding: 'utf8',
  });
  expect(start.stderr).toBe('');
  writeFileSync(join(workspace, '01-secure-bindings', 'bindings.ts'), bindings);
  return workspace;
}

test('student code under server grading can neither spawn, start a worker, read another workspace nor write outside its temp folder', {
  timeout: 120_000,
}, async () => {
  const bob = workspaceWith('bob', readFileSync(SOLUTION, 'utf8'));
  cpSync(SOLUTION, join(bob, 'secret.ts'));
  writeFileSync(join(bob, 'secret.txt'), 'bob-secret');
  const marker = join(dir, 'spawned.txt');
  const outside = join(dir, 'escaped.txt');
  // Each attempt runs when the module loads (once per test) and is reported in the error thrown.
  const hostile = `${readFileSync(SOLUTION, 'utf8')}
const host = (globalThis as any).process;
const tries: string[] = [];
const attempt = (what: string, f: () => unknown) => {
  try {
    tries.push(\`\${what}=\${String(f()).slice(0, 40)}\`);
  } catch (e: any) {
    tries.push(\`\${what}=\${e?.code ?? e?.message}\`);
  }
};
attempt('spawn', () => host.getBuiltinModule('node:child_process').spawn('sh', ['-c', 'echo x > ${marker}']).pid);
attempt('worker', () => new (host.getBuiltinModule('node:worker_threads').Worker)('1', { eval: true }).threadId);
attempt('read', () => host.getBuiltinModule('node:fs').readFileSync(${JSON.stringify(join(bob, 'secret.txt'))}, 'utf8'));
attempt('write', () => host.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(outside)}, 'x'));
throw new Error(\`escape attempts: \${tries.join(' ')}\`);
`;
  const alice = workspaceWith('alice', hostile);
  const lines: string[] = [];
  const answer = await service.request('alice', alice, 1, 'grade', (l) => lines.push(l));
  expect(answer.ok).toBe(false);
  expect(answer.lines.join('\n')).toContain('practice grade (visible tests only): 0/27');
  // The recorded results (results.json's shape) say, for every test, what was stopped.
  const row = db.prepare('SELECT results FROM grades WHERE user = ?').get('alice') as {
    results: string;
  };
  const results = JSON.parse(row.results) as { tests: { output?: string }[] };
  expect(results.tests).toHaveLength(9);
  for (const t of results.tests) {
    expect(t.output).toContain(
      'escape attempts: spawn=ERR_ACCESS_DENIED worker=ERR_ACCESS_DENIED read=ERR_ACCESS_DENIED write=ERR_ACCESS_DENIED',
    );
  }
  expect(row.results).not.toContain('bob-secret');
  expect(existsSync(marker)).toBe(false);
  expect(existsSync(outside)).toBe(false);

  // The same server grades a correct solution with full marks.
  const full = await service.request('bob', bob, 1, 'grade', () => {});
  expect(full.ok).toBe(true);
  expect(full.lines.join('\n')).toMatch(/27\/27/);
});
