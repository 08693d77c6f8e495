/**
 * Ctrl-R, reverse incremental history search, as readline does it (pure): typing extends the
 * query and finds the newest earlier line containing it, from the match shown back; another
 * Ctrl-R finds the next older match; Backspace shortens the query and searches again from the
 * newest line; Escape or Ctrl-G gives back the line as it was before the search. While a search
 * is open the editor's text is the match, so accepting it (Enter, or any editing key) only has
 * to close the search.
 */

export interface HistorySearch {
  /** What has been typed since Ctrl-R. */
  query: string;
  /** The history index of the match shown, or -1 for none yet. */
  at: number;
  /** The last search found nothing (the line keeps the previous match). */
  failed: boolean;
  /** The line and cursor before Ctrl-R, given back on cancel. */
  before: { text: string; cursor: number };
}

/** The newest index ≤ `from` whose line contains `query` (case-sensitive, as readline), or -1. */
export function findBack(history: readonly string[], query: string, from: number): number {
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) {
    if (history[i].includes(query)) return i;
  }
  return -1;
}

/** A search just opened on the line `text` with `cursor`. */
export const openSearch = (text: string, cursor: number): HistorySearch => ({
  query: '',
  at: -1,
  failed: false,
  before: { text, cursor },
});

/** Where a found line puts the cursor: at the start of the query's last occurrence. */
export const matchCursor = (line: string, query: string): number =>
  query === '' ? line.length : Math.max(0, line.lastIndexOf(query));

/**
 * The search after looking for `query` from index `from` back. On a miss the previous match
 * stays shown and the search is marked failed, as readline does.
 */
export function searchFrom(
  history: readonly string[],
  search: HistorySearch,
  query: string,
  from: number,
): HistorySearch {
  if (query === '') return { ...search, query, at: -1, failed: false };
  const at = findBack(history, query, from);
  return at < 0 ? { ...search, query, failed: true } : { ...search, query, at, failed: false };
}
