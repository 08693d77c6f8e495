/**
 * Keys that scroll a focused pane: Up/Down a row, PageUp/PageDown a screen, Home/End (or g/G).
 * Inactive unless the pane has focus, so several panes never fight over one key.
 */
import { useInput } from 'ink';
import { useReducer } from 'react';
import { scrollReducer } from './scroll-state.ts';

/**
 * The first visible row of `total` rows of which `visible` fit; with `fromEnd`, the number of
 * rows scrolled back from the last (Up then moves back in time, as in a log).
 */
export function useScroll(focused: boolean, total: number, visible: number, fromEnd = false) {
  const sign = fromEnd ? -1 : 1;
  const [state, dispatch] = useReducer(scrollReducer, { offset: 0 });
  useInput(
    (input, key) => {
      const by = (rows: number) => dispatch({ type: 'by', rows: rows * sign, total, visible });
      const first = () => dispatch(fromEnd ? { type: 'end', total, visible } : { type: 'home' });
      const last = () => dispatch(fromEnd ? { type: 'home' } : { type: 'end', total, visible });
      if (key.upArrow) by(-1);
      else if (key.downArrow) by(1);
      else if (key.pageUp) by(-visible);
      else if (key.pageDown) by(visible);
      else if (key.home || input === 'g') first();
      else if (key.end || input === 'G') last();
    },
    { isActive: focused },
  );
  return Math.max(0, Math.min(state.offset, total - visible));
}
