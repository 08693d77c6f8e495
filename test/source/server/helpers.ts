/**
 * The lab server started for real in a test: a fresh data folder, users with generated
 * Ed25519 keys (also written as files for OpenSSH's client), an ssh2 client to log in with,
 * and a terminal (@xterm/headless) that shows what a student would see.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Terminal } from '@xterm/headless';
import ssh2, { type ClientChannel, type ConnectConfig } from 'ssh2';
import { openDb } from '../../../source/server/db.ts';
import type { GraderSpec } from '../../../source/server/grading.ts';
import { ed25519Pair } from '../../../source/server/key-pair.ts';
import type { ServerLimits } from '../../../source/server/limits.ts';
import { addUser, parsePublicKeys } from '../../../source/server/roster.ts';
import { type LabServer, startLabServer } from '../../../source/server/server.ts';

export interface TestUser {
  name: string;
  privateKey: string;
  /** The private key as a file (mode 0600), for `ssh -i`. */
  keyFile: string;
  publicKey: string;
}

export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function makeKey(dir: string, name: string): Omit<TestUser, 'name'> {
  const pair = ed25519Pair();
  const keyFile = join(dir, `${name}.key`);
  writeFileSync(keyFile, pair.private, { mode: 0o600 });
  writeFileSync(`${keyFile}.pub`, `${pair.public}\n`);
  return { privateKey: pair.private, keyFile, publicKey: pair.public };
}

/** Adds `names` to the roster of the data folder `dir`, each with a new key. */
export function addUsers(dir: string, names: string[]): TestUser[] {
  const db = openDb(dir);
  const users = names.map((name) => {
    const key = makeKey(dir, name);
    addUser(db, name, parsePublicKeys(key.publicKey, name));
    return { name, ...key };
  });
  db.close();
  return users;
}

export async function startTestServer(
  dir: string,
  o: { limits?: Partial<ServerLimits>; grader?: GraderSpec | { unavailable: string } } = {},
): Promise<LabServer> {
  return startLabServer({
    dir,
    port: 0,
    host: '127.0.0.1',
    limits: o.limits,
    grader: o.grader ?? { unavailable: 'not in this test' },
  });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Connects; resolves with the client once logged in, rejects with the error otherwise. */
export function connect(port: number, config: Partial<ConnectConfig>): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('ready', () => resolve(client));
    client.on('error', reject);
    client.connect({ host: '127.0.0.1', port, readyTimeout: 10_000, ...config });
  });
}

/** Runs `command`; resolves with its output and exit status. */
export function exec(
  client: ssh2.Client,
  command: string,
): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let out = '';
      let err = '';
      let code: number | null = null;
      channel.on('data', (d: Buffer) => {
        out += d.toString();
      });
      channel.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      channel.on('exit', (c: number | null) => {
        code = c;
      });
      channel.on('close', () => resolve({ out, err, code }));
    });
  });
}

/** An interactive session with a pty, its output drawn in a headless terminal. */
export interface Screen {
  channel: ClientChannel;
  term: Terminal;
  /** The terminal's rows as text. */
  text(): string;
  /** Waits until the screen shows `what` (or fails after `ms`). */
  waitFor(what: string | RegExp, ms?: number): Promise<void>;
  type(keys: string): void;
  resize(columns: number, rows: number): void;
  closed: Promise<void>;
}

export function openShell(client: ssh2.Client, columns = 100, rows = 30): Promise<Screen> {
  return new Promise((resolve, reject) => {
    client.shell({ term: 'xterm-256color', cols: columns, rows }, (error, channel) => {
      if (error) return reject(error);
      const term = new Terminal({ cols: columns, rows, allowProposedApi: true });
      channel.on('data', (d: Buffer) => term.write(d));
      const closed = new Promise<void>((r) => channel.on('close', () => r()));
      const text = () => {
        const lines: string[] = [];
        const buffer = term.buffer.active;
        for (let i = 0; i < term.rows; i++)
          lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
        return lines.join('\n');
      };
      const waitFor = async (what: string | RegExp, ms = 15_000) => {
        const until = Date.now() + ms;
        for (;;) {
          // Let pending writes reach the buffer first.
          await new Promise<void>((r) => term.write('', r));
          const t = text();
          if (typeof what === 'string' ? t.includes(what) : what.test(t)) return;
          if (Date.now() > until) throw new Error(`screen never showed ${what}; it shows:\n${t}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      resolve({
        channel,
        term,
        text,
        waitFor,
        type: (keys) => channel.write(keys),
        resize: (c, r) => {
          term.resize(c, r);
          channel.setWindow(r, c, 0, 0);
        },
        closed,
      });
    });
  });
}

/** Arguments for OpenSSH's client that make it non-interactive and forgetful. */
export function sshOptions(port: number, keyFile: string): string[] {
  return [
    '-p',
    String(port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
    '-o',
    'IdentitiesOnly=yes',
    '-i',
    keyFile,
  ];
}
