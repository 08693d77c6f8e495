/**
 * The reducer behind usePrevious: the snapshot shown now and the one before it, advanced only
 * when the snapshot's key (its cycle count) changes, so redrawing a stopped machine with a fresh
 * but identical snapshot keeps the highlights of the last step.
 */

export interface History<T> {
  previous: T | undefined;
  current: T;
  key: unknown;
}

export type HistoryAction<T> = { type: 'snapshot'; value: T; key: unknown };

export function historyReducer<T>(state: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case 'snapshot':
      if (Object.is(action.key, state.key)) return { ...state, current: action.value };
      return { previous: state.current, current: action.value, key: action.key };
  }
}
