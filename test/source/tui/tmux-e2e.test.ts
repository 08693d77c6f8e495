// End to end in a real terminal: tmux runs `node bin/exolab.js` (with CI=false, or Ink would
// draw only the last frame), the test types into it with send-keys and reads the screen with
// capture-pane, waiting for what it expects. A tmux server of its own (-L) keeps the user's
// sessions out of it. Skipped, saying so, when tmux is not installed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SOCKET = `exolab-test-${process.pid}`;
let SESSION = 'e2e';
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** Starts `command` in a new 100×30 session, which later calls address. */
function startSession(name: string, command: string): void {
  SESSION = name;
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command);
}

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Polls the screen until it shows `text`; returns the screen (with attributes if `escapes`). */
async function waitForScreen(
  text: string | RegExp,
  escapes = false,
  timeoutMs = 30_000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const screen = tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', SESSION);
    if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
    if (Date.now() > until) throw new Error(`timed out waiting for ${text}; screen:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

const title = hasTmux
  ? 'exolab in tmux: welcome, `help`, `quit`, and the terminal given back'
  : 'exolab in tmux — SKIPPED: tmux is not installed';

test.skipIf(!hasTmux)(
  title,
  async () => {
    // After exolab: its status, and whether the terminal is back in canonical (cooked) mode.
    const after = `echo "exolab exited with status $?"; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\?icanon'; sleep 60`;
    const command = `cd '${ROOT}' && CI=false EXOLAB_HISTORY= node bin/exolab.js; ${after}`;
    startSession('e2e', command);
    const welcome = await waitForScreen('Welcome to exolab');
    expect(welcome).toMatch(/stopped │ env 1 demo/);

    tmux('send-keys', '-t', SESSION, 'help');
    await waitForScreen('demo> help');
    tmux('send-keys', '-t', SESSION, 'Enter');
    const help = await waitForScreen('help [CMD]');
    expect(help).toContain('lists every command');

    tmux('send-keys', '-t', SESSION, 'quit', 'Enter');
    const end = await waitForScreen(/exolab exited with status \d+\n.*icanon/);
    expect(end).toContain('exolab exited with status 0');
    expect(end).toMatch(/^icanon$/m);
    // The alternate screen was left: what exolab drew is gone.
    expect(end).not.toContain('Welcome to exolab');
  },
  90_000,
);

test.skipIf(!hasTmux)(
  hasTmux
    ? 'exolab in tmux: NO_COLOR turns every colour and attribute off; the cursor is in the line'
    : 'exolab in tmux (NO_COLOR) — SKIPPED: tmux is not installed',
  async () => {
    // FORCE_COLOR=1 would turn colour on without NO_COLOR; NO_COLOR must win.
    const env = 'CI=false FORCE_COLOR=1 NO_COLOR=1 EXOLAB_HISTORY=';
    startSession('no-color', `cd '${ROOT}' && ${env} node bin/exolab.js; sleep 60`);
    await waitForScreen('Welcome to exolab');
    tmux('send-keys', '-t', SESSION, 'help');
    const screen = await waitForScreen(/^demo> help$/m, true);
    expect(screen.includes('\u001b[')).toBe(false);
    // The terminal's cursor sits after `demo> help` on the REPL line (row 28 of 30, from 0: 27).
    expect(tmux('display', '-p', '-t', SESSION, '#{cursor_x},#{cursor_y}').trim()).toBe('10,27');
    tmux('send-keys', '-t', SESSION, 'C-u', 'C-d');
  },
  90_000,
);

test.skipIf(!hasTmux)(
  hasTmux
    ? 'exolab in tmux: Ctrl-C stops a long run, the screen follows a resize to 80×24, Ctrl-D leaves'
    : 'exolab in tmux (Ctrl-C, resize) — SKIPPED: tmux is not installed',
  async () => {
    const after = 'echo "exolab exited with status $?"; sleep 60';
    startSession('resize', `cd '${ROOT}' && CI=false EXOLAB_HISTORY= node bin/exolab.js; ${after}`);
    await waitForScreen('Welcome to exolab');
    // The demo exits soon; count.s counts for ever. 10^12 cycles: minutes even for the block
    // compiler, so the run is still going when the test looks for it and presses Ctrl-C.
    tmux('send-keys', '-t', SESSION, 'load c examples/count.s', 'Enter');
    await waitForScreen('acting as c');
    tmux('send-keys', '-t', SESSION, 'run 1000000000000', 'Enter');
    await waitForScreen(/running \d+\.\d MIPS/);
    tmux('send-keys', '-t', SESSION, 'C-c');
    await waitForScreen('interrupted (Ctrl-C)');

    tmux('resize-window', '-t', SESSION, '-x', '80', '-y', '24');
    const small = await waitForScreen(/^ \d+ cycles .* stopped .*$/m);
    const lines = small.split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    // rows - 1 tall: the status bar on row 23 of 24 (from 0: 22), the REPL line above it.
    await expect
      .poll(() => tmux('display', '-p', '-t', SESSION, '#{cursor_x},#{cursor_y}').trim(), {
        timeout: 10_000,
      })
      .toBe('3,21');

    // The machine changed: leaving asks first; y leaves without saving.
    tmux('send-keys', '-t', SESSION, 'C-d');
    await waitForScreen('leave? s: save to');
    tmux('send-keys', '-t', SESSION, 'y');
    await waitForScreen('exolab exited with status 0');
  },
  90_000,
);
