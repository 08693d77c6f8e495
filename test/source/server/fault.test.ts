// The lab server as its own process, killed: kill -9 while a submission is being graded, then
// a restart grades it (nothing acknowledged is lost, the grade reported before the kill is
// still there, the database passes its integrity check); and SIGTERM with a student logged in:
// they are told, their machine is saved, and the next login finds it.

import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawnServe } from '../../../source/server/serve-process.ts';
import {
  addUsers,
  connect,
  exec,
  openShell,
  removeDir,
  type TestUser,
  tempDir,
} from './helpers.ts';

let dir: string;
let alice: TestUser;
const running = new Set<ChildProcess>();

beforeAll(() => {
  dir = tempDir('exolab-serve-fault-');
  [alice] = addUsers(dir, ['alice']);
  mkdirSync(join(dir, 'users', 'alice'), { recursive: true });
  writeFileSync(join(dir, 'users', 'alice', 'bindings.ts'), 'export const answer = 42;\n');
  // Graders: lab 1 takes 20 s under the first one (the kill comes first); the second
  // answers at once.
  // The test's name says whether the grader was given the hidden tests, and which.
  const answer = `console.log(JSON.stringify({ score: 3, max_score: 4, tests: [{ name: 'lab ' + process.argv[3] + ' ' + process.argv.slice(5).join(' '), score: 3, max_score: 4, status: 'failed' }] }));`;
  mkdirSync(join(dir, 'hidden-tests', '2'), { recursive: true });
  writeFileSync(
    join(dir, 'slow.mjs'),
    `if (process.argv[3] === '1') await new Promise((r) => setTimeout(r, 20_000));\n${answer}\n`,
  );
  writeFileSync(join(dir, 'fast.mjs'), `${answer}\n`);
});
afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
  removeDir(dir);
});

/** Starts `exolab serve` on a free port; resolves once it listens. */
async function serve(grader: string): Promise<{ child: ChildProcess; port: number }> {
  const { child, listening } = spawnServe(dir, ['--grader', join(dir, grader)]);
  running.add(child);
  child.on('exit', () => running.delete(child));
  return { child, port: await listening };
}

/** Runs `command` over SSH and resolves as soon as stdout shows `until`. */
async function execUntil(port: number, command: string, until: RegExp): Promise<string> {
  const client = await connect(port, { username: 'alice', privateKey: alice.privateKey });
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let out = '';
      channel.on('data', (d: Buffer) => {
        out += d.toString();
        if (until.test(out)) resolve(out);
      });
      channel.on('close', () => resolve(out));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve),
  );

test('kill -9 during grading loses nothing that was acknowledged', {
  timeout: 60_000,
}, async () => {
  const first = await serve('slow.mjs');
  const reported = await execUntil(first.port, 'submit 2', /official grade: 3\/4/);
  expect(reported).toContain('submission #1 of lab 2 is recorded');
  expect(reported).toContain(`lab 2 --tests ${join(dir, 'hidden-tests', '2')}`);
  const acknowledged = await execUntil(
    first.port,
    'submit 1',
    /submission #2 of lab 1 is recorded/,
  );
  expect(acknowledged).toContain('submission #2');
  first.child.kill('SIGKILL');
  await exited(first.child);

  const db = new Database(join(dir, 'exolab.db'), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.prepare('SELECT id, status FROM submissions ORDER BY id').all()).toEqual([
    { id: 1, status: 'graded' },
    { id: 2, status: 'pending' },
  ]);
  db.close();

  // The restart grades what was pending, on the files as they were submitted.
  const second = await serve('fast.mjs');
  const client = await connect(second.port, { username: 'alice', privateKey: alice.privateKey });
  let grades = '';
  for (let i = 0; i < 100 && !/lab 1 +official/.test(grades); i++) {
    grades = (await exec(client, 'grades')).out;
    await new Promise((r) => setTimeout(r, 100));
  }
  client.end();
  expect(grades).toMatch(/lab 1 {2}official {2}3\/4 {2}#2/);
  expect(grades).toMatch(/lab 2 {2}official {2}3\/4 {2}#1/);
  second.child.kill('SIGTERM');
  expect(await exited(second.child)).toBe(0);
  const after = new Database(join(dir, 'exolab.db'), { readonly: true });
  expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(after.prepare('SELECT submission, score FROM grades ORDER BY submission').all()).toEqual([
    { submission: 1, score: 3 },
    { submission: 2, score: 3 },
  ]);
  after.close();
});

test('SIGTERM tells a logged-in student, saves their machine, and exits cleanly', {
  timeout: 60_000,
}, async () => {
  const first = await serve('fast.mjs');
  const client = await connect(first.port, { username: 'alice', privateKey: alice.privateKey });
  const screen = await openShell(client);
  await screen.waitFor('demo>');
  screen.type('run 5000\r');
  await screen.waitFor('stopped after 5600 cycles');
  first.child.kill('SIGTERM');
  await screen.waitFor('the server is shutting down; your machine is saved');
  await screen.closed;
  expect(await exited(first.child)).toBe(0);
  expect(existsSync(join(dir, 'state', 'alice', 'machine.exosession'))).toBe(true);
  client.end();

  const second = await serve('fast.mjs');
  const again = await connect(second.port, { username: 'alice', privateKey: alice.privateKey });
  const back = await openShell(again);
  await back.waitFor('welcome back, alice');
  expect(back.text()).toContain('cycle 5600');
  again.end();
  second.child.kill('SIGTERM');
  await exited(second.child);
});
