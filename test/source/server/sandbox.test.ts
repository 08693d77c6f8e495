// Student code run the way the server grades it (sandbox.ts: Node's permission model, a heap
// cap, a time limit): a hostile "lab" tries to read another student's workspace, write outside
// its temp folder, start a process or a worker — each stopped — and one that loops for ever or
// eats memory is killed and says why.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runSandboxed, type SandboxRun } from '../../../source/server/sandbox.ts';
import { removeDir, tempDir } from './helpers.ts';

const dir = tempDir('exolab-sandbox-');
afterAll(() => removeDir(dir));
const mine = join(dir, 'users', 'alice');
const theirs = join(dir, 'users', 'bob');
mkdirSync(mine, { recursive: true });
mkdirSync(theirs, { recursive: true });
mkdirSync(join(dir, 'tmp'));
writeFileSync(join(theirs, 'bindings.ts'), 'bob-solution');
writeFileSync(join(mine, 'notes.txt'), 'mine');

/** Runs `code` (an ES module) as alice's lab under the sandbox. */
function run(code: string, o: Partial<SandboxRun> = {}) {
  const entry = join(mine, 'lab.mjs');
  writeFileSync(entry, code);
  return runSandboxed({
    entry,
    args: [],
    cwd: mine,
    read: [mine],
    writeDir: join(dir, 'tmp'),
    memoryMb: 64,
    timeoutMs: 10_000,
    ...o,
  });
}

/** Code that reports what each attempt did, as JSON. */
const attempt = (label: string, body: string) => `
  try { ${body}; out[${JSON.stringify(label)}] = 'allowed'; } catch (e) { out[${JSON.stringify(label)}] = e.code ?? e.message; }`;

test('it reads its own workspace and writes its temp folder, and nothing else', async () => {
  const code = `
    import fs from 'node:fs';
    import cp from 'node:child_process';
    import { Worker } from 'node:worker_threads';
    const out = {};
    ${attempt('own', `fs.readFileSync(${JSON.stringify(join(mine, 'notes.txt'))})`)}
    ${attempt('temp', `fs.writeFileSync(${JSON.stringify(join(dir, 'tmp', 'x'))}, '1')`)}
    ${attempt('other', `fs.readFileSync(${JSON.stringify(join(theirs, 'bindings.ts'))})`)}
    ${attempt('list', `fs.readdirSync(${JSON.stringify(join(dir, 'users'))})`)}
    ${attempt('write-own', `fs.writeFileSync(${JSON.stringify(join(mine, 'grade.json'))}, '{"score":100}')`)}
    ${attempt('spawn', `cp.execSync('cat ${join(theirs, 'bindings.ts')}')`)}
    ${attempt('worker', `new Worker('1', { eval: true })`)}
    console.log(JSON.stringify(out));
  `;
  const r = await run(code);
  expect(r.killed).toBeNull();
  expect(JSON.parse(r.stdout)).toEqual({
    own: 'allowed',
    temp: 'allowed',
    other: 'ERR_ACCESS_DENIED',
    list: 'ERR_ACCESS_DENIED',
    'write-own': 'ERR_ACCESS_DENIED',
    spawn: 'ERR_ACCESS_DENIED',
    worker: 'ERR_ACCESS_DENIED',
  });
});

test('an endless loop is killed at the time limit', async () => {
  const r = await run('for (;;) {}', { timeoutMs: 1500 });
  expect(r.killed).toBe('time');
  expect(r.signal).toBe('SIGKILL');
});

test('a heap that grows past the cap ends the process', async () => {
  const r = await run('const a = []; for (;;) a.push(new Array(1e5).fill(Math.random()));', {
    memoryMb: 32,
  });
  expect(r.status === 0).toBe(false);
  expect(r.killed === 'memory' || /heap out of memory/i.test(r.stderr)).toBe(true);
});

test('it sees none of the server environment', async () => {
  process.env.EXOLAB_SECRET_FOR_TEST = 'hunter2';
  const r = await run('console.log(JSON.stringify(Object.keys(process.env).sort()))');
  delete process.env.EXOLAB_SECRET_FOR_TEST;
  expect(JSON.parse(r.stdout)).not.toContain('EXOLAB_SECRET_FOR_TEST');
});
