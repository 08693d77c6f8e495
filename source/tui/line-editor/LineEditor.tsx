/**
 * The REPL line: the prompt, the text and the cursor (shown inverse). A line wider than the
 * screen scrolls sideways so the cursor stays in view.
 */
import { Box, Text } from 'ink';
import type { LineEditorState } from './state.ts';

export interface LineEditorProps {
  /** The prompt, e.g. `demo> `. */
  prompt: string;
  /** The editor's state. */
  state: LineEditorState;
  /** Columns available, prompt included. */
  width: number;
  /** Shown dim after the text while a run goes on, e.g. "running… Ctrl-C stops". */
  hint?: string;
}

export function LineEditor({ prompt, state, width, hint }: LineEditorProps) {
  const room = Math.max(4, width - prompt.length - 1);
  const first = Math.max(0, state.cursor - room + 1);
  const shown = state.text.slice(first, first + room);
  const at = state.cursor - first;
  const under = shown[at] ?? ' ';
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        <Text bold>{prompt}</Text>
        {shown.slice(0, at)}
        <Text inverse>{under}</Text>
        {shown.slice(at + 1)}
        {hint ? <Text dimColor>{`  ${hint}`}</Text> : null}
      </Text>
    </Box>
  );
}
