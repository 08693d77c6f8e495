// The instructor's commands, run as `exolab …` in a subprocess: roster add/list/password/remove
// with their one-line errors, grades export as CSV, and serve's usage errors.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDb } from '../../../source/server/db.ts';
import { createSubmission, recordGrade } from '../../../source/server/records.ts';
import { exolabWorkspace } from '../run-exolab.ts';
import { makeKey } from './helpers.ts';

const { dir, exolab } = exolabWorkspace('exolab-server-cli-');
const data = join(dir, 'data');

test('roster add, list, password and remove; bad input gets one line and loses nothing', () => {
  const key = makeKey(dir, 'alice');
  writeFileSync(join(dir, 'bad.pub'), 'ssh-ed25519 not-base64\n');
  const bad = exolab(['roster', 'add', 'alice', 'bad.pub', '--data', data]);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(
    /^exolab: bad\.pub:1: not an SSH public key .*expected `ssh-ed25519 AAAA… comment`\n$/,
  );

  expect(exolab(['roster', 'add', 'alice', `${key.keyFile}.pub`, '--data', data]).stdout).toBe(
    'alice: 1 key(s) added\n',
  );
  expect(exolab(['roster', 'password', 'alice', '--data', data], 'short\n').stderr).toContain(
    'at least 8 characters',
  );
  expect(exolab(['roster', 'password', 'alice', '--data', data], 'correct horse\n').stdout).toBe(
    'alice: password set\n',
  );
  expect(exolab(['roster', 'list', '--data', data]).stdout).toBe('alice  1 key(s)  password\n');
  const db = openDb(data);
  expect((db.prepare('SELECT password FROM users').get() as { password: string }).password).toMatch(
    /^scrypt\$16384\$8\$1\$/,
  );
  db.close();
  expect(exolab(['roster', 'remove', 'alice', '--data', data]).status).toBe(0);
  expect(exolab(['roster', 'list', '--data', data, '--json']).stdout).toBe('[]\n');
});

test('grades export --csv gives the latest official grade per user and lab', () => {
  const db = openDb(data);
  const ws = join(dir, 'ws');
  mkdirSync(ws);
  const results = { tests: [] };
  for (const [lab, kind, score] of [
    [1, 'submit', 10],
    [1, 'submit', 20],
    [1, 'grade', 27],
    [2, 'submit', 5],
  ] as const) {
    writeFileSync(join(ws, 'x.ts'), String(score));
    const s = createSubmission(db, {
      user: 'bob',
      lab,
      kind,
      workspace: ws,
      into: join(data, 'submissions'),
      maxBytes: 1 << 20,
    });
    recordGrade(db, s, { score, maxScore: 27, results });
  }
  db.close();
  const out = exolab(['grades', 'export', '--data', data, '--csv']);
  expect(out.status).toBe(0);
  const lines = out.stdout.trim().split('\n');
  expect(lines[0]).toBe('user,lab,score,max_score,submission,graded_at');
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual([
    'bob,1,20,27,2',
    'bob,2,5,27,4',
  ]);
});

test('serve without --data says what is missing', () => {
  const r = exolab(['serve', '--port', '2222']);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe(
    'exolab: `exolab serve` needs `--data DIR`; usage: exolab serve --data DIR [--port P] [--host ADDR] [--roster FILE] [--idle-minutes M] [--max-sessions N] [--grader FILE]\n',
  );
});
