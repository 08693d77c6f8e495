// Ctrl-R in the REPL line editor (source/tui/line-editor/search.ts and state.ts): incremental
// reverse search over history, repeated Ctrl-R, Backspace, accept and cancel, as readline does.
import { describe, expect, test } from 'vitest';
import { NO_KEY, searchKeyToAction } from '../../../source/tui/line-editor/keys.ts';
import { findBack } from '../../../source/tui/line-editor/search.ts';
import {
  initialLineEditor,
  type LineEditorAction,
  type LineEditorState,
  lineEditorReducer,
} from '../../../source/tui/line-editor/state.ts';

const HISTORY = ['run 1000', 'tlb', 'step 3', 'mem 0x400000', 'step 10', 'envs'];

function applied(actions: LineEditorAction[], state = initialLineEditor(HISTORY)): LineEditorState {
  return actions.reduce(lineEditorReducer, state);
}

const type = (text: string): LineEditorAction => ({ type: 'search-insert', text });
const CTRL_R: LineEditorAction = { type: 'search-start' };

describe('reverse search', () => {
  test('findBack finds the newest line containing the query at or before an index', () => {
    expect(findBack(HISTORY, 'step', 5)).toBe(4);
    expect(findBack(HISTORY, 'step', 3)).toBe(2);
    expect(findBack(HISTORY, 'nothing', 5)).toBe(-1);
  });

  test('typing finds the newest match incrementally; the cursor is on the match', () => {
    let s = applied([CTRL_R, type('s')]);
    expect(s).toMatchObject({ text: 'envs', search: { query: 's', at: 5, failed: false } });
    s = applied([type('t')], s);
    expect(s).toMatchObject({ text: 'step 10', cursor: 0, search: { query: 'st', at: 4 } });
  });

  test('a second Ctrl-R goes further back; past the oldest match the search fails', () => {
    let s = applied([CTRL_R, type('step'), CTRL_R]);
    expect(s).toMatchObject({ text: 'step 3', search: { at: 2, failed: false } });
    s = applied([CTRL_R], s);
    expect(s).toMatchObject({ text: 'step 3', search: { at: 2, failed: true } });
  });

  test('Backspace shortens the query and searches again from the newest line', () => {
    const s = applied([
      CTRL_R,
      type('step 3'),
      { type: 'search-delete' },
      { type: 'search-delete' },
    ]);
    expect(s).toMatchObject({ text: 'step 10', search: { query: 'step', at: 4 } });
  });

  test('cancel gives back the line being typed before Ctrl-R', () => {
    const typed = applied([{ type: 'insert', text: 'bi' }, { type: 'left' }]);
    const s = applied([CTRL_R, type('tlb'), { type: 'search-cancel' }], typed);
    expect(s).toMatchObject({ text: 'bi', cursor: 1, search: null });
  });

  test('another key accepts the match and then acts; submit runs the match', () => {
    const s = applied([CTRL_R, type('mem'), { type: 'end' }, { type: 'insert', text: ' 32' }]);
    expect(s).toMatchObject({ text: 'mem 0x400000 32', search: null, browsing: 3 });
    const done = applied([CTRL_R, type('tlb'), { type: 'submit' }]);
    expect(done.history.at(-1)).toBe('tlb');
    expect(done).toMatchObject({ text: '', search: null });
  });

  test('after accepting, Up browses on from the match', () => {
    const s = applied([CTRL_R, type('mem'), { type: 'search-accept' }, { type: 'history-up' }]);
    expect(s.text).toBe('step 3');
  });

  test('a failed search keeps the last match; with no match the line is as before', () => {
    expect(applied([CTRL_R, type('tl'), type('x')])).toMatchObject({
      text: 'tlb',
      search: { query: 'tlx', failed: true },
    });
    expect(applied([CTRL_R, type('zz')])).toMatchObject({ text: '', search: { failed: true } });
  });

  test('keys in a search: Escape and Ctrl-G cancel, Ctrl-R repeats, text extends the query', () => {
    expect(searchKeyToAction('', { ...NO_KEY, escape: true })).toEqual({ type: 'search-cancel' });
    expect(searchKeyToAction('g', { ...NO_KEY, ctrl: true })).toEqual({ type: 'search-cancel' });
    expect(searchKeyToAction('r', { ...NO_KEY, ctrl: true })).toEqual({ type: 'search-start' });
    expect(searchKeyToAction('', { ...NO_KEY, delete: true })).toEqual({ type: 'search-delete' });
    expect(searchKeyToAction('ab', NO_KEY)).toEqual({ type: 'search-insert', text: 'ab' });
    expect(searchKeyToAction('', { ...NO_KEY, leftArrow: true })).toBeNull();
    expect(searchKeyToAction('', { ...NO_KEY, return: true })).toBeNull();
  });
});
