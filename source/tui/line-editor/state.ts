/**
 * The REPL line editor's state and its reducer (pure): the text, the cursor, and the history
 * with the position browsed in it. Keys are mapped to these actions by use-line-editor.ts.
 *
 * History browsing keeps the line being typed as a draft: Up leaves it, Down past the newest
 * entry brings it back, as in readline. Ctrl-R opens a reverse incremental search (search.ts);
 * any action other than the search's own accepts the match shown and then does what it does.
 */
import { type HistorySearch, matchCursor, openSearch, searchFrom } from './search.ts';

export interface LineEditorState {
  /** The text of the line. */
  text: string;
  /** Cursor index into `text`, 0…text.length. */
  cursor: number;
  /** Earlier lines, oldest first. */
  history: string[];
  /** Index into `history` being shown, or history.length for the line being typed. */
  browsing: number;
  /** The line being typed while history is browsed. */
  draft: string;
  /** The Ctrl-R search under way, or null. */
  search: HistorySearch | null;
}

export type LineEditorAction =
  | { type: 'insert'; text: string }
  | { type: 'delete-back' }
  | { type: 'delete-forward' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  /** Ctrl-W: the word before the cursor, with the spaces after it. */
  | { type: 'delete-word-back' }
  /** Ctrl-U: everything before the cursor. */
  | { type: 'kill-to-start' }
  /** Ctrl-K: everything from the cursor on. */
  | { type: 'kill-to-end' }
  | { type: 'history-up' }
  | { type: 'history-down' }
  /** Replaces text[start, cursor) with `text` (a completion). */
  | { type: 'replace'; start: number; text: string }
  /** Enter: the line goes into history (unless blank or a repeat) and the editor empties. */
  | { type: 'submit' }
  /** Ctrl-C: the line is dropped. */
  | { type: 'clear' }
  /** Ctrl-R: opens a reverse search, or finds the next older match. */
  | { type: 'search-start' }
  /** Text typed into the search's query. */
  | { type: 'search-insert'; text: string }
  /** Backspace in the search: the query loses its last character. */
  | { type: 'search-delete' }
  /** Escape or Ctrl-G: the search closes and the line is as it was before Ctrl-R. */
  | { type: 'search-cancel' }
  /** The match becomes the line (Enter does this before it submits). */
  | { type: 'search-accept' };

/** An empty editor with `history` (oldest first). */
export function initialLineEditor(history: string[] = []): LineEditorState {
  return { text: '', cursor: 0, history, browsing: history.length, draft: '', search: null };
}

/** Sets the text with the cursor at its end, leaving history browsing as it is. */
const withText = (state: LineEditorState, text: string): LineEditorState => ({
  ...state,
  text,
  cursor: text.length,
});

/** Cuts text[from, to) and puts the cursor at `from`. */
function cut(state: LineEditorState, from: number, to: number): LineEditorState {
  const text = state.text.slice(0, from) + state.text.slice(to);
  return { ...state, text, cursor: from };
}

/** `text` with newlines and tabs as spaces and other control characters dropped. */
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\n' || ch === '\r' || ch === '\t') out += ' ';
    else if (code >= 0x20 && code !== 0x7f) out += ch;
  }
  return out;
}

/** Start of the word before `cursor` (skipping the spaces just before it). */
export function wordStart(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && text[i - 1] === ' ') i--;
  while (i > 0 && text[i - 1] !== ' ') i--;
  return i;
}

function browse(state: LineEditorState, to: number): LineEditorState {
  if (to < 0 || to > state.history.length || to === state.browsing) return state;
  const draft = state.browsing === state.history.length ? state.text : state.draft;
  const text = to === state.history.length ? draft : state.history[to];
  return { ...state, browsing: to, draft, text, cursor: text.length };
}

function submit(state: LineEditorState): LineEditorState {
  const line = state.text;
  const last = state.history[state.history.length - 1];
  const keep = line.trim() !== '' && line !== last;
  const history = keep ? [...state.history, line] : state.history;
  return initialLineEditor(history);
}

/** The editor showing `search`: its match, or the line from before Ctrl-R while none. */
function showSearch(state: LineEditorState, search: HistorySearch): LineEditorState {
  if (search.at < 0) return { ...state, search, ...search.before };
  const text = state.history[search.at];
  return { ...state, search, text, cursor: matchCursor(text, search.query) };
}

/** Ctrl-R and the keys typed into the search. */
function searchReducer(state: LineEditorState, action: LineEditorAction): LineEditorState {
  const s = state.search;
  const newest = state.history.length - 1;
  switch (action.type) {
    case 'search-start':
      if (s === null) return showSearch(state, openSearch(state.text, state.cursor));
      if (s.query === '') return state;
      return showSearch(state, searchFrom(state.history, s, s.query, s.at < 0 ? newest : s.at - 1));
    case 'search-insert': {
      if (s === null) return state;
      const query = s.query + printable(action.text);
      return showSearch(state, searchFrom(state.history, s, query, s.at < 0 ? newest : s.at));
    }
    case 'search-delete':
      if (s === null) return state;
      return showSearch(state, searchFrom(state.history, s, s.query.slice(0, -1), newest));
    case 'search-cancel':
      return s === null ? state : { ...state, ...s.before, search: null };
    default:
      return acceptSearch(state);
  }
}

/** Closes the search keeping its match as the line; Up/Down then browse from the match. */
function acceptSearch(state: LineEditorState): LineEditorState {
  const s = state.search;
  if (s === null || s.at < 0) return { ...state, search: null };
  const draft = state.browsing === state.history.length ? s.before.text : state.draft;
  return { ...state, search: null, browsing: s.at, draft };
}

export function lineEditorReducer(
  state: LineEditorState,
  action: LineEditorAction,
): LineEditorState {
  if (action.type.startsWith('search-')) return searchReducer(state, action);
  if (state.search !== null && action.type !== 'clear') {
    return lineEditorReducer(acceptSearch(state), action);
  }
  const { text, cursor } = state;
  switch (action.type) {
    case 'insert': {
      // Pasted newlines and tabs would break the one-line display.
      const clean = printable(action.text);
      if (clean === '') return state;
      const next = text.slice(0, cursor) + clean + text.slice(cursor);
      return { ...state, text: next, cursor: cursor + clean.length };
    }
    case 'delete-back':
      return cursor === 0 ? state : cut(state, cursor - 1, cursor);
    case 'delete-forward':
      return cursor === text.length ? state : cut(state, cursor, cursor + 1);
    case 'left':
      return { ...state, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { ...state, cursor: Math.min(text.length, cursor + 1) };
    case 'home':
      return { ...state, cursor: 0 };
    case 'end':
      return { ...state, cursor: text.length };
    case 'delete-word-back':
      return cut(state, wordStart(text, cursor), cursor);
    case 'kill-to-start':
      return cut(state, 0, cursor);
    case 'kill-to-end':
      return cut(state, cursor, text.length);
    case 'history-up':
      return browse(state, state.browsing - 1);
    case 'history-down':
      return browse(state, state.browsing + 1);
    case 'replace': {
      const next = text.slice(0, action.start) + action.text + text.slice(cursor);
      return { ...state, text: next, cursor: action.start + action.text.length };
    }
    case 'submit':
      return submit(state);
    case 'clear':
      return { ...withText(state, ''), browsing: state.history.length, draft: '', search: null };
    default:
      return state;
  }
}
