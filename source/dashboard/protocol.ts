/**
 * What a session sends a dashboard attached to it (`exolab dashboard --attach`): newline-
 * delimited JSON over a Unix socket, one message a line. The session greets each dashboard with
 * the samples it has so far, then sends each new sample; it closes the socket when it ends.
 *
 *   {"type":"hello","version":1,"session":"exolab 0.1.0, pid 4242","samples":[Sample…]}
 *   {"type":"sample","sample":Sample}
 */
import type { Sample } from './sampler.ts';

export const PROTOCOL_VERSION = 1;

export type FeedMessage =
  | { type: 'hello'; version: number; session: string; samples: Sample[] }
  | { type: 'sample'; sample: Sample };

export function encode(message: FeedMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** The message on one line, or a one-line reason it is not one. */
export function decode(line: string): FeedMessage | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'not JSON' };
  }
  const m = value as Partial<Record<string, unknown>> | null;
  if (m === null || typeof m !== 'object') return { error: 'not an object' };
  if (m.type === 'hello') {
    if (m.version !== PROTOCOL_VERSION)
      return { error: `protocol version ${String(m.version)}, expected ${PROTOCOL_VERSION}` };
    if (!Array.isArray(m.samples) || !m.samples.every(isSample))
      return { error: 'hello without samples' };
    return m as FeedMessage;
  }
  if (m.type === 'sample') return isSample(m.sample) ? (m as FeedMessage) : { error: 'bad sample' };
  return { error: `unknown message type ${JSON.stringify(m.type)}` };
}

function isSample(value: unknown): value is Sample {
  const s = value as Partial<Sample> | null;
  return (
    s !== null &&
    typeof s === 'object' &&
    typeof s.cycle === 'number' &&
    typeof s.us === 'number' &&
    typeof s.frames?.inUse === 'number' &&
    Array.isArray(s.slices?.byEnv)
  );
}

/** Splits a byte stream into lines; calls `onLine` for each complete one. */
export function lineSplitter(onLine: (line: string) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() !== '') onLine(line);
      newline = pending.indexOf('\n');
    }
  };
}
