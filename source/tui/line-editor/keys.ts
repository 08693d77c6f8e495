/**
 * Which editing action a key is (pure). Enter, Tab, Ctrl-C and Ctrl-D mean more than editing
 * and are left to use-line-editor.ts. Ink 6 reports Backspace (0x7f) as `key.delete`, the same
 * as the Delete key, so both delete backwards here; the raw Delete sequence is told apart by
 * the caller (FORWARD_DELETE).
 */
import type { Key } from 'ink';
import type { LineEditorAction } from './state.ts';

/** Raw sequences of the Delete key (xterm, rxvt, Linux console). */
export const FORWARD_DELETE = ['\u001b[3~', '\u001b[3$', '\u001b[3^'];

const CTRL_ACTIONS: Record<string, LineEditorAction> = {
  a: { type: 'home' },
  e: { type: 'end' },
  b: { type: 'left' },
  f: { type: 'right' },
  w: { type: 'delete-word-back' },
  u: { type: 'kill-to-start' },
  k: { type: 'kill-to-end' },
  h: { type: 'delete-back' },
  p: { type: 'history-up' },
  n: { type: 'history-down' },
  r: { type: 'search-start' },
  g: { type: 'search-cancel' },
};

/** The editing action of one key, or null if it is not an editing key. */
export function keyToAction(input: string, key: Key): LineEditorAction | null {
  if (key.leftArrow) return { type: 'left' };
  if (key.rightArrow) return { type: 'right' };
  if (key.upArrow) return { type: 'history-up' };
  if (key.downArrow) return { type: 'history-down' };
  if (key.home) return { type: 'home' };
  if (key.end) return { type: 'end' };
  if (key.backspace || key.delete) return { type: 'delete-back' };
  if (key.ctrl) return CTRL_ACTIONS[input] ?? null;
  if (key.meta || key.escape || key.tab || key.return || key.pageUp || key.pageDown) return null;
  return input === '' ? null : { type: 'insert', text: input };
}

/**
 * A key's meaning while a Ctrl-R search is open, or null when it is not the search's own (such a
 * key accepts the match and then acts as usual; Enter accepts and runs the line).
 */
export function searchKeyToAction(input: string, key: Key): LineEditorAction | null {
  if (key.escape || (key.ctrl && input === 'g')) return { type: 'search-cancel' };
  if (key.ctrl && input === 'r') return { type: 'search-start' };
  if (key.backspace || key.delete || (key.ctrl && input === 'h')) return { type: 'search-delete' };
  const plain = !key.ctrl && !key.meta && !key.tab && !key.return && input !== '';
  const arrows = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow;
  return plain && !arrows && !key.pageUp && !key.pageDown
    ? { type: 'search-insert', text: input }
    : null;
}

/** A Key with nothing pressed. */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** Whether `input` is several keys that arrived together (it has a control character). */
export function isKeyRun(input: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
  return input.length > 1 && !input.includes('\u001b') && /[\u0000-\u001f\u007f]/.test(input);
}

/**
 * Splits keys that arrived in one chunk (a paste, tmux send-keys, a fast typist over SSH) into
 * one key each, as Ink would have reported them one at a time: Ink splits only escape
 * sequences, so "help\r" would otherwise be one input with no Enter in it.
 */
export function splitKeys(input: string): { input: string; key: Key }[] {
  const out: { input: string; key: Key }[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ input: text, key: NO_KEY });
    text = '';
  };
  for (const ch of input) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && code !== 0x7f) {
      text += ch;
      continue;
    }
    flush();
    if (ch === '\r' || ch === '\n') out.push({ input: '', key: { ...NO_KEY, return: true } });
    else if (ch === '\t') out.push({ input: '', key: { ...NO_KEY, tab: true } });
    else if (code === 0x7f || code === 0x08) {
      out.push({ input: '', key: { ...NO_KEY, delete: true } });
    } else if (code >= 1 && code <= 26) {
      out.push({ input: String.fromCharCode(code + 96), key: { ...NO_KEY, ctrl: true } });
    }
  }
  flush();
  return out;
}
