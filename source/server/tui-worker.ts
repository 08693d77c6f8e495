/**
 * A session worker: the full TUI (source/tui/App.tsx) and its emulator for one SSH session,
 * on its own thread so that one student's long run never holds up another's typing. It
 * restores the user's machine (machine-state.ts), draws through a message-made terminal
 * (tty-streams.ts), saves the machine every AUTOSAVE_MS when it changed, and saves it again when
 * told to stop or when the user leaves. Runs from a bundle (bundle.ts), never under tsx.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { render } from 'ink';
import { createElement } from 'react';
import { CommandError, Session } from '../repl/index.ts';
import { App } from '../tui/App.tsx';
import { DEMO_LINE, WELCOME } from '../tui/boot.ts';
import { installFastOutput } from '../tui/fast-output.ts';
import { appendHistory, readHistory } from '../tui/history-file.ts';
import { outcomeLines } from '../tui/outcome-lines.ts';
import { PANE_IDS, Panes } from '../tui/panes/index.tsx';
import { confinedPath, inside } from './confine.ts';
import { restoreMachine, saveMachine } from './machine-state.ts';
import type { FromWorker, SessionWorkerData, ToWorker } from './session-messages.ts';
import { ttyIn, ttyOut } from './tty-streams.ts';

/** A changed machine is saved this often (ms), so a crash of the server loses little. */
const AUTOSAVE_MS = 30_000;
/** Commands of a restored session shown again. */
const SHOWN_COMMANDS = 8;

const data = workerData as SessionWorkerData;
const port = parentPort;
if (port === null) throw new Error('tui-worker: must run as a worker');
const post = (m: FromWorker) => port.postMessage(m);

/**
 * The server saves the machine itself (on leaving, on disconnect, every AUTOSAVE_MS), so the
 * TUI's "leave without saving?" question never applies here.
 */
class ServerSession extends Session {
  override get unsavedChanges(): number {
    return 0;
  }
}

lowerPriority();
const session = new ServerSession({
  seed: 1,
  readFile: workspaceReader(data),
  writeFile: workspaceWriter(data),
  lab: { folder: data.workspace, server: true }, // the lab pane and `lab …` see the workspace
});
const opening = open();

const stdout = ttyOut((text) => post({ type: 'output', data: text }), data.columns, data.rows);
const stdin = ttyIn();
stdout.write('\u001b[?1049h');
// Each keystroke redraws the frame: Ink's own frame buffer would cost ~20 ms of CPU a key.
installFastOutput();
const app = render(
  createElement(App, {
    session,
    initialLines: opening.lines,
    Panes,
    paneIds: [...PANE_IDS],
    history: readHistory(data.history),
    onLine: (line) => appendHistory(data.history, line),
  }),
  {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    exitOnCtrlC: false,
    patchConsole: false,
    // Only the rows that changed go over the wire: a keystroke sends its line, not the screen.
    incrementalRendering: true,
  },
);
post({ type: 'ready', commands: opening.lines.length, cycles: session.kernel.cycles });

let savedLength = session.journal.length;
const autosave = setInterval(() => {
  if (session.journal.length !== savedLength) save();
}, AUTOSAVE_MS);

let closing = false;
port.on('message', (m: ToWorker) => {
  if (m.type === 'input') stdin.write(m.data);
  else if (m.type === 'resize') stdout.resize(m.columns, m.rows);
  else if (m.type === 'close') void stop('saved');
});
app.waitUntilExit().then(() => stop('left'));

/** Unmounts, lets a run under way end at its slice (journaled as run CYCLES), saves, says so. */
async function stop(how: 'saved' | 'left'): Promise<void> {
  if (closing) return;
  closing = true;
  clearInterval(autosave);
  app.unmount();
  // The runner sees it was stopped on its next turn and finishes the run: two turns later the
  // run is in the journal.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  save();
  stdout.write('\u001b[?1049l');
  stdout.flush();
  post({ type: how });
  port?.close();
}

function save(): void {
  try {
    saveMachine(session, data.machine);
    savedLength = session.journal.length;
  } catch (error) {
    stdout.write(`\nexolab: could not save your machine: ${(error as Error).message}\n`);
    stdout.flush();
  }
}

/** The machine as the user left it, or a new one with the demo loaded; the first lines shown. */
function open(): { lines: string[] } {
  const r = restoreMachine(session, data.machine);
  const problem = r.problem ? [`note: ${r.problem}`] : [];
  if (r.lines === 0) {
    const outcome = session.execute(DEMO_LINE);
    return {
      lines: [
        WELCOME,
        ...problem,
        `exo> ${DEMO_LINE}`,
        ...outcomeLines(outcome),
        'try `run`, `envs`, `tlb`, `help run`',
      ],
    };
  }
  const recent = r.history.slice(-SHOWN_COMMANDS).map((line) => `  ${line}`);
  return {
    lines: [
      WELCOME,
      `welcome back, ${data.user}: your machine is as you left it (${r.lines} lines replayed, cycle ${r.cycles}); your last commands:`,
      ...recent,
      ...problem,
    ],
  };
}

/**
 * `load` and `restore` read files from the workspace (never outside it), and from exolab's own
 * examples/ folder so the examples named in `help` work.
 */
function workspaceReader(d: SessionWorkerData): (name: string) => Uint8Array {
  const examples = path.join(d.exolabHome, 'examples');
  return (name) => {
    const own = confinedPath(d.workspace, name);
    if (own !== null && isFile(own)) return fs.readFileSync(own);
    const shipped = path.resolve(d.exolabHome, name);
    if (inside(examples, shipped) && isFile(shipped)) return fs.readFileSync(shipped);
    throw new CommandError(`cannot read \`${name}\`: no such file in your workspace`);
  };
}

/** `save FILE` writes into the workspace only, never through a link. */
function workspaceWriter(d: SessionWorkerData): (name: string, bytes: Uint8Array) => void {
  return (name, bytes) => {
    const own = confinedPath(d.workspace, name);
    if (own === null)
      throw new CommandError(`cannot write \`${name}\`: it is outside your workspace`);
    try {
      const fd = fs.openSync(
        own,
        fs.constants.O_WRONLY |
          fs.constants.O_CREAT |
          fs.constants.O_TRUNC |
          fs.constants.O_NOFOLLOW,
        0o600,
      );
      fs.writeSync(fd, bytes);
      fs.closeSync(fd);
    } catch (error) {
      throw new CommandError(
        `cannot write \`${name}\`: ${(error as NodeJS.ErrnoException).code ?? 'failed'}`,
      );
    }
  };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Runs this thread at a lower priority than the server's own (Linux: /proc/thread-self names
 * the thread's id, and setpriority applies to that one thread), so reading keys and moving
 * bytes for everyone stays ahead of emulation. Best effort.
 */
function lowerPriority(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 5);
  } catch {
    // Not Linux or not allowed: the OS's fair share still applies.
  }
}
