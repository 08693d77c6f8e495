/**
 * The full-screen shell (`exolab` in a terminal): boots the demo machine, loads the panes if
 * they are there and the history file, renders the App and resolves when the user leaves.
 * Ink restores the terminal (raw mode off, cursor shown) when the app unmounts.
 */
import { render } from 'ink';
import { createElement } from 'react';
import { App } from './App.tsx';
import { bootDemo } from './boot.ts';
import { installFastOutput } from './fast-output.ts';
import { appendHistory, historyPath, readHistory } from './history-file.ts';
import { loadPanes } from './panes-slot.ts';

export { App, type AppProps } from './App.tsx';
export { bootDemo } from './boot.ts';

/** Runs the TUI until the user leaves; returns the exit status. */
export async function startTui(): Promise<number> {
  const { session, lines } = bootDemo();
  const { Panes, ids, problem } = await loadPanes();
  const file = historyPath();
  const screen = alternateScreen(process.stdout);
  installFastOutput();
  const app = render(
    createElement(App, {
      session,
      initialLines: lines,
      Panes,
      paneIds: ids,
      panesProblem: problem,
      history: readHistory(file),
      onLine: (line) => appendHistory(file, line),
    }),
    // Ctrl-C stops a run or clears the line (use-line-editor.ts); it does not leave.
    { exitOnCtrlC: false },
  );
  try {
    await app.waitUntilExit();
  } finally {
    screen.leave();
  }
  return 0;
}

/**
 * Draws on the terminal's alternate screen, as full-screen programs do, so that leaving gives
 * back the screen as it was; also on an unexpected exit.
 */
function alternateScreen(stdout: NodeJS.WriteStream): { leave: () => void } {
  if (!stdout.isTTY) return { leave: () => {} };
  const leave = () => {
    process.off('exit', leave);
    stdout.write('\u001b[?1049l');
  };
  stdout.write('\u001b[?1049h');
  process.on('exit', leave);
  return { leave };
}
