/**
 * What the TUI does with the REPL line: Enter runs the command through the session (a `run`
 * or `continue` in slices, see use-runner.ts), Tab completes, Ctrl-C stops a run, `quit`,
 * `exit` and Ctrl-D leave; PageUp/PageDown scroll; ?, F1 and Escape open and close the help;
 * Alt-1…6 choose the pane shown when the panes are tabs.
 */
import { type Key, useApp } from 'ink';
import { type Dispatch, useCallback } from 'react';
import { complete, type Session } from '../repl/index.ts';
import type { AppAction, AppState } from './app-state.ts';
import { tab } from './completion.ts';
import type { LineEditorState } from './line-editor/state.ts';
import type { LineEditorOptions } from './line-editor/use-line-editor.ts';
import { outcomeLines } from './outcome-lines.ts';
import { F1_KEYS } from './use-raw-input.ts';
import { useRunner } from './use-runner.ts';
import { wrapLine } from './wrap.ts';

export interface ShellOptions {
  session: Session;
  state: AppState;
  dispatch: Dispatch<AppAction>;
  /** Rows of the output area, for paging. */
  page: number;
  /** Columns of the output area, where lines wrap. */
  width: number;
  /** The panes' ids in tab order: Alt-1 shows the first. */
  paneIds: string[];
  /** Called with each line entered (to keep history). */
  onLine?: (line: string) => void;
  sliceCycles?: number;
}

const QUIT = new Set(['quit', 'exit']);

export function useShell(o: ShellOptions): Omit<LineEditorOptions, 'history' | 'isActive'> {
  const { session, state, dispatch, page } = o;
  const { exit } = useApp();
  const runner = useRunner(o.sliceCycles);

  const execute = useCallback(
    (line: string) => {
      const echo = `${session.prompt()}${line}`;
      const job = session.startRun(line);
      if (job === null) {
        dispatch({
          type: 'output',
          lines: [echo, ...safely(() => outcomeLines(session.execute(line)))],
        });
        return;
      }
      dispatch({ type: 'output', lines: [echo] });
      dispatch({ type: 'run-start', line, nowMs: Date.now() });
      runner.start(
        job,
        (cycles) => dispatch({ type: 'run-progress', cycles }),
        (outcome) => {
          dispatch({ type: 'output', lines: outcomeLines(outcome) });
          dispatch({ type: 'run-end' });
        },
      );
    },
    [session, dispatch, runner],
  );

  const onSubmit = (line: string) => {
    if (line.trim() !== '') o.onLine?.(line);
    if (QUIT.has(line.trim())) return exit();
    // The runner, not the last render, knows whether a run is under way (pasted lines).
    if (runner.busy()) {
      dispatch({ type: 'output', lines: [`busy: \`${line}\` not run; Ctrl-C stops the run`] });
      return;
    }
    execute(line);
  };

  const onComplete = (text: string, cursor: number, again: boolean) => {
    const result = tab(text, cursor, complete(session, text, cursor), again);
    if (result.list) dispatch({ type: 'output', lines: [result.list.join('  ')] });
    return result.replace ?? null;
  };

  const onKey = (input: string, key: Key, raw: string, line: LineEditorState) => {
    const f1 = F1_KEYS.includes(raw);
    if (state.help) {
      if (key.escape || f1 || input === '?') dispatch({ type: 'help', open: false });
      // Ctrl-C still stops a run under the overlay.
      return !(key.ctrl && input === 'c');
    }
    if (f1 || (input === '?' && line.text === '' && line.search === null)) {
      dispatch({ type: 'help', open: true });
      return true;
    }
    const pane = key.meta && /^[1-9]$/.test(input) ? o.paneIds[Number(input) - 1] : undefined;
    if (pane !== undefined) {
      dispatch({ type: 'pane', id: pane });
      return true;
    }
    if (key.pageUp || key.pageDown) {
      const rows = state.lines.reduce((n, l) => n + wrapLine(l, o.width).length, 0);
      const max = Math.max(0, rows - page);
      dispatch({ type: 'scroll', by: key.pageUp ? page : -page, max });
      return true;
    }
    return false;
  };

  return { onSubmit, onComplete, onKey, onInterrupt: runner.stop, onEndOfInput: exit };
}

/** The lines of `run`, or one line naming a bug instead of a crashed screen. */
function safely(run: () => string[]): string[] {
  try {
    return run();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return [`internal error (please report it): ${detail}`];
  }
}
