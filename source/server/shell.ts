/**
 * The server's side of an interactive session: starts the user's session worker, pipes the SSH
 * channel's bytes in and the screen out, follows window changes, ends idle sessions, and on any
 * ending (the user left, the connection dropped, idle, shutdown) has the worker save the
 * machine before the thread goes. A worker that dies (its heap cap, a bug) ends the session
 * with one line saying so; the journal written so far is kept.
 */
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import type { ServerChannel } from 'ssh2';
import { EXOLAB_HOME } from './bundle.ts';
import type { FromWorker, SessionWorkerData, ToWorker } from './session-messages.ts';
import type { UserPaths } from './workspace.ts';

export interface ShellOptions {
  channel: ServerChannel;
  user: string;
  paths: UserPaths;
  /** The client's terminal: size and $TERM. */
  columns: number;
  rows: number;
  term: string;
  /** The bundled tui-worker.ts. */
  workerFile: string;
  heapMb: number;
  idleMs: number;
  /** Called once when the session is over and saved. */
  onEnd: (reason: string) => void;
}

export interface Shell {
  resize(columns: number, rows: number): void;
  /** Tells the user `message`, saves and ends; resolves once saved (or the worker is gone). */
  close(message: string, reason: string): Promise<void>;
}

/** Longest wait for a worker to save before it is stopped anyway. */
const SAVE_MS = 5000;

export function startShell(o: ShellOptions): Shell {
  const data: SessionWorkerData = {
    user: o.user,
    workspace: o.paths.workspace,
    machine: o.paths.machine,
    history: o.paths.history,
    exolabHome: EXOLAB_HOME,
    columns: o.columns,
    rows: o.rows,
  };
  const worker = new Worker(o.workerFile, {
    workerData: data,
    env: { ...process.env, CI: 'false', FORCE_COLOR: colourLevel(o.term) },
    resourceLimits: { maxOldGenerationSizeMb: o.heapMb, maxYoungGenerationSizeMb: 8 },
    stdout: false,
    stderr: false,
  });
  const send = (m: ToWorker) => worker.postMessage(m);
  const decoder = new StringDecoder('utf8');
  let ended = false;
  let saved: () => void = () => {};
  const savedOnce = new Promise<void>((resolve) => {
    saved = resolve;
  });

  const end = (reason: string, message?: string) => {
    if (ended) return;
    ended = true;
    clearTimeout(idle);
    if (message && o.channel.writable) o.channel.write(`\r\n${message}\r\n`);
    o.channel.exit(0);
    o.channel.end();
    o.onEnd(reason);
  };

  let idle = setTimeout(onIdle, o.idleMs);
  function onIdle() {
    const minutes = Math.round(o.idleMs / 60_000);
    void close(
      `exolab: no input for ${minutes} minute(s); your machine is saved. Log in again to go on.`,
      'idle',
    );
  }

  o.channel.on('data', (chunk: Buffer) => {
    clearTimeout(idle);
    idle = setTimeout(onIdle, o.idleMs);
    send({ type: 'input', data: decoder.write(chunk) });
  });
  // The connection went away without a goodbye: save all the same.
  o.channel.on('close', () => {
    if (!ended) void close('', 'disconnected');
  });

  worker.on('message', (m: FromWorker) => {
    if (m.type === 'output') {
      if (o.channel.writable) o.channel.write(m.data);
    } else if (m.type === 'left') {
      saved();
      end('left');
      void worker.terminate();
    } else if (m.type === 'saved') {
      saved();
      void worker.terminate();
    }
  });
  worker.on('error', (error) => {
    saved();
    const why = /heap|memory/i.test(error.message) ? 'it ran out of memory' : error.message;
    end(
      'worker-error',
      `exolab: your session stopped (${why}); your machine is as it was last saved (at most 30 s ago).`,
    );
  });
  worker.on('exit', () => {
    saved();
    end('worker-exit');
  });

  async function close(message: string, reason: string): Promise<void> {
    if (!ended) {
      send({ type: 'close' });
      const timer = setTimeout(() => void worker.terminate(), SAVE_MS);
      await savedOnce;
      clearTimeout(timer);
      end(reason, message || undefined);
    }
    await savedOnce;
  }

  return {
    resize: (columns, rows) => send({ type: 'resize', columns, rows }),
    close,
  };
}

/** FORCE_COLOR for chalk in the worker, from the client's $TERM (its own TTY test sees none). */
function colourLevel(term: string): string {
  if (term === 'dumb' || term === '') return '0';
  if (/truecolor|24bit/.test(term)) return '3';
  return /256/.test(term) ? '2' : '1';
}
