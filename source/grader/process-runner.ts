/**
 * The grading worker's bundle run as a child `node` process under Node's permission model
 * instead of a worker thread (the lab server grades this way; `exolab grade --sandbox`): it may
 * read only the bundle, the transpiled student files, the student's folder and the lab, write
 * only a temp folder of its own (removed after), and start no process and no worker. Its heap
 * is capped by the lab's memoryMb (resident memory is watched too, where /proc is readable),
 * and the same per-test watchdog as a worker's stops a test that never ends. Its messages are
 * the worker's, as JSON lines on MESSAGE_FD; student output on stdout is discarded.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MESSAGE_FD, type WorkerInput, type WorkerMessage } from './protocol.ts';
import type { Ended } from './runner.ts';
import { TestWatchdog } from './test-watchdog.ts';

/** The permission flag of this Node (`--permission` from Node 22, experimental before). */
const PERMISSION = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission';

/** Runs the bundle `file` once with `input`, like runner.ts's runWorker. */
export function runProcess(
  file: string,
  input: WorkerInput,
  limits: { wallSeconds: number; memoryMb: number },
  read: string[],
  signal: AbortSignal | undefined,
  onMessage: (m: WorkerMessage) => void,
): Promise<Ended> {
  return new Promise((resolve) => {
    const writeDir = mkdtempSync(join(tmpdir(), 'exolab-run-'));
    const { label: _shared, ...plain } = input;
    const child = spawn(
      process.execPath,
      [
        PERMISSION,
        ...[file, ...read, writeDir].map((p) => `--allow-fs-read=${p}`),
        `--allow-fs-write=${writeDir}`,
        `--max-old-space-size=${limits.memoryMb}`,
        '--no-warnings',
        file,
        JSON.stringify(plain),
      ],
      {
        cwd: writeDir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: writeDir, TMPDIR: writeDir },
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      },
    );
    let label = '';
    let settled = false;
    const watchdog = new TestWatchdog(
      limits.wallSeconds,
      () => label,
      (ended) => finish(ended),
    );
    let stderr = '';
    let pending = '';
    const cancel = () => finish({ kind: 'cancelled' });
    const finish = (ended: Ended) => {
      if (settled) return;
      settled = true;
      watchdog.stop();
      clearInterval(watch);
      signal?.removeEventListener('abort', cancel);
      child.kill('SIGKILL');
      rmSync(writeDir, { recursive: true, force: true });
      resolve(ended);
    };
    const who = () => (label ? `your ${label}` : 'the test');
    signal?.addEventListener('abort', cancel);
    const outOfMemory = () =>
      finish({
        kind: 'crashed',
        running: watchdog.running,
        reason: `${who()} ran out of memory (more than ${limits.memoryMb} MB): does it keep allocating?`,
      });
    // The heap cap does not bound Buffers and typed arrays; resident memory does.
    const watch = setInterval(() => {
      if (child.pid !== undefined && residentKb(child.pid) > (limits.memoryMb + 128) * 1024)
        outOfMemory();
    }, 100);
    const handle = (m: WorkerMessage) => {
      if (m.type === 'label') {
        label = m.label;
        return;
      }
      watchdog.track(m);
      onMessage(m);
      if (m.type === 'done') finish({ kind: 'done' });
    };
    child.stdio[MESSAGE_FD]?.on('data', (d: Buffer) => {
      pending += d.toString('utf8');
      for (let nl = pending.indexOf('\n'); nl >= 0 && !settled; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        try {
          handle(JSON.parse(line) as WorkerMessage);
        } catch {
          finish({
            kind: 'crashed',
            running: watchdog.running,
            reason: `${who()} garbled the grader's messages`,
          });
        }
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    child.on('error', (error) =>
      finish({
        kind: 'crashed',
        running: watchdog.running,
        reason: `the grading process: ${error.message}`,
      }),
    );
    child.on('close', (code, sig) => {
      if (/heap out of memory/i.test(stderr)) return outOfMemory();
      finish({
        kind: 'crashed',
        running: watchdog.running,
        reason: `${who()} ended the grader's process (${code === null ? `signal ${sig}` : `exit status ${code}`}): do not call process.exit`,
      });
    });
    watchdog.arm();
    if (signal?.aborted) finish({ kind: 'cancelled' });
  });
}

/** VmRSS of `pid` in KiB (0 when unknown, e.g. /proc is not readable under a permission model). */
function residentKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
