/**
 * The server's structured log: one JSON object per line (time, event, then the event's
 * fields) appended to DIR/server.log, and echoed to stderr when asked. Logins, refusals,
 * sessions, submissions and grading all go through here, so an instructor can `grep` or `jq`.
 */
import * as fs from 'node:fs';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(event: string, fields?: LogFields): void;
  close(): void;
}

/** A logger appending to `file` (created if missing); `echo` also writes each line to stderr. */
export function openLog(file: string, echo = false): Logger {
  const fd = fs.openSync(file, 'a', 0o600);
  let open = true;
  return {
    log(event, fields = {}) {
      const line = `${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`;
      if (open) fs.writeSync(fd, line);
      if (echo) process.stderr.write(line);
    },
    close() {
      if (!open) return;
      open = false;
      fs.closeSync(fd);
    },
  };
}
