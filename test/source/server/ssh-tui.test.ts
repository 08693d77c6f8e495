// The full-screen shell over SSH, end to end: an ssh2 client with a pty, its output drawn by
// @xterm/headless, logs in to a real server, types commands and reads the screen, resizes,
// leaves, and logs in again to find the same machine (cycle count and commands).

import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LabServer } from '../../../source/server/server.ts';
import {
  addUsers,
  connect,
  openShell,
  removeDir,
  startTestServer,
  type TestUser,
  tempDir,
} from './helpers.ts';

let dir: string;
let server: LabServer;
let alice: TestUser;

beforeAll(async () => {
  dir = tempDir('exolab-serve-tui-');
  [alice] = addUsers(dir, ['alice']);
  server = await startTestServer(dir);
});
afterAll(async () => {
  await server.close();
  removeDir(dir);
});

test('a session runs the TUI, follows a resize, and a second login finds the machine as left', async () => {
  const first = await connect(server.port, { username: 'alice', privateKey: alice.privateKey });
  const screen = await openShell(first);
  await screen.waitFor('demo>');
  expect(screen.text()).toContain('Welcome to exolab');
  screen.type('run 5000\r');
  await screen.waitFor('stopped after 5600 cycles');
  screen.type('envs\r');
  await screen.waitFor(/1\s+demo\s+running/);
  // The status bar shows the new size for a moment after a resize.
  screen.resize(80, 24);
  await screen.waitFor('80×24');
  expect(screen.text().split('\n')[21]).toMatch(/^demo>/);
  screen.type('quit\r');
  await screen.closed;
  first.end();

  const again = await connect(server.port, { username: 'alice', privateKey: alice.privateKey });
  const back = await openShell(again, 120, 40);
  await back.waitFor('welcome back, alice');
  expect(back.text()).toContain('cycle 5600');
  expect(back.text()).toMatch(/^ {2}run 5000\s/m);
  expect(back.text()).toMatch(/5600 cycles/);
  back.type('run 2000\r');
  await back.waitFor('8170 cycles');
  // Dropping the connection (no quit) saves too.
  again.end();
  await back.closed;

  const third = await connect(server.port, { username: 'alice', privateKey: alice.privateKey });
  const last = await openShell(third);
  await last.waitFor('welcome back, alice');
  expect(last.text()).toContain('cycle 8170');
  third.end();
});

test('a session without a terminal is told to ask for one', async () => {
  const client = await connect(server.port, { username: 'alice', privateKey: alice.privateKey });
  const said = await new Promise<string>((resolve, reject) => {
    client.shell(false, (error, channel) => {
      if (error) return reject(error);
      let text = '';
      // Reading stdout too: a channel whose stdout is never read never closes.
      channel.resume();
      channel.stderr.on('data', (d: Buffer) => {
        text += d.toString();
      });
      channel.on('close', () => resolve(text));
    });
  });
  client.end();
  expect(said).toContain('the exolab shell needs a terminal');
  expect(said).toContain('ssh -t');
});
