/**
 * A terminal made of messages, for Ink inside a session worker: stdin is fed the bytes the SSH
 * channel received; stdout hands what Ink draws in one turn to `send` as one piece (by a
 * microtask; `flush()` sends it at once), with `\n` turned into `\r\n` (the client's terminal is
 * raw: nothing on the way adds the carriage return); a resize updates columns/rows and emits
 * `resize`, as a real TTY stream does on SIGWINCH.
 */
import { PassThrough, Writable } from 'node:stream';

export interface TtyOut extends Writable {
  isTTY: true;
  columns: number;
  rows: number;
  resize(columns: number, rows: number): void;
  /** Sends what was written and not yet sent (before a message that must come after it). */
  flush(): void;
}

export interface TtyIn extends PassThrough {
  isTTY: true;
  isRaw: boolean;
  setRawMode(raw: boolean): TtyIn;
  ref(): TtyIn;
  unref(): TtyIn;
}

export function ttyOut(send: (text: string) => void, columns: number, rows: number): TtyOut {
  // Ink writes a frame in pieces (begin-update mark, the rows, end mark); what is written in one
  // turn goes out as one message, so one SSH packet carries a keystroke's echo, not three.
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    const text = pending;
    pending = '';
    send(text.replace(/\r?\n/g, '\r\n'));
  };
  const out = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      if (pending === '') queueMicrotask(flush);
      pending += String(chunk);
      done();
    },
  }) as TtyOut;
  out.isTTY = true;
  out.flush = flush;
  out.columns = columns;
  out.rows = rows;
  out.resize = (c, r) => {
    if (c === out.columns && r === out.rows) return;
    out.columns = c;
    out.rows = r;
    out.emit('resize');
  };
  return out;
}

export function ttyIn(): TtyIn {
  const input = new PassThrough({ encoding: 'utf8' }) as TtyIn;
  input.isTTY = true;
  input.isRaw = false;
  input.setRawMode = (raw) => {
    input.isRaw = raw;
    return input;
  };
  input.ref = () => input;
  input.unref = () => input;
  return input;
}
