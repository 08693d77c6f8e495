// The lab server with Debian's own OpenSSH client, as a student would use it: key login, an
// upload with `sftp`, and `ssh host grade 1` running exolab's real grader on the uploaded lab
// (the starter scores less than full marks: exit status 1 and the score line).

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { exolabGrader } from '../../../source/server/grader-spec.ts';
import type { LabServer } from '../../../source/server/server.ts';
import { BIN } from '../run-exolab.ts';
import {
  addUsers,
  removeDir,
  sshOptions,
  startTestServer,
  type TestUser,
  tempDir,
} from './helpers.ts';

const haveSsh =
  spawnSync('ssh', ['-V']).status === 0 && spawnSync('sftp', ['-h']).error === undefined;

let dir: string;
let local: string;
let server: LabServer;
let alice: TestUser;

beforeAll(async () => {
  dir = tempDir('exolab-serve-openssh-');
  local = tempDir('exolab-student-');
  [alice] = addUsers(dir, ['alice']);
  server = await startTestServer(dir, { grader: exolabGrader() });
});
afterAll(async () => {
  await server.close();
  removeDir(dir);
  removeDir(local);
});

const ssh = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    // Asynchronous: the server runs in this process and must keep answering.
    import('node:child_process').then(({ execFile }) => {
      execFile(
        'ssh',
        [...sshOptions(server.port, alice.keyFile), 'alice@127.0.0.1', ...args],
        { timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  });

test.skipIf(!haveSsh)(
  'ssh with a key, sftp an upload, then grade it on the server',
  { timeout: 90_000 },
  async () => {
    const hello = await ssh('grades');
    expect(hello).toMatchObject({ status: 0, stdout: 'no grades recorded yet\n' });

    // The student's lab, started on their laptop, then uploaded.
    const start = spawnSync(process.execPath, [BIN, 'lab', 'start', '1'], {
      cwd: local,
      encoding: 'utf8',
    });
    expect(start.status).toBe(0);
    const batch = join(local, 'batch');
    writeFileSync(batch, 'put -r 01-secure-bindings\nls 01-secure-bindings\n');
    const sftp = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      import('node:child_process').then(({ execFile }) => {
        const args = [
          '-b',
          batch,
          ...sshOptions(server.port, alice.keyFile).map((a) => (a === '-p' ? '-P' : a)),
          'alice@127.0.0.1',
        ];
        execFile('sftp', args, { cwd: local, timeout: 30_000 }, (error, stdout) =>
          resolve({ status: error ? 1 : 0, stdout }),
        );
      });
    });
    expect(sftp.status).toBe(0);
    const uploaded = join(dir, 'users', 'alice', '01-secure-bindings', 'bindings.ts');
    expect(existsSync(uploaded)).toBe(true);
    expect(readFileSync(uploaded, 'utf8')).toBe(
      readFileSync(join(local, '01-secure-bindings', 'bindings.ts'), 'utf8'),
    );

    const graded = await ssh('grade', '1');
    expect(graded.stdout).toMatch(/practice grade \(visible tests only\): \d+\/\d+/);
    const [, score, max] =
      /: (\d+)\/(\d+)/.exec(graded.stdout.trim().split('\n').pop() ?? '') ?? [];
    expect(Number(score)).toBeLessThan(Number(max));
    expect(graded.status).toBe(1);
    const row = server.db.prepare('SELECT score, max_score, official FROM grades').get();
    expect(row).toEqual({ score: Number(score), max_score: Number(max), official: 0 });
  },
);
