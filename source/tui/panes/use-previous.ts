/**
 * The snapshot before `value`: undefined on the first render, then whatever was shown when `key`
 * last changed. Keeps its history in a reducer so the pane stays a pure view of its props.
 */
import { useReducer } from 'react';
import { type History, type HistoryAction, historyReducer } from './history-state.ts';

export function usePrevious<T>(value: T, key: unknown): T | undefined {
  const [state, dispatch] = useReducer<History<T>, [HistoryAction<T>]>(historyReducer, {
    previous: undefined,
    current: value,
    key,
  });
  // Updating during render is React's pattern for state derived from changing props.
  if (!Object.is(state.key, key)) {
    dispatch({ type: 'snapshot', value, key });
    return state.current;
  }
  return state.previous;
}
