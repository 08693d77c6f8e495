/**
 * What Tab does to the REPL line (pure): one candidate completes the word (and adds a space);
 * several extend it to their common prefix; a second Tab in a row lists them.
 */
import type { Completion } from '../repl/index.ts';

export interface TabResult {
  /** Replace line[start, cursor) with this text. */
  replace?: { start: number; text: string };
  /** Candidates to list in the output. */
  list?: string[];
}

export function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Tab on `line` with `cursor`, given its completion; `again` for a second Tab. */
export function tab(
  line: string,
  cursor: number,
  completion: Completion,
  again: boolean,
): TabResult {
  const { start, candidates } = completion;
  const typed = line.slice(start, cursor);
  if (candidates.length === 0) return {};
  if (candidates.length === 1) return { replace: { start, text: `${candidates[0]} ` } };
  const prefix = commonPrefix(candidates);
  if (prefix.length > typed.length) return { replace: { start, text: prefix } };
  return again ? { list: candidates } : {};
}
