/**
 * The TUI's own state and its reducer (pure): the output area's lines and how far it is
 * scrolled back, whether the help overlay is open, the run or job (`grade`) in progress, which pane has the
 * keyboard (and whether it is zoomed), the event log's filter, and a question being asked (leave
 * with unsaved work?). The machine's state is not here: it is read from the session at each
 * render (`tick` says it changed).
 */
import { cycle, nextFocus } from './focus.ts';

/** Lines kept in the output area; older ones are dropped. */
export const MAX_LINES = 5000;

export interface RunProgress {
  /** The command line being run. */
  line: string;
  /** Cycles run so far. */
  cycles: number;
  /** Wall-clock start (ms), for MIPS. */
  startedMs: number;
}

export interface AppState {
  lines: string[];
  /** Rows scrolled back from the newest (0 = the newest line at the bottom). */
  scroll: number;
  help: boolean;
  /** Rows the help overlay is scrolled down. */
  helpScroll: number;
  /** The pane shown when the panes collapse to tabs; undefined for the panes' own choice. */
  pane?: string;
  running: RunProgress | null;
  /** A command running as a job (`grade`): its line; null when none. */
  job: string | null;
  /** Bumped whenever the machine may have changed. */
  tick: number;
  /** The pane with the keyboard, or null for the REPL line. */
  focus: string | null;
  /** The focused pane fills the screen. */
  zoomed: boolean;
  /** The event log pane's filter. */
  log: LogFilter;
  /** Leaving was asked for with unsaved work: where `s` saves; null when not asking. */
  quitting: { file: string; changes: number } | null;
}

export interface LogFilter {
  kind?: string;
  env?: number;
}

export type AppAction =
  | { type: 'output'; lines: string[] }
  /** Scrolls by `by` rows, to at most `max` rows back. */
  | { type: 'scroll'; by: number; max: number }
  | { type: 'help'; open: boolean }
  /** Scrolls the help overlay by `by` rows, within [0, max]. */
  | { type: 'help-scroll'; by: number; max: number }
  | { type: 'pane'; id: string }
  | { type: 'run-start'; line: string; nowMs: number }
  | { type: 'run-progress'; cycles: number }
  | { type: 'run-end' }
  | { type: 'job-start'; line: string }
  | { type: 'job-end' }
  | { type: 'changed' }
  /** Gives the keyboard to a pane (also shown when the panes are tabs), or back to the line. */
  | { type: 'focus'; pane: string | null }
  /** F6 / Shift-Tab: the next (1) or previous (-1) place among the line and panes `ids`. */
  | { type: 'focus-move'; by: 1 | -1; ids: readonly string[] }
  | { type: 'zoom'; on: boolean }
  | { type: 'zoom-toggle' }
  /** Escape in a pane: unzoom, or give the keyboard back to the line. */
  | { type: 'pane-escape' }
  | { type: 'log-filter'; filter: LogFilter }
  /** The log filter's next kind or environment among `values`, then all. */
  | { type: 'log-cycle'; field: 'kind'; values: readonly string[] }
  | { type: 'log-cycle'; field: 'env'; values: readonly number[] }
  | { type: 'quit-ask'; file: string; changes: number }
  | { type: 'quit-cancel' };

export const initialApp = (lines: string[]): AppState => ({
  lines,
  scroll: 0,
  help: false,
  helpScroll: 0,
  running: null,
  job: null,
  tick: 0,
  focus: null,
  zoomed: false,
  log: {},
  quitting: null,
});

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'output': {
      const lines = [...state.lines, ...action.lines].slice(-MAX_LINES);
      // New output brings the view back to the bottom.
      return { ...state, lines, scroll: 0, tick: state.tick + 1 };
    }
    case 'scroll': {
      return { ...state, scroll: Math.min(action.max, Math.max(0, state.scroll + action.by)) };
    }
    case 'help':
      return { ...state, help: action.open, helpScroll: 0 };
    case 'help-scroll':
      return {
        ...state,
        helpScroll: Math.min(action.max, Math.max(0, state.helpScroll + action.by)),
      };
    case 'pane':
      // With a pane focused, the keyboard goes with the pane chosen.
      return { ...state, pane: action.id, focus: state.focus === null ? null : action.id };
    case 'run-start':
      return { ...state, running: { line: action.line, cycles: 0, startedMs: action.nowMs } };
    case 'run-progress':
      if (state.running === null) return state;
      return {
        ...state,
        running: { ...state.running, cycles: action.cycles },
        tick: state.tick + 1,
      };
    case 'run-end':
      return { ...state, running: null, tick: state.tick + 1 };
    case 'job-start':
      return { ...state, job: action.line };
    case 'job-end':
      return { ...state, job: null, tick: state.tick + 1 };
    case 'changed':
      return { ...state, tick: state.tick + 1 };
    case 'focus':
      return action.pane === null
        ? { ...state, focus: null, zoomed: false }
        : { ...state, focus: action.pane, pane: action.pane };
    case 'focus-move':
      return appReducer(state, {
        type: 'focus',
        pane: nextFocus(state.focus, action.ids, action.by),
      });
    case 'zoom':
      return { ...state, zoomed: action.on && state.focus !== null };
    case 'zoom-toggle':
      return appReducer(state, { type: 'zoom', on: !state.zoomed });
    case 'pane-escape':
      return state.zoomed ? { ...state, zoomed: false } : { ...state, focus: null };
    case 'log-cycle':
      return {
        ...state,
        log:
          action.field === 'kind'
            ? { ...state.log, kind: cycle(action.values, state.log.kind) }
            : { ...state.log, env: cycle(action.values, state.log.env) },
      };
    case 'log-filter':
      return { ...state, log: action.filter };
    case 'quit-ask':
      return { ...state, quitting: { file: action.file, changes: action.changes } };
    case 'quit-cancel':
      return { ...state, quitting: null };
  }
}
