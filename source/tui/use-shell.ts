/**
 * What the TUI does with the REPL line: Enter runs the command through the session (a `run`
 * or `continue` in slices, see use-runner.ts; a `grade` as a job whose progress lines appear as
 * they come), Tab completes, Ctrl-C stops a run or cancels a grade, `quit`,
 * `exit` and Ctrl-D leave (asking first when the machine has unsaved changes: s saves, y
 * leaves, n or Escape stays); PageUp/PageDown scroll; ?, F1 and Escape open and close the help;
 * Alt-1…6 choose the pane shown when the panes are tabs; F6 and Shift-Tab move the keyboard
 * between the line and the panes (pane-keys.ts); F7 goes a step back and F8 a step forward.
 * `dashboard` offers the machine to `exolab dashboard --attach` (dashboard-link.ts).
 */
import { type Key, useApp, useStdout } from 'ink';
import { type Dispatch, useCallback, useEffect, useRef } from 'react';
import { type CommandJob, complete, type Session } from '../repl/index.ts';
import type { AppAction, AppState } from './app-state.ts';
import { tab } from './completion.ts';
import { DASHBOARD_COMMAND, offerDashboard } from './dashboard-link.ts';
import type { LineEditorState } from './line-editor/state.ts';
import type { LineEditorOptions } from './line-editor/use-line-editor.ts';
import { outcomeLines } from './outcome-lines.ts';
import { paneKeyActions } from './pane-keys.ts';
import { F1_KEYS, F6_KEYS, F7_KEYS, F8_KEYS, SHIFT_TAB } from './use-raw-input.ts';
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
  /** Whether the panes are on screen (F6 has somewhere to go). */
  panesShown: boolean;
  /** A file name for `s` when leaving with unsaved work (one that does not exist yet). */
  stateFile: () => string;
  /** How far the help overlay can scroll at this size. */
  helpMax: number;
}

const QUIT = new Set(['quit', 'exit']);

export function useShell(o: ShellOptions): Omit<LineEditorOptions, 'history' | 'isActive'> {
  const { session, state, dispatch, page } = o;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const runner = useRunner(o.sliceCycles);
  // Keys that arrive in one chunk are handled before the next render: the question must be
  // known at once, not at the next render.
  const asking = useRef<{ file: string } | null>(null);
  // A command running as a job (`grade`): Ctrl-C cancels it; leaving cancels it too.
  const job = useRef<CommandJob | null>(null);
  useEffect(() => () => void job.current?.cancel(), []);
  const busy = () => runner.busy() || job.current !== null;

  const execute = useCallback(
    (line: string) => {
      const echo = `${session.prompt()}${line}`;
      if (line.trim() === DASHBOARD_COMMAND) {
        dispatch({ type: 'output', lines: [echo] });
        const local = stdout === process.stdout;
        void offerDashboard(session, local).then((lines) => dispatch({ type: 'output', lines }));
        return;
      }
      const started = session.startJob(line);
      if (started !== null) {
        job.current = started;
        dispatch({ type: 'output', lines: [echo] });
        dispatch({ type: 'job-start', line });
        started.onProgress((lines) => dispatch({ type: 'output', lines }));
        const end = (lines: string[]) => {
          job.current = null;
          dispatch({ type: 'output', lines });
          dispatch({ type: 'job-end' });
        };
        started.outcome.then(
          (outcome) => end(safely(() => outcomeLines(outcome))),
          (error) =>
            end(
              safely(() => {
                throw error;
              }),
            ),
        );
        return;
      }
      const run = session.startRun(line);
      if (run === null) {
        dispatch({
          type: 'output',
          lines: [echo, ...safely(() => outcomeLines(session.execute(line)))],
        });
        return;
      }
      dispatch({ type: 'output', lines: [echo] });
      dispatch({ type: 'run-start', line, nowMs: Date.now() });
      runner.start(
        run,
        (cycles) => dispatch({ type: 'run-progress', cycles }),
        (outcome) => {
          dispatch({ type: 'output', lines: outcomeLines(outcome) });
          dispatch({ type: 'run-end' });
        },
      );
    },
    [session, dispatch, runner, stdout],
  );

  /** Leaves, or asks first when the machine has changed since boot or the last save. */
  const leave = () => {
    const changes = session.unsavedChanges;
    job.current?.cancel();
    if (changes === 0) return exit();
    runner.stop();
    const file = o.stateFile();
    asking.current = { file };
    dispatch({
      type: 'output',
      lines: [
        `leave exolab? ${changes} command${changes === 1 ? '' : 's'} changed the machine since it booted or was last saved`,
        `  s: save to ${file} and leave (\`restore ${file}\` brings it back) · y: leave without saving · n or Escape: stay`,
      ],
    });
    dispatch({ type: 'quit-ask', file, changes });
  };

  /** A key while leaving is asked about: s, y, n/Escape; the rest are ignored. */
  const answer = (input: string, key: Key) => {
    const file = asking.current?.file ?? '';
    const stay = (why: string) => {
      asking.current = null;
      dispatch({ type: 'quit-cancel' });
      dispatch({ type: 'output', lines: [why] });
    };
    if (input === 'y' || input === 'Y') return exit();
    if (input === 's' || input === 'S') {
      const outcome = session.execute(`save ${JSON.stringify(file)}`);
      if (outcome.ok) return exit();
      return stay(`not left: ${outcome.error}`);
    }
    if (input === 'n' || input === 'N' || key.escape || (key.ctrl && /^[cg]$/.test(input))) {
      stay('staying');
    }
  };

  const onSubmit = (line: string) => {
    if (line.trim() !== '') o.onLine?.(line);
    if (QUIT.has(line.trim())) return leave();
    // The runner, not the last render, knows whether a run is under way (pasted lines).
    if (busy()) {
      dispatch({ type: 'output', lines: [busyLine(line, job.current)] });
      return;
    }
    execute(line);
  };

  const onComplete = (text: string, cursor: number, again: boolean) => {
    const result = tab(text, cursor, complete(session, text, cursor), again);
    if (result.list) dispatch({ type: 'output', lines: [result.list.join('  ')] });
    return result.replace ?? null;
  };

  /** F7 and F8: `back` and `step` as if typed. */
  const stepKey = (line: string) => {
    if (busy()) dispatch({ type: 'output', lines: [busyLine(line, job.current)] });
    else execute(line);
  };

  const onKey = (input: string, key: Key, raw: string, line: LineEditorState) => {
    if (asking.current !== null) {
      answer(input, key);
      return true;
    }
    const f1 = F1_KEYS.includes(raw);
    if (state.help) {
      if (key.escape || f1 || input === '?') dispatch({ type: 'help', open: false });
      const rows = key.upArrow
        ? -1
        : key.downArrow
          ? 1
          : key.pageUp
            ? -page
            : key.pageDown
              ? page
              : 0;
      if (rows !== 0) dispatch({ type: 'help-scroll', by: rows, max: o.helpMax });
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
    const moveBy = F6_KEYS.includes(raw) ? 1 : raw === SHIFT_TAB || (key.tab && key.shift) ? -1 : 0;
    if (moveBy !== 0) {
      if (o.panesShown) dispatch({ type: 'focus-move', by: moveBy, ids: o.paneIds });
      return true;
    }
    if (F7_KEYS.includes(raw) || F8_KEYS.includes(raw)) {
      stepKey(F7_KEYS.includes(raw) ? 'back' : 'step');
      return true;
    }
    if (state.focus !== null) {
      // Ctrl-C still stops a run; every other key is the pane's (or nobody's).
      if (key.ctrl && input === 'c') return false;
      const events = session.kernel.log.recent();
      for (const action of paneKeyActions(input, key, state.focus, events)) dispatch(action);
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

  /** Ctrl-C: cancels a job (`grade`) or stops a run; false when neither is under way. */
  const onInterrupt = () => {
    if (job.current === null) return runner.stop();
    job.current.cancel();
    return true;
  };

  return { onSubmit, onComplete, onKey, onInterrupt, onEndOfInput: leave };
}

/** Why a line typed while a run or a job goes on is not run. */
function busyLine(line: string, job: CommandJob | null): string {
  const what = job ? `Ctrl-C cancels \`${job.command}\`` : 'Ctrl-C stops the run';
  return `busy: \`${line}\` not run; ${what}`;
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
