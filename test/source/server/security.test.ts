// What the lab server refuses, each tried for real against a running server: an unregistered
// key, an unknown user, a password brute-force run (locked out, then even the right password
// is refused), SFTP paths with `..` and through symbolic links, another user's files, making
// links, commands other than grade/submit/grades, port forwarding both ways, and a user over
// the session limit.

import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDb } from '../../../source/server/db.ts';
import { hashPassword } from '../../../source/server/passwords.ts';
import { setPasswordHash } from '../../../source/server/roster.ts';
import type { LabServer } from '../../../source/server/server.ts';
import {
  addUsers,
  connect,
  exec,
  makeKey,
  removeDir,
  startTestServer,
  type TestUser,
  tempDir,
} from './helpers.ts';

let dir: string;
let server: LabServer;
let alice: TestUser;
let bob: TestUser;
let client: ssh2.Client;

beforeAll(async () => {
  dir = tempDir('exolab-serve-sec-');
  [alice, bob] = addUsers(dir, ['alice', 'bob']);
  // Failures from 127.0.0.1 must not lock this file's other tests out.
  server = await startTestServer(dir, { limits: { maxFailures: 100 } });
  mkdirSync(join(dir, 'users', 'bob'), { recursive: true });
  writeFileSync(join(dir, 'users', 'bob', 'secret.txt'), 'bob only');
  client = await connect(server.port, { username: 'alice', privateKey: alice.privateKey });
});
afterAll(async () => {
  client.end();
  await server.close();
  removeDir(dir);
});

const sftpOf = (c: ssh2.Client) =>
  new Promise<ssh2.SFTPWrapper>((resolve, reject) =>
    c.sftp((e, s) => (e ? reject(e) : resolve(s))),
  );
const readVia = (s: ssh2.SFTPWrapper, p: string) =>
  new Promise<string>((resolve, reject) =>
    s.readFile(p, (e, b) => (e ? reject(e) : resolve(String(b)))),
  );
const writeVia = (s: ssh2.SFTPWrapper, p: string, text: string) =>
  new Promise<void>((resolve, reject) => s.writeFile(p, text, (e) => (e ? reject(e) : resolve())));

describe('logins', () => {
  test('a key that is not on the roster is refused', async () => {
    const stranger = makeKey(dir, 'stranger');
    await expect(
      connect(server.port, { username: 'alice', privateKey: stranger.privateKey }),
    ).rejects.toThrow(/authentication methods failed/);
  });

  test('a user who is not on the roster is refused, even with a roster key', async () => {
    await expect(
      connect(server.port, { username: 'mallory', privateKey: alice.privateKey }),
    ).rejects.toThrow(/authentication methods failed/);
  });

  test("bob's key does not open alice's account", async () => {
    await expect(
      connect(server.port, { username: 'alice', privateKey: bob.privateKey }),
    ).rejects.toThrow(/authentication methods failed/);
  });
});

describe('sftp stays in the workspace', () => {
  test('`..` cannot climb out: another user is not reachable', async () => {
    const s = await sftpOf(client);
    await writeVia(s, '/mine.txt', 'alice was here');
    expect(readFileSync(join(dir, 'users', 'alice', 'mine.txt'), 'utf8')).toBe('alice was here');
    // Relative to `/`, which is the workspace: bob/secret.txt inside it, which is not there.
    await expect(readVia(s, '../bob/secret.txt')).rejects.toThrow(/^ENOENT$/);
    await expect(readVia(s, '/../../users/bob/secret.txt')).rejects.toThrow(/^ENOENT$/);
    const listed = await new Promise<string[]>((resolve, reject) =>
      s.readdir('/../..', (e, l) => (e ? reject(e) : resolve(l.map((x) => x.filename)))),
    );
    expect(listed).toContain('mine.txt');
    expect(listed).not.toContain('bob');
  });

  test('a symbolic link leading out (even a dangling one) is not followed', async () => {
    const home = join(dir, 'users', 'alice');
    symlinkSync(join(dir, 'users', 'bob'), join(home, 'to-bob'));
    symlinkSync(join(dir, 'users', 'bob', 'planted.txt'), join(home, 'dangling'));
    const s = await sftpOf(client);
    await expect(readVia(s, '/to-bob/secret.txt')).rejects.toThrow(
      /outside your workspace|Permission denied/,
    );
    await expect(writeVia(s, '/dangling', 'x')).rejects.toThrow(
      /outside your workspace|Permission denied/,
    );
    expect(() => readFileSync(join(dir, 'users', 'bob', 'planted.txt'))).toThrow();
  });

  test('making a symbolic link is refused', async () => {
    const s = await sftpOf(client);
    await expect(
      new Promise<void>((resolve, reject) =>
        s.symlink('/etc/passwd', '/passwd', (e) => (e ? reject(e) : resolve())),
      ),
    ).rejects.toThrow(/not allowed|Permission denied/);
  });
});

describe('no shell commands, no forwarding', () => {
  test('a command other than grade, submit or grades is refused and names those', async () => {
    const r = await exec(client, 'cat /etc/passwd');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(
      '`cat /etc/passwd` is not allowed here; commands: grade N, submit N, grades',
    );
    const sneaky = await exec(client, 'grades; cat /etc/passwd');
    expect(sneaky.code).toBe(1);
  });

  test('grades lists what is recorded (nothing yet)', async () => {
    const r = await exec(client, 'grades');
    expect(r).toMatchObject({ code: 0, out: 'no grades recorded yet\n' });
  });

  test('local and remote port forwarding are refused', async () => {
    await expect(
      new Promise<void>((resolve, reject) =>
        client.forwardOut('127.0.0.1', 1234, '127.0.0.1', server.port, (e) =>
          e ? reject(e) : resolve(),
        ),
      ),
    ).rejects.toThrow();
    await expect(
      new Promise<void>((resolve, reject) =>
        client.forwardIn('127.0.0.1', 0, (e) => (e ? reject(e) : resolve())),
      ),
    ).rejects.toThrow();
  });
});

describe('with tight limits', () => {
  let tight: LabServer;
  let tightDir: string;
  let carol: TestUser;

  beforeAll(async () => {
    tightDir = tempDir('exolab-serve-limits-');
    [carol] = addUsers(tightDir, ['carol']);
    const db = openDb(tightDir);
    setPasswordHash(db, 'carol', hashPassword('correct horse battery'));
    db.close();
    tight = await startTestServer(tightDir, { limits: { maxFailures: 3, maxSessionsPerUser: 1 } });
  });
  afterAll(async () => {
    await tight.close();
    removeDir(tightDir);
  });

  test('one session per user: a second is told why and refused', async () => {
    const first = await connect(tight.port, { username: 'carol', privateKey: carol.privateKey });
    const second = await connect(tight.port, { username: 'carol', privateKey: carol.privateKey });
    const r = await exec(second, 'grades');
    expect(r.code).toBe(1);
    expect(r.err).toContain('you have 1 sessions open already');
    expect((await exec(first, 'grades')).code).toBe(0);
    first.end();
    second.end();
  });

  test('the right password works; a brute-force run locks the address out, right password too', async () => {
    const ok = await connect(tight.port, { username: 'carol', password: 'correct horse battery' });
    ok.end();
    for (const guess of ['password', '123456', 'letmein']) {
      await expect(connect(tight.port, { username: 'carol', password: guess })).rejects.toThrow(
        /authentication methods failed/,
      );
    }
    await expect(
      connect(tight.port, { username: 'carol', password: 'correct horse battery' }),
    ).rejects.toThrow(/authentication methods failed/);
    await expect(
      connect(tight.port, { username: 'carol', privateKey: carol.privateKey }),
    ).rejects.toThrow(/authentication methods failed/);
    const log = readFileSync(join(tightDir, 'server.log'), 'utf8');
    expect(log).toContain('"event":"address-locked"');
    expect(log).toContain('"why":"address locked out"');
  });
});
