/**
 * The REPL line editor's keys: editing keys become reducer actions (keys.ts, state.ts); Enter,
 * Tab, Ctrl-C and Ctrl-D go to the caller. The state is kept in a ref as well as in React state
 * so that keys arriving together (a paste ending in Enter) each see the line as the one before
 * left it, not as it was at the last render.
 */
import { type Key, useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';
import { FORWARD_DELETE, isKeyRun, keyToAction, searchKeyToAction, splitKeys } from './keys.ts';
import {
  initialLineEditor,
  type LineEditorAction,
  type LineEditorState,
  lineEditorReducer,
} from './state.ts';

export interface LineEditorOptions {
  /** Earlier lines, oldest first (read once). */
  history?: string[];
  /** Keys are ignored while false. */
  isActive?: boolean;
  /** Sees every key first; returns true to keep it from the editor. */
  onKey?: (input: string, key: Key, raw: string, state: LineEditorState) => boolean;
  /** Enter: the line (already added to history). */
  onSubmit: (line: string) => void;
  /** Tab: what replaces text[start, cursor), or null; `again` for a second Tab in a row. */
  onComplete: (
    text: string,
    cursor: number,
    again: boolean,
  ) => { start: number; text: string } | null;
  /** Ctrl-C: returns true if it was used (a run stopped); otherwise the line is cleared. */
  onInterrupt: () => boolean;
  /** Ctrl-D on an empty line. */
  onEndOfInput: () => void;
}

export interface LineEditor {
  state: LineEditorState;
  /** Applies an action now and returns the new state. */
  apply: (action: LineEditorAction) => LineEditorState;
}

export function useLineEditor(options: LineEditorOptions, raw: { current: string }): LineEditor {
  const [state, setState] = useState(() => initialLineEditor(options.history ?? []));
  const ref = useRef(state);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const lastWasTab = useRef(false);

  const apply = useCallback((action: LineEditorAction) => {
    ref.current = lineEditorReducer(ref.current, action);
    setState(ref.current);
    return ref.current;
  }, []);

  const handleKey = useCallback(
    (input: string, key: Key) => {
      const o = optionsRef.current;
      const current = ref.current;
      const again = lastWasTab.current;
      lastWasTab.current = key.tab;
      if (o.onKey?.(input, key, raw.current, current)) return;
      const searching = current.search !== null ? searchKeyToAction(input, key) : null;
      if (searching) {
        apply(searching);
      } else if (key.return) {
        apply({ type: 'submit' });
        o.onSubmit(current.text);
      } else if (key.tab) {
        if (current.search !== null) apply({ type: 'search-accept' });
        const replacement = o.onComplete(current.text, current.cursor, again);
        if (replacement) apply({ type: 'replace', ...replacement });
      } else if (key.ctrl && input === 'c') {
        if (!o.onInterrupt()) apply({ type: 'clear' });
      } else if (key.ctrl && input === 'd') {
        if (current.text === '') o.onEndOfInput();
        else apply({ type: 'delete-forward' });
      } else if (key.delete && FORWARD_DELETE.includes(raw.current)) {
        apply({ type: 'delete-forward' });
      } else {
        const action = keyToAction(input, key);
        if (action) apply(action);
      }
    },
    [apply, raw],
  );
  const handle = useCallback(
    (input: string, key: Key) => {
      if (!isKeyRun(input)) return handleKey(input, key);
      for (const one of splitKeys(input)) handleKey(one.input, one.key);
    },
    [handleKey],
  );
  useInput(handle, { isActive: options.isActive ?? true });
  return { state, apply };
}
