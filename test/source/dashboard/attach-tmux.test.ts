// `dashboard` typed in the shell, end to end in a real terminal: tmux runs `exolab`, the
// command opens `exolab dashboard --attach` in a pane beside it, a run in the shell moves the
// dashboard's clock, and q closes the dashboard's pane while the shell goes on. Skipped, saying
// so, when tmux is not installed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SOCKET = `exolab-dash-${process.pid}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function waitFor(pane: string, text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-t', pane);
    if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
    if (Date.now() > until) throw new Error(`timed out waiting for ${text}; screen:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

test.skipIf(!hasTmux)(
  hasTmux
    ? '`dashboard` in the shell opens a live dashboard pane in tmux'
    : 'dashboard in tmux — SKIPPED: no tmux',
  async () => {
    const command = `cd '${ROOT}' && CI=false EXOLAB_HISTORY= node bin/exolab.js; sleep 60`;
    tmux('new-session', '-d', '-s', 'd', '-x', '200', '-y', '45', command);
    await waitFor('d.0', 'Welcome to exolab');
    tmux('send-keys', '-t', 'd.0', 'dashboard', 'Enter');
    await waitFor('d.0', 'dashboard: opened in the tmux pane to the right');
    const before = await waitFor('d.1', /attached to exolab shell, pid \d+/);
    expect(before).toContain('TLB and STLB hit rate (%)');
    expect(before).toMatch(/time\s+0µs, 0 cycles/);
    // The demo touches its pages twice: page faults, then STLB hits.
    tmux('send-keys', '-t', 'd.0', 'run 2000000', 'Enter');
    const after = await waitFor('d.1', /time\s+[\d.]+ms, [1-9]\d* cycles/);
    expect(after).toMatch(/STLB\s+[\d.]+%/);
    tmux('send-keys', '-t', 'd.1', 'q');
    for (let i = 0; i < 100 && tmux('list-panes', '-t', 'd').trim().split('\n').length > 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(tmux('list-panes', '-t', 'd').trim().split('\n')).toHaveLength(1);
    tmux('send-keys', '-t', 'd.0', 'envs', 'Enter');
    await waitFor('d.0', 'demo> envs');
  },
  60_000,
);
