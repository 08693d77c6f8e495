/**
 * A terminal made of messages, for Ink inside a session worker: stdin is fed the bytes the SSH
 * channel received, stdout hands what Ink draws to `send` with `\n` turned into `\r\n` (the
 * client's terminal is raw: nothing on the way adds the carriage return), and a resize updates
 * columns/rows and emits `resize`, as a real TTY stream does on SIGWINCH.
 */
import { PassThrough, Writable } from 'node:stream';

export interface TtyOut extends Writable {
  isTTY: true;
  columns: number;
  rows: number;
  resize(columns: number, rows: number): void;
}

export interface TtyIn extends PassThrough {
  isTTY: true;
  isRaw: boolean;
  setRawMode(raw: boolean): TtyIn;
  ref(): TtyIn;
  unref(): TtyIn;
}

export function ttyOut(send: (text: string) => void, columns: number, rows: number): TtyOut {
  const out = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      send(String(chunk).replace(/\r?\n/g, '\r\n'));
      done();
    },
  }) as TtyOut;
  out.isTTY = true;
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
