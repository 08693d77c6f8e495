/**
 * The lab server (DESIGN.md section 7): an SSH server (ssh2) that gives each user on the roster
 * the full-screen shell on their own machine (shell.ts, one worker each), SFTP into their own
 * workspace (sftp.ts) and `grade`/`submit`/`grades` without a terminal (exec.ts). Everything
 * else a client may ask for — other commands, port forwarding either way, agent or X11
 * forwarding, environment variables — is refused. Limits: a login grace time, failed logins
 * per address, sessions per user and in all, idle sessions. close() is the graceful shutdown:
 * no new connections, every session told and saved, gradings under way finished or left
 * pending for the next start.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import ssh2, { type Connection, type ServerChannel, type Session } from 'ssh2';
import { authenticate } from './auth.ts';
import { bundle } from './bundle.ts';
import { type Db, now, openDb } from './db.ts';
import { parseExec, runExec } from './exec.ts';
import { type GraderSpec, GradingService } from './grading.ts';
import { loadOrCreateHostKey } from './host-key.ts';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.ts';
import { type Logger, openLog } from './log.ts';
import { LoginLimiter } from './rate-limit.ts';
import { serveSftp } from './sftp.ts';
import { type Shell, startShell } from './shell.ts';
import { ensureUserFolders } from './workspace.ts';

export interface ServerConfig {
  /** The data folder: database, host key, workspaces, log. */
  dir: string;
  port: number;
  host?: string;
  limits?: Partial<ServerLimits>;
  grader: GraderSpec | { unavailable: string };
  /** Gradings at once (default 1: the machine's other core serves the sessions). */
  gradeConcurrency?: number;
  /** Also write the log to stderr. */
  echoLog?: boolean;
}

export interface LabServer {
  port: number;
  hostKeyFingerprint: string;
  db: Db;
  log: Logger;
  /** Sessions open now, by user. */
  sessions(): Map<string, number>;
  /** Graceful shutdown; `message` is shown to every interactive session. */
  close(message?: string): Promise<void>;
}

const SHUTDOWN_MESSAGE =
  'exolab: the server is shutting down; your machine is saved. Log in again in a minute.';

export async function startLabServer(config: ServerConfig): Promise<LabServer> {
  const limits = { ...DEFAULT_LIMITS, ...config.limits };
  const db = openDb(config.dir);
  const log = openLog(`${config.dir}/server.log`, config.echoLog);
  const hostKey = loadOrCreateHostKey(config.dir);
  const workerFile = await bundle('source/server/tui-worker.ts', 'tui-worker');
  const limiter = new LoginLimiter(limits);
  const grading = new GradingService({
    db,
    dir: config.dir,
    limits,
    log,
    grader: config.grader,
    concurrency: config.gradeConcurrency ?? 1,
  });
  const perUser = new Map<string, number>();
  const shells = new Set<Shell>();
  const connections = new Set<Connection>();
  let closing = false;

  const server = new ssh2.Server({ hostKeys: [hostKey.pem], ident: 'exolab' }, (client, info) => {
    const address = info.ip;
    connections.add(client);
    let user: string | null = null;
    let sessionId = 0;
    let overLimit: string | null = null;
    const grace = setTimeout(() => {
      log.log('login-timeout', { address });
      client.end();
    }, limits.loginGraceMs);

    client.on('authentication', (ctx) => {
      if (closing) return ctx.reject();
      void authenticate(ctx, address, { db, limiter, log }, (name) => {
        user = name;
      });
    });
    client.on('ready', () => {
      clearTimeout(grace);
      const name = user as string;
      const mine = perUser.get(name) ?? 0;
      const total = [...perUser.values()].reduce((a, b) => a + b, 0);
      if (mine >= limits.maxSessionsPerUser)
        overLimit = `you have ${mine} sessions open already (the most allowed); close one and try again`;
      else if (total >= limits.maxSessions)
        overLimit = 'the server is full right now; try again in a few minutes';
      if (overLimit !== null) {
        log.log('session-refused', { user: name, address, why: overLimit });
      } else {
        perUser.set(name, mine + 1);
        sessionId = Number(
          db
            .prepare('INSERT INTO sessions (user, address, kind, started_at) VALUES (?, ?, ?, ?)')
            .run(name, address, 'ssh', now()).lastInsertRowid,
        );
        log.log('login', { user: name, address, session: sessionId });
      }
      client.on('session', (accept) => onSession(accept(), name, overLimit));
      // Port forwarding, both ways, and Unix-socket forwarding.
      client.on('tcpip', (_a, reject, i) => {
        log.log('refused', { user: name, what: `forward to ${i.destIP}:${i.destPort}` });
        reject();
      });
      client.on('openssh.streamlocal', (_a, reject) => reject());
      client.on('request', (_a, reject, what) => {
        log.log('refused', { user: name, what });
        reject?.();
      });
    });
    client.on('close', () => {
      clearTimeout(grace);
      connections.delete(client);
      if (user !== null && sessionId !== 0 && db.open) {
        perUser.set(user, (perUser.get(user) ?? 1) - 1);
        if (perUser.get(user) === 0) perUser.delete(user);
        db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ?').run(now(), sessionId);
        log.log('logout', { user, address, session: sessionId });
      }
    });
    client.on('error', (error) => log.log('connection-error', { address, error: error.message }));
  });

  function onSession(session: Session, user: string, overLimit: string | null): void {
    const paths = ensureUserFolders(config.dir, user);
    const workspace = fs.realpathSync(paths.workspace);
    let pty: { cols: number; rows: number; term: string } | null = null;
    let shell: Shell | null = null;
    let used = false;
    const refuse = (channel: ServerChannel, line: string) => {
      channel.stderr.write(`exolab: ${line}\r\n`);
      channel.exit(1);
      channel.end();
    };
    session.on('pty', (accept, _reject, i) => {
      pty = { cols: i.cols || 80, rows: i.rows || 24, term: i.term ?? 'xterm' };
      accept?.();
    });
    session.on('window-change', (accept, _reject, i) => {
      if (pty) pty = { ...pty, cols: i.cols, rows: i.rows };
      shell?.resize(i.cols, i.rows);
      accept?.();
    });
    session.on('env', (_a, reject) => reject?.());
    session.on('auth-agent', (_a, reject) => {
      log.log('refused', { user, what: 'agent forwarding' });
      reject?.();
    });
    session.on('x11', (_a, reject) => reject?.());
    session.on('signal', (accept) => accept?.());
    session.on('shell', (accept) => {
      const channel = accept();
      if (used || overLimit !== null || closing)
        return refuse(
          channel,
          overLimit ?? (closing ? 'the server is shutting down' : 'one shell per connection'),
        );
      used = true;
      if (pty === null) {
        return refuse(
          channel,
          'the exolab shell needs a terminal: use `ssh -t HOST` (or plain `ssh HOST` from a terminal); without one, `ssh HOST grade N` and `ssh HOST submit N` work',
        );
      }
      const s = startShell({
        channel,
        user,
        paths: { ...paths, workspace },
        columns: pty.cols,
        rows: pty.rows,
        term: pty.term,
        workerFile,
        heapMb: limits.sessionHeapMb,
        idleMs: limits.idleMs,
        onEnd: (reason) => {
          shells.delete(s);
          log.log('shell-end', { user, reason });
        },
      });
      shells.add(s);
      shell = s;
      log.log('shell', { user, columns: pty.cols, rows: pty.rows });
    });
    session.on('exec', (accept, _reject, i) => {
      const channel = accept();
      if (overLimit !== null || closing)
        return refuse(channel, overLimit ?? 'the server is shutting down');
      const request = parseExec(i.command);
      log.log('exec', { user, command: i.command.slice(0, 200), allowed: !('error' in request) });
      if ('error' in request) return refuse(channel, request.error);
      void runExec(channel, request, { db, grading, user, workspace });
    });
    session.on('subsystem', (_a, reject) => reject?.());
    session.on('sftp', (accept, reject) => {
      if (overLimit !== null) return reject?.();
      log.log('sftp', { user });
      serveSftp(accept(), workspace, (what) => log.log('sftp-refused', { user, what }));
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.log('start', { port, hostKey: hostKey.fingerprint, created: hostKey.created });
  const resumed = grading.resumePending();
  if (resumed > 0) log.log('grade-resume-count', { submissions: resumed });

  return {
    port,
    hostKeyFingerprint: hostKey.fingerprint,
    db,
    log,
    sessions: () => new Map(perUser),
    async close(message = SHUTDOWN_MESSAGE) {
      if (closing) return;
      closing = true;
      log.log('stopping', { shells: shells.size });
      server.close();
      await Promise.all([...shells].map((s) => s.close(message, 'shutdown')));
      await grading.stop();
      // Each connection's close event still writes to the database: wait for them (briefly).
      const gone = [...connections].map(
        (c) => new Promise<void>((resolve) => c.once('close', () => resolve())),
      );
      for (const c of connections) c.end();
      await Promise.race([Promise.all(gone), new Promise((resolve) => setTimeout(resolve, 2000))]);
      log.log('stopped', {});
      log.close();
      db.close();
    },
  };
}
