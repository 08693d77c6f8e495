/**
 * The reducer behind useScroll: a first visible row, moved by keys and kept inside
 * [0, total - visible].
 */

export interface Scroll {
  offset: number;
}

export type ScrollAction =
  | { type: 'by'; rows: number; total: number; visible: number }
  | { type: 'home' }
  | { type: 'end'; total: number; visible: number };

const clamp = (offset: number, total: number, visible: number) =>
  Math.max(0, Math.min(offset, total - visible));

export function scrollReducer(state: Scroll, action: ScrollAction): Scroll {
  switch (action.type) {
    case 'by':
      return { offset: clamp(state.offset + action.rows, action.total, action.visible) };
    case 'home':
      return { offset: 0 };
    case 'end':
      return { offset: clamp(action.total, action.total, action.visible) };
  }
}
