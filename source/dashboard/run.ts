/**
 * The dashboard process's main loop: a screen (screen.ts) fed by a script run in pieces
 * (script-run.ts) or by an attached session (attach.ts). Resolves with the exit status when the
 * user quits; the screen is destroyed first, so the terminal is back as it was.
 */
import type * as net from 'node:net';
import type { Session } from '../repl/index.ts';
import { follow } from './attach.ts';
import { type DashboardScreen, openScreen } from './screen.ts';
import { ScriptRun } from './script-run.ts';
import { SampleSeries } from './series.ts';

export interface DashboardIo {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Redraws at most this often (host ms) while samples pour in; the last one is always drawn. */
const FRAME_MS = 40;

/** Charts `text` (a script named `name`) as `session` runs it; 1 if a line failed, else 0. */
export function dashboardFromScript(
  session: Session,
  name: string,
  text: string,
  io: DashboardIo = {},
  onFailure: (message: string) => void = () => {},
): Promise<number> {
  return new Promise((resolve) => {
    const run = new ScriptRun(session, name, text);
    const series = new SampleSeries();
    let status = 0;
    let quitting = false;
    const screen = openScreen({
      ...io,
      source: `script ${name}`,
      onQuit: () => {
        quitting = true;
        screen.destroy();
        resolve(status);
      },
    });
    for (const s of run.start()) series.add(s);
    screen.update(series);
    let drawn = Date.now();
    const tick = () => {
      if (quitting) return;
      const progress = run.step(8);
      for (const s of progress.samples) series.add(s);
      if (progress.done || Date.now() - drawn >= FRAME_MS) {
        screen.update(series);
        screen.status(`line ${progress.line} of ${run.length}`);
        drawn = Date.now();
      }
      if (!progress.done) {
        setImmediate(tick);
        return;
      }
      if (progress.failure !== undefined) {
        status = 1;
        onFailure(progress.failure);
      }
      screen.status(progress.failure ?? 'script done');
    };
    setImmediate(tick);
  });
}

/** Charts what the session at the other end of `socket` sends until the user quits. */
export function dashboardFromSession(
  socket: net.Socket,
  where: string,
  io: DashboardIo = {},
): Promise<number> {
  return new Promise((resolve) => {
    const series = new SampleSeries();
    let screen: DashboardScreen | null = null;
    let timer: NodeJS.Timeout | null = null;
    let dirty = false;
    const attached = follow(socket, {
      onMessage(message) {
        if (message.type === 'hello') {
          for (const s of message.samples) series.add(s);
          screen?.update(series);
          screen?.status(`attached to ${message.session}`);
          return;
        }
        series.add(message.sample);
        dirty = true;
      },
      onEnd(reason) {
        if (timer) clearInterval(timer);
        if (reason !== 'closed') screen?.status(`${reason}; the charts stay until you press q`);
      },
    });
    screen = openScreen({
      ...io,
      source: `session ${where}`,
      onQuit: () => {
        if (timer) clearInterval(timer);
        attached.close();
        screen?.destroy();
        resolve(0);
      },
    });
    timer = setInterval(() => {
      if (!dirty) return;
      dirty = false;
      screen?.update(series);
    }, FRAME_MS);
  });
}
