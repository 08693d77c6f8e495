/** The panes' reducers and text helpers, tested directly. */
import { describe, expect, it } from 'vitest';
import { cell, clip, windowOf } from '../../../../source/tui/panes/format.ts';
import { hexCursorReducer } from '../../../../source/tui/panes/hex-cursor-state.ts';
import { historyReducer } from '../../../../source/tui/panes/history-state.ts';
import { scrollReducer } from '../../../../source/tui/panes/scroll-state.ts';

describe('historyReducer', () => {
  it('moves the current snapshot to previous only when the key changes', () => {
    let s = historyReducer(
      { previous: undefined, current: 'a', key: 1 },
      {
        type: 'snapshot',
        value: 'a2',
        key: 1,
      },
    );
    expect(s).toEqual({ previous: undefined, current: 'a2', key: 1 });
    s = historyReducer(s, { type: 'snapshot', value: 'b', key: 2 });
    expect(s).toEqual({ previous: 'a2', current: 'b', key: 2 });
  });
});

describe('scrollReducer', () => {
  it('keeps the offset within the rows', () => {
    const at = (offset: number) => ({ offset });
    expect(scrollReducer(at(0), { type: 'by', rows: -1, total: 10, visible: 4 })).toEqual(at(0));
    expect(scrollReducer(at(5), { type: 'by', rows: 4, total: 10, visible: 4 })).toEqual(at(6));
    expect(scrollReducer(at(5), { type: 'end', total: 10, visible: 4 })).toEqual(at(6));
    expect(scrollReducer(at(5), { type: 'end', total: 3, visible: 4 })).toEqual(at(0));
    expect(scrollReducer(at(5), { type: 'home' })).toEqual(at(0));
  });
});

describe('hexCursorReducer', () => {
  it('moves within RAM and resets on a new anchor', () => {
    let s = hexCursorReducer({ anchor: 32, delta: 0 }, { type: 'move', bytes: -64, limit: 4080 });
    expect(s).toEqual({ anchor: 32, delta: -32 });
    s = hexCursorReducer(s, { type: 'move', bytes: 10_000, limit: 4080 });
    expect(s).toEqual({ anchor: 32, delta: 4048 });
    expect(hexCursorReducer(s, { type: 'anchor', address: 64 })).toEqual({ anchor: 64, delta: 0 });
  });
});

describe('text helpers', () => {
  it('cuts and pads to a width', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(clip('abc', 0)).toBe('');
    expect(cell('ab', 4, 'right')).toBe('  ab');
    expect(windowOf([1, 2, 3, 4, 5], 4, 2)).toEqual([4, 5]);
  });
});
