/**
 * The shell's `dashboard` command: offers this session's machine to `exolab dashboard --attach`
 * (source/dashboard/feed.ts, a Unix socket) and, inside tmux, opens the dashboard in a pane
 * beside the shell; elsewhere it prints the command to run in another terminal. The dashboard
 * is a process of its own: blessed never loads here.
 */
import { spawnSync } from 'node:child_process';
import { isMainThread } from 'node:worker_threads';
import type { MetricsFeed } from '../dashboard/feed.ts';
import type { Session } from '../repl/index.ts';

export const DASHBOARD_COMMAND = 'dashboard';

let feed: MetricsFeed | null = null;

/** Lines saying where the dashboard is; `local` is false when the shell is not this terminal's. */
export async function offerDashboard(session: Session, local: boolean): Promise<string[]> {
  if (!isMainThread || !local) {
    return [
      'dashboard: not over SSH; on your own machine run `exolab dashboard --script FILE` or type `dashboard` in a local shell',
    ];
  }
  try {
    if (feed === null) {
      const { MetricsFeed } = await import('../dashboard/feed.ts');
      feed = await MetricsFeed.open(() => session.kernel, `exolab shell, pid ${process.pid}`);
    }
  } catch (error) {
    return [`dashboard: cannot offer this session: ${(error as Error).message}`];
  }
  const bin = process.argv[1];
  if (process.env.TMUX && bin) {
    const split = spawnSync(
      'tmux',
      ['split-window', '-h', '-d', process.execPath, bin, 'dashboard', '--attach', feed.socketPath],
      { encoding: 'utf8' },
    );
    if (split.status === 0) {
      return [
        `dashboard: opened in the tmux pane to the right (q closes it); it follows ${feed.socketPath}`,
      ];
    }
  }
  return [
    'dashboard: run this in another terminal (it follows this session live):',
    `  ${feed.attachCommand}`,
  ];
}
