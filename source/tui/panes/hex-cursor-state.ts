/**
 * The reducer behind useHexCursor: the address the memory pane was given (the anchor) and how
 * far the keys have moved the hex view from it, kept inside RAM. A new anchor clears the move.
 */

export interface HexCursor {
  anchor: number;
  /** Bytes moved from the anchor by the keys. */
  delta: number;
}

export type HexCursorAction =
  | { type: 'move'; bytes: number; limit: number }
  | { type: 'anchor'; address: number };

export function hexCursorReducer(state: HexCursor, action: HexCursorAction): HexCursor {
  switch (action.type) {
    case 'move': {
      const target = Math.max(0, Math.min(state.anchor + state.delta + action.bytes, action.limit));
      return { ...state, delta: target - state.anchor };
    }
    case 'anchor':
      return { anchor: action.address, delta: 0 };
  }
}
