/**
 * The session's end of `exolab dashboard --attach`: samples the session's kernel while it runs
 * and serves the samples on a Unix socket (protocol.ts) to any number of dashboards. The socket
 * lives in a folder only this user can enter, named after the process, and goes away with the
 * session. Sampling polls (a few times a second, only while something changes): the session's
 * run loop stays as it is, and the points fall between its slices.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Exokernel } from '../../kernel/exo/kernel.ts';
import { encode } from './protocol.ts';
import { Sampler } from './sampler.ts';
import { SampleSeries } from './series.ts';

/** How often the kernel is looked at (ms of host time; the samples are in emulated time). */
export const POLL_MS = 150;

/** The folder holding the sockets of this user's sessions. */
export function socketFolder(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(os.tmpdir(), `exolab-${uid}`);
}

export class MetricsFeed {
  private readonly sampler: Sampler;
  private readonly series = new SampleSeries(2000);
  private readonly clients = new Set<net.Socket>();
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    readonly socketPath: string,
    private readonly server: net.Server,
    kernelNow: () => Exokernel,
    private readonly name: string,
  ) {
    this.sampler = new Sampler(kernelNow);
  }

  /** Starts sampling and listening at `socketPath` (default: this process's in socketFolder()). */
  static async open(
    kernelNow: () => Exokernel,
    name: string,
    socketPath = path.join(socketFolder(), `session-${process.pid}.sock`),
  ): Promise<MetricsFeed> {
    fs.mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
    fs.rmSync(socketPath, { force: true }); // left by a session that crashed
    const server = net.createServer();
    const feed = new MetricsFeed(socketPath, server, kernelNow, name);
    server.on('connection', (socket) => feed.welcome(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    server.unref();
    feed.poll();
    feed.timer = setInterval(() => feed.poll(), POLL_MS);
    feed.timer.unref();
    process.once('exit', feed.removeSocket);
    return feed;
  }

  /** The command that attaches a dashboard to this session. */
  get attachCommand(): string {
    return `exolab dashboard --attach ${this.socketPath}`;
  }

  /** Dashboards attached now. */
  get attached(): number {
    return this.clients.size;
  }

  /** Samples the kernel if it changed and sends the sample to every dashboard. */
  poll(): void {
    const sample = this.sampler.sample();
    if (sample === null) return;
    this.series.add(sample);
    const line = encode({ type: 'sample', sample });
    for (const socket of this.clients) socket.write(line);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    for (const socket of this.clients) socket.end();
    this.server.close();
    this.removeSocket();
    process.off('exit', this.removeSocket);
  }

  private welcome(socket: net.Socket): void {
    this.clients.add(socket);
    socket.unref();
    const forget = () => this.clients.delete(socket);
    socket.on('close', forget);
    socket.on('error', forget);
    socket.write(
      encode({ type: 'hello', version: 1, session: this.name, samples: this.series.samples }),
    );
  }

  private readonly removeSocket = (): void => {
    fs.rmSync(this.socketPath, { force: true });
  };
}
