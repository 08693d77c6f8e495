// End to end in tmux (as tmux-e2e.test.ts): Ctrl-R history search, `back` and F7, a pane
// zoomed and given back, and leaving with unsaved work: s saves a state file that `restore`
// brings back identical. exolab runs in a folder of its own, so its state file and history
// land there. Waits for what it expects; never sleeps blindly.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SOCKET = `exolab-keys-${process.pid}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
let SESSION = '';

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** exolab in a new 100×30 tmux session in `dir`; the shell then reports its exit status. */
function startExolab(name: string, dir: string): void {
  SESSION = name;
  // bin/exolab.js lets tsx find tsconfig.json from the current folder; outside exolab's own
  // folder it must be named, or the .tsx files compile without the automatic JSX runtime.
  const tsconfig = `TSX_TSCONFIG_PATH='${path.join(ROOT, 'tsconfig.json')}'`;
  const env = `CI=false ${tsconfig} EXOLAB_HISTORY='${path.join(dir, 'history')}'`;
  const command = `cd '${dir}' && ${env} node '${path.join(ROOT, 'bin/exolab.js')}'; echo "exolab exited with status $?"; sleep 60`;
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command);
}

const keys = (...k: string[]) => tmux('send-keys', '-t', SESSION, ...k);

async function waitForScreen(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-t', SESSION);
    if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
    if (Date.now() > until) throw new Error(`timed out waiting for ${text}; screen:\n${screen}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

const skipped = (what: string) => `${what} — SKIPPED: tmux is not installed`;

test.skipIf(!hasTmux)(
  hasTmux ? 'exolab in tmux: Ctrl-R, back and F7, a pane zoomed and given back' : skipped('keys'),
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exolab-keys-'));
    fs.writeFileSync(path.join(dir, 'history'), 'mem 0x1000 16\nstep 5\nenvs\n');
    startExolab('keys', dir);
    await waitForScreen('Welcome to exolab');

    keys('C-r', 'ste');
    await waitForScreen("(reverse-i-search)`ste': step 5");
    keys('Enter');
    await waitForScreen(/demo> step 5\n(.*\n)*stopped after \d+ cycles/);

    keys('back 2', 'Enter');
    await waitForScreen(/back 2 steps: now at step 3 \(replayed \d+ lines/);
    keys('F7');
    await waitForScreen(/back 1 step: now at step 2 \(replayed \d+ lines/);

    keys('F6');
    await waitForScreen('[memory] ↑↓ PgUp PgDn scroll · z zoom');
    keys('z');
    const zoomed = await waitForScreen('z unzoom');
    expect(zoomed).not.toContain('Welcome to exolab');
    keys('Escape');
    await waitForScreen('· z zoom');
    keys('Escape');
    await waitForScreen(/^demo>\s*$/m);

    keys('quit', 'Enter');
    await waitForScreen('leave? s: save to exolab-session.state');
    keys('y');
    await waitForScreen('exolab exited with status 0');
    expect(fs.existsSync(path.join(dir, 'exolab-session.state'))).toBe(false);
  },
  90_000,
);

test.skipIf(!hasTmux)(
  hasTmux
    ? 'exolab in tmux: leaving with unsaved work saves a state file; restore brings it back'
    : skipped('quit'),
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exolab-quit-'));
    startExolab('quit', dir);
    await waitForScreen('Welcome to exolab');
    keys('step 9', 'Enter');
    const stepped = await waitForScreen(/stopped after \d+ cycles.*\n.*pc (0x[0-9a-f]{8})/);
    const pc = /pc (0x[0-9a-f]{8})/.exec(stepped)?.[1];
    keys('C-d');
    await waitForScreen('leave? s: save to exolab-session.state');
    keys('n');
    await waitForScreen(/staying/);
    keys('C-d');
    await waitForScreen('leave? s: save to exolab-session.state');
    keys('s');
    await waitForScreen('exolab exited with status 0');
    expect(fs.existsSync(path.join(dir, 'exolab-session.state'))).toBe(true);

    tmux('kill-session', '-t', 'quit');
    startExolab('quit2', dir);
    await waitForScreen('Welcome to exolab');
    keys('restore exolab-session.state', 'Enter');
    await waitForScreen('the machine is identical to the one saved');
    keys('regs', 'Enter');
    await waitForScreen(`pc ${pc}`);
    // Just restored: nothing unsaved, so leaving does not ask.
    keys('quit', 'Enter');
    await waitForScreen('exolab exited with status 0');
  },
  90_000,
);
