/**
 * `exolab bench server`: how many students one host holds. Starts `exolab serve` as its own
 * process on a fresh data folder, then logs in more and more SSH sessions (steps of N) with a
 * pty, each a student who types a `run` line key by key (5 keys a second), presses Enter, waits
 * for the run to end, and types again, on the `spin` program (a loop that never stops, so every
 * run spends its whole budget). Each step first types for WARM_MS unmeasured (new workers warm
 * up), then measures: keystroke-echo latency (key sent → first byte of screen update back)
 * percentiles, the server's resident memory per session, and the largest N whose p99 echo
 * stays under 100 ms.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ssh2 from 'ssh2';
import { openDb } from '../server/db.ts';
import { ed25519Pair } from '../server/key-pair.ts';
import { addUser, parsePublicKeys } from '../server/roster.ts';
import { spawnServe } from '../server/serve-process.ts';

const LINE = 'run 3000000';
const KEY_MS = 200;
const P99_LIMIT_MS = 100;
/** Typing before each step's measured window, once its new sessions have logged in (ms). */
const WARM_MS = 10_000;

export interface ServerStep {
  sessions: number;
  keys: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  runs: number;
  serverMiB: number;
  perSessionMiB: number;
  /** Cores the server process kept busy during the step (user + system time / wall time). */
  serverCores: number;
  /** Server CPU time per keystroke measured (ms; includes the runs). */
  cpuPerKeyMs: number;
}

export interface ServerBench {
  steps: ServerStep[];
  baselineMiB: number;
  /** Largest N measured with p99 echo under 100 ms (0: none). */
  holds: number;
  cores: number;
  loadAverage: number[];
}

interface Student {
  latencies: number[];
  runs: number;
  stop: () => void;
}

export async function benchServer(
  counts: number[],
  seconds: number,
  log: (line: string) => void,
): Promise<ServerBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exolab-bench-server-'));
  const pair = ed25519Pair();
  const max = Math.max(...counts);
  const db = openDb(dir);
  const keys = parsePublicKeys(pair.public, 'bench');
  for (let i = 0; i < max; i++) addUser(db, `s${i}`, keys);
  db.close();
  const { child, port } = await serve(dir, max);
  const students: Student[] = [];
  const steps: ServerStep[] = [];
  try {
    await sleep(500);
    const baseline = rssMiB(child.pid as number);
    for (const n of counts) {
      while (students.length < n) {
        const batch = Math.min(10, n - students.length);
        const joined = await Promise.all(
          Array.from({ length: batch }, (_, k) =>
            student(port, `s${students.length + k}`, pair.private),
          ),
        );
        students.push(...joined);
      }
      // New sessions' first seconds are slower (each worker's JIT compiles the TUI's code for
      // itself): a class logs in once and types for an hour, so the window measured starts
      // after them.
      await sleep(WARM_MS);
      for (const s of students) {
        s.latencies.length = 0;
        s.runs = 0;
      }
      const cpuBefore = cpuSeconds(child.pid as number);
      const wallBefore = performance.now();
      await sleep(seconds * 1000);
      const cpu = cpuSeconds(child.pid as number) - cpuBefore;
      const wall = (performance.now() - wallBefore) / 1000;
      const all = students.flatMap((s) => s.latencies).sort((a, b) => a - b);
      const rss = rssMiB(child.pid as number);
      const step: ServerStep = {
        sessions: n,
        keys: all.length,
        p50: pct(all, 0.5),
        p95: pct(all, 0.95),
        p99: pct(all, 0.99),
        max: all.at(-1) ?? 0,
        runs: students.reduce((a, s) => a + s.runs, 0),
        serverMiB: rss,
        perSessionMiB: (rss - baseline) / n,
        serverCores: cpu / wall,
        cpuPerKeyMs: all.length > 0 ? (cpu * 1000) / all.length : 0,
      };
      steps.push(step);
      log(formatStep(step));
    }
    const holds = steps
      .filter((s) => s.p99 < P99_LIMIT_MS)
      .reduce((a, s) => Math.max(a, s.sessions), 0);
    return {
      steps,
      baselineMiB: baseline,
      holds,
      cores: os.cpus().length,
      loadAverage: os.loadavg(),
    };
  } finally {
    for (const s of students) s.stop();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function serve(
  dir: string,
  sessions: number,
): Promise<{ child: ChildProcess; port: number }> {
  const { child, listening } = spawnServe(dir, ['--max-sessions', String(sessions + 10)]);
  return { child, port: await listening };
}

/** One student: logs in, loads spin, then types and runs until stopped. */
function student(port: number, user: string, privateKey: string): Promise<Student> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    const me: Student = { latencies: [], runs: 0, stop: () => client.end() };
    client.on('error', reject);
    client.on('ready', () => {
      client.shell({ term: 'xterm-256color', cols: 100, rows: 30 }, (error, channel) => {
        if (error) return reject(error);
        let seen = '';
        let waiting: ((chunk: string) => void) | null = null;
        channel.on('data', (d: Buffer) => {
          const chunk = d.toString();
          seen = (seen + chunk).slice(-4000);
          waiting?.(chunk);
        });
        const until = (re: RegExp) =>
          new Promise<void>((done) => {
            if (re.test(seen)) return done();
            waiting = () => {
              if (re.test(seen)) {
                waiting = null;
                done();
              }
            };
          });
        let stopped = false;
        me.stop = () => {
          stopped = true;
          client.end();
        };
        const loop = async () => {
          await until(/> /);
          seen = '';
          channel.write('load spin examples/spin.s\r');
          await until(/acting as spin/);
          resolve(me);
          while (!stopped) {
            for (const ch of LINE) {
              if (stopped) return;
              const sent = performance.now();
              const echoed = new Promise<void>((done) => {
                waiting = () => {
                  waiting = null;
                  done();
                };
              });
              channel.write(ch);
              await echoed;
              me.latencies.push(performance.now() - sent);
              await sleep(KEY_MS);
            }
            seen = '';
            channel.write('\r');
            await until(/stopped after/);
            me.runs++;
            await sleep(KEY_MS);
          }
        };
        loop().catch(reject);
      });
    });
    client.connect({ host: '127.0.0.1', port, username: user, privateKey, readyTimeout: 60_000 });
  });
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** User plus system CPU seconds of `pid` (/proc/PID/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const HEAD =
  'sessions   keys   p50 ms   p95 ms   p99 ms   max ms   runs   server MiB   MiB/session   cores   CPU ms/key';

function formatStep(s: ServerStep): string {
  const f = (x: number) => x.toFixed(1).padStart(8);
  return `${String(s.sessions).padStart(8)} ${String(s.keys).padStart(6)} ${f(s.p50)} ${f(s.p95)} ${f(s.p99)} ${f(s.max)} ${String(s.runs).padStart(6)} ${s.serverMiB.toFixed(0).padStart(12)} ${s.perSessionMiB.toFixed(1).padStart(13)} ${s.serverCores.toFixed(2).padStart(7)} ${s.cpuPerKeyMs.toFixed(1).padStart(12)}`;
}

export function formatServerBench(r: ServerBench): string {
  return [
    HEAD,
    ...r.steps.map(formatStep),
    '',
    `server alone: ${r.baselineMiB.toFixed(0)} MiB; ${r.cores} cores; load average at the end ${r.loadAverage.map((l) => l.toFixed(1)).join(' ')}`,
    r.holds > 0
      ? `holds ${r.holds} sessions with p99 keystroke echo under ${P99_LIMIT_MS} ms (largest step measured that stays under)`
      : `no step kept p99 keystroke echo under ${P99_LIMIT_MS} ms`,
  ].join('\n');
}

export const SERVER_BENCH_HEAD = HEAD;
