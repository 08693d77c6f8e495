/**
 * The REPL line: the prompt and the text, with the terminal's own cursor placed in it (so it
 * shows under NO_COLOR too, where inverse video is off). A line wider than the screen scrolls
 * sideways so the cursor stays in view. During a Ctrl-R search the prompt becomes readline's
 * `(reverse-i-search)`query': ` and the text is the match.
 */
import { Box, Text, useCursor } from 'ink';
import type { LineEditorState } from './state.ts';

export interface LineEditorProps {
  /** The prompt, e.g. `demo> `. */
  prompt: string;
  /** The editor's state. */
  state: LineEditorState;
  /** Columns available, prompt included. */
  width: number;
  /** The line's row on the screen (from the top of the app), for the cursor. */
  row: number;
  /** Shown dim after the text while a run goes on, e.g. "running… Ctrl-C stops". */
  hint?: string;
}

/** The prompt shown for `state`: the REPL's, or the search's while one is open. */
export function shownPrompt(prompt: string, state: LineEditorState): string {
  const s = state.search;
  if (s === null) return prompt;
  return `(${s.failed ? 'failed ' : ''}reverse-i-search)\`${s.query}': `;
}

export function LineEditor({ prompt: replPrompt, state, width, row, hint }: LineEditorProps) {
  const prompt = shownPrompt(replPrompt, state);
  const room = Math.max(4, width - prompt.length - 1);
  const first = Math.max(0, state.cursor - room + 1);
  const shown = state.text.slice(first, first + room);
  const at = state.cursor - first;
  const { setCursorPosition } = useCursor();
  setCursorPosition({ x: Math.min(width - 1, prompt.length + at), y: row });
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        <Text bold>{prompt}</Text>
        {shown}
        {hint ? <Text dimColor>{`  ${hint}`}</Text> : null}
      </Text>
    </Box>
  );
}
