// The REPL line editor's reducer (source/tui/line-editor/state.ts) and key mapping (keys.ts):
// every editing action, history browsing with a draft, and keys that arrive in one chunk.
import { describe, expect, test } from 'vitest';
import { isKeyRun, keyToAction, NO_KEY, splitKeys } from '../../../source/tui/line-editor/keys.ts';
import {
  initialLineEditor,
  type LineEditorAction,
  type LineEditorState,
  lineEditorReducer,
  wordStart,
} from '../../../source/tui/line-editor/state.ts';

/** Applies the actions in turn, from `state` (default: empty). */
function applied(actions: LineEditorAction[], state = initialLineEditor()): LineEditorState {
  return actions.reduce(lineEditorReducer, state);
}

const typed = (text: string, cursor = text.length): LineEditorState => ({
  ...initialLineEditor(),
  text,
  cursor,
});

describe('editing', () => {
  test('insert puts text at the cursor and moves it', () => {
    const s = applied([{ type: 'insert', text: 'hlp' }, { type: 'left' }, { type: 'left' }]);
    expect(applied([{ type: 'insert', text: 'e' }], s)).toMatchObject({ text: 'help', cursor: 2 });
  });

  test('insert turns newlines and tabs into spaces and drops other control characters', () => {
    expect(applied([{ type: 'insert', text: 'a\tb\u0007c\nd' }]).text).toBe('a bc d');
    expect(applied([{ type: 'insert', text: '\u0001' }])).toEqual(initialLineEditor());
  });

  test('delete back and forward, and nothing at the ends', () => {
    expect(applied([{ type: 'delete-back' }], typed('abc', 2))).toMatchObject({
      text: 'ac',
      cursor: 1,
    });
    expect(applied([{ type: 'delete-forward' }], typed('abc', 1))).toMatchObject({
      text: 'ac',
      cursor: 1,
    });
    expect(applied([{ type: 'delete-back' }], typed('abc', 0)).text).toBe('abc');
    expect(applied([{ type: 'delete-forward' }], typed('abc', 3)).text).toBe('abc');
  });

  test('cursor left, right, home and end stay inside the line', () => {
    expect(applied([{ type: 'left' }], typed('ab', 0)).cursor).toBe(0);
    expect(applied([{ type: 'right' }], typed('ab', 2)).cursor).toBe(2);
    expect(applied([{ type: 'home' }], typed('ab')).cursor).toBe(0);
    expect(applied([{ type: 'end' }], typed('ab', 0)).cursor).toBe(2);
  });

  test('Ctrl-W deletes the word before the cursor with the spaces after it', () => {
    expect(applied([{ type: 'delete-word-back' }], typed('mem 0x100  '))).toMatchObject({
      text: 'mem ',
      cursor: 4,
    });
    expect(applied([{ type: 'delete-word-back' }], typed('run 10', 3))).toMatchObject({
      text: ' 10',
      cursor: 0,
    });
    expect(wordStart('a b', 0)).toBe(0);
  });

  test('Ctrl-U and Ctrl-K kill before and from the cursor', () => {
    expect(applied([{ type: 'kill-to-start' }], typed('step 3', 4))).toMatchObject({
      text: ' 3',
      cursor: 0,
    });
    expect(applied([{ type: 'kill-to-end' }], typed('step 3', 4))).toMatchObject({
      text: 'step',
      cursor: 4,
    });
  });

  test('replace swaps the word before the cursor for a completion', () => {
    const s = applied([{ type: 'replace', start: 3, text: 'demo ' }], typed('as de; x', 5));
    expect(s).toMatchObject({ text: 'as demo ; x', cursor: 8 });
  });

  test('clear empties the line', () => {
    expect(applied([{ type: 'clear' }], typed('oops'))).toMatchObject({ text: '', cursor: 0 });
  });
});

describe('history', () => {
  const withHistory = initialLineEditor(['envs', 'tlb']);

  test('submit adds the line, but not a blank line or a repeat of the last', () => {
    let s = applied([{ type: 'insert', text: 'run' }, { type: 'submit' }]);
    expect(s).toMatchObject({ text: '', cursor: 0, history: ['run'], browsing: 1 });
    s = applied([{ type: 'insert', text: 'run' }, { type: 'submit' }], s);
    s = applied([{ type: 'insert', text: '  ' }, { type: 'submit' }], s);
    expect(s.history).toEqual(['run']);
  });

  test('up goes back through history; down returns to the draft being typed', () => {
    let s = applied([{ type: 'insert', text: 'fr' }, { type: 'history-up' }], withHistory);
    expect(s).toMatchObject({ text: 'tlb', cursor: 3 });
    s = applied([{ type: 'history-up' }, { type: 'history-up' }], s);
    expect(s.text).toBe('envs');
    s = applied([{ type: 'history-down' }, { type: 'history-down' }, { type: 'history-down' }], s);
    expect(s).toMatchObject({ text: 'fr', cursor: 2, browsing: 2 });
  });

  test('a recalled line can be edited and submitted as a new entry', () => {
    const s = applied(
      [{ type: 'history-up' }, { type: 'insert', text: ' -a' }, { type: 'submit' }],
      withHistory,
    );
    expect(s.history).toEqual(['envs', 'tlb', 'tlb -a']);
  });
});

describe('keys', () => {
  const key = (k: Partial<typeof NO_KEY>) => ({ ...NO_KEY, ...k });

  test('arrows, Home/End, Backspace (reported as delete by Ink 6) and Ctrl keys', () => {
    expect(keyToAction('', key({ leftArrow: true }))).toEqual({ type: 'left' });
    expect(keyToAction('', key({ upArrow: true }))).toEqual({ type: 'history-up' });
    expect(keyToAction('', key({ home: true }))).toEqual({ type: 'home' });
    expect(keyToAction('', key({ delete: true }))).toEqual({ type: 'delete-back' });
    for (const [letter, type] of [
      ['a', 'home'],
      ['e', 'end'],
      ['w', 'delete-word-back'],
      ['u', 'kill-to-start'],
      ['k', 'kill-to-end'],
    ]) {
      expect(keyToAction(letter, key({ ctrl: true }))).toEqual({ type });
    }
    expect(keyToAction('x', key({ ctrl: true }))).toBeNull();
    expect(keyToAction('', key({ pageUp: true }))).toBeNull();
    expect(keyToAction('h', NO_KEY)).toEqual({ type: 'insert', text: 'h' });
  });

  test('keys that arrive in one chunk are split one per key', () => {
    expect(isKeyRun('help')).toBe(false);
    expect(isKeyRun('\r')).toBe(false);
    expect(isKeyRun('\u001b[A')).toBe(false);
    expect(isKeyRun('\u0015quit\r')).toBe(true);
    const keys = splitKeys('\u0015ab\tc\r');
    expect(keys.map((k) => k.input)).toEqual(['u', 'ab', '', 'c', '']);
    expect(keys[0].key.ctrl).toBe(true);
    expect(keys[2].key.tab).toBe(true);
    expect(keys[4].key.return).toBe(true);
    expect(splitKeys('x\u007f')[1].key.delete).toBe(true);
  });
});
