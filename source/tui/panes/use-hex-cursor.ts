/**
 * Keys that move a focused memory pane's hex view: Up/Down a line, PageUp/PageDown a screen,
 * Home back to the given address. Returns the address to show.
 */
import { useInput } from 'ink';
import { useReducer } from 'react';
import { hexCursorReducer } from './hex-cursor-state.ts';

export function useHexCursor(
  focused: boolean,
  address: number,
  line: number,
  lines: number,
  limit: number,
): number {
  const [state, dispatch] = useReducer(hexCursorReducer, { anchor: address, delta: 0 });
  // A new address from the shell takes over from where the keys had moved.
  if (state.anchor !== address) dispatch({ type: 'anchor', address });
  useInput(
    (_input, key) => {
      const move = (bytes: number) => dispatch({ type: 'move', bytes, limit });
      if (key.upArrow) move(-line);
      else if (key.downArrow) move(line);
      else if (key.pageUp) move(-line * Math.max(1, lines));
      else if (key.pageDown) move(line * Math.max(1, lines));
      else if (key.home) dispatch({ type: 'anchor', address });
    },
    { isActive: focused },
  );
  return state.anchor === address ? address + state.delta : address;
}
