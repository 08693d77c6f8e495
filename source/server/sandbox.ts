/**
 * Running untrusted code (a student's lab, through the grader) in a child process under Node's
 * permission model: it may read only the folders it is given, write only its temp folder, and
 * start no child processes and no workers (none are allowed). Its V8 heap is capped, its
 * resident memory is watched (buffers live outside the heap) and it is killed at the time
 * limit. The environment is emptied but for PATH, so no secrets of the server reach it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface SandboxRun {
  /** A plain JavaScript file (no loader hooks are possible under the permission model). */
  entry: string;
  args: string[];
  cwd: string;
  /** Folders (or files) it may read; the entry is added. */
  read: string[];
  /** The one folder it may write (and read; its TMPDIR and HOME). */
  writeDir: string;
  memoryMb: number;
  timeoutMs: number;
  env?: Record<string, string>;
  /**
   * Permissions beyond files, only for a grader whose own code needs them (exolab's grader:
   * `--allow-worker`, `--allow-child-process` for tsx, esbuild and its type-check worker; it
   * runs the student's code in a further child without them); empty for student code run directly.
   */
  allow?: string[];
  /** Aborting kills the process (a server shutting down). */
  signal?: AbortSignal;
}

export interface SandboxResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why it was stopped, if it was. */
  killed: 'time' | 'memory' | 'aborted' | null;
}

/** Output kept from each stream (more is dropped). */
const MAX_OUTPUT = 1 << 20;

/** The permission flag of this Node (`--permission` from Node 22, experimental before). */
const PERMISSION = process.allowedNodeEnvironmentFlags.has('--permission')
  ? '--permission'
  : '--experimental-permission';

export function sandboxArgs(run: SandboxRun): string[] {
  return [
    PERMISSION,
    ...[...run.read, run.entry, run.writeDir].map((p) => `--allow-fs-read=${p}`),
    `--allow-fs-write=${run.writeDir}`,
    ...(run.allow ?? []),
    `--max-old-space-size=${run.memoryMb}`,
    '--no-warnings',
    run.entry,
    ...run.args,
  ];
}

export function runSandboxed(run: SandboxRun): Promise<SandboxResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, sandboxArgs(run), {
      cwd: run.cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: run.writeDir,
        TMPDIR: run.writeDir,
        CI: 'true',
        NO_COLOR: '1',
        ...run.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed: SandboxResult['killed'] = null;
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
    });
    const stop = (why: NonNullable<SandboxResult['killed']>) => {
      killed ??= why;
      child.kill('SIGKILL');
    };
    run.signal?.addEventListener('abort', () => stop('aborted'));
    const timer = setTimeout(() => stop('time'), run.timeoutMs);
    // The heap cap does not bound Buffers and typed arrays; resident memory does.
    const rssCap = (run.memoryMb + 128) * 1024;
    const watch = setInterval(() => {
      if (child.pid !== undefined && residentKb(child.pid) > rssCap) stop('memory');
    }, 100);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve({ status, signal, stdout, stderr, killed });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve({ status: null, signal: null, stdout, stderr: error.message, killed });
    });
  });
}

/** VmRSS of `pid` in KiB (0 when unknown). */
function residentKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
