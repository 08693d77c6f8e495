/**
 * The dashboard's end of `--attach`: finds a running session's socket (feed.ts) and reads its
 * samples. With no path given it takes the newest session of this user that answers; sockets
 * of sessions that died are removed on the way.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CliFailure } from '../cli/usage-error.ts';
import { socketFolder } from './feed.ts';
import { decode, type FeedMessage, lineSplitter } from './protocol.ts';

export interface Attached {
  /** Stops reading (onEnd is called with `closed`). */
  close(): void;
}

export interface AttachHandlers {
  onMessage(message: FeedMessage): void;
  /** The session ended, or sent something that is not the protocol. */
  onEnd(reason: string): void;
}

/** Connects to `socketPath`; rejects with a CliFailure saying why it cannot. */
export function connect(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => resolve(socket));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      const why =
        error.code === 'ENOENT'
          ? 'no session is listening there'
          : error.code === 'ECONNREFUSED'
            ? 'the session there has ended'
            : error.message;
      reject(new CliFailure(`cannot attach to ${socketPath}: ${why}`, 1));
    });
  });
}

/** The newest live session's socket; a CliFailure when there is none. */
export async function findSession(folder = socketFolder()): Promise<net.Socket> {
  let names: string[] = [];
  try {
    names = fs.readdirSync(folder).filter((n) => n.endsWith('.sock'));
  } catch {
    // No folder: no session has offered a dashboard yet.
  }
  const byAge = names
    .map((n) => path.join(folder, n))
    .map((p) => ({ p, t: fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.t - a.t);
  for (const { p } of byAge) {
    try {
      return await connect(p);
    } catch {
      fs.rmSync(p, { force: true }); // a session that died without cleaning up
    }
  }
  throw new CliFailure(
    'no running exolab session to attach to: type `dashboard` in the exolab shell first, or give the socket path it prints',
    1,
  );
}

/** Reads messages from a connected socket until it closes. */
export function follow(socket: net.Socket, handlers: AttachHandlers): Attached {
  let ended = false;
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    socket.destroy();
    handlers.onEnd(reason);
  };
  socket.on(
    'data',
    lineSplitter((line) => {
      const message = decode(line);
      if ('error' in message) end(`the session sent something unexpected (${message.error})`);
      else handlers.onMessage(message);
    }),
  );
  socket.on('close', () => end('the session ended'));
  socket.on('error', (error) => end(`connection lost: ${error.message}`));
  return { close: () => end('closed') };
}
