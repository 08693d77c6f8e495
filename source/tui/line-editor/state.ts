/**
 * The REPL line editor's state and its reducer (pure): the text, the cursor, and the history
 * with the position browsed in it. Keys are mapped to these actions by use-line-editor.ts.
 *
 * History browsing keeps the line being typed as a draft: Up leaves it, Down past the newest
 * entry brings it back, as in readline.
 */

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
  | { type: 'clear' };

/** An empty editor with `history` (oldest first). */
export function initialLineEditor(history: string[] = []): LineEditorState {
  return { text: '', cursor: 0, history, browsing: history.length, draft: '' };
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

export function lineEditorReducer(
  state: LineEditorState,
  action: LineEditorAction,
): LineEditorState {
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
      return { ...withText(state, ''), browsing: state.history.length, draft: '' };
  }
}
