/**
 * The REPL row, which owns the line editor's state: a key typed into the line re-renders this
 * row alone, not the app with its panes and output area (they cost most of a frame). The row
 * shows the line, or a notice instead while leaving is asked about or a pane has the keyboard;
 * the editor stays mounted either way, since its key handler also serves those two.
 */
import { Box, Text } from 'ink';
import { LineEditor } from './line-editor/LineEditor.tsx';
import { type LineEditorOptions, useLineEditor } from './line-editor/use-line-editor.ts';

export interface ReplRowProps {
  /** What the editor does with keys (use-shell.ts), and earlier lines (read once). */
  options: LineEditorOptions;
  /** The raw bytes of the key being handled (use-raw-input.ts). */
  raw: { current: string };
  /** The REPL's prompt, e.g. `demo> `. */
  prompt: string;
  /** Shown instead of the line, in bold, when set. */
  notice?: string;
  /** Shown dim after the text (a run or a job under way). */
  hint?: string;
  width: number;
  /** The row's place on the screen (from the top of the app), for the cursor. */
  row: number;
}

export function ReplRow({ options, raw, prompt, notice, hint, width, row }: ReplRowProps) {
  const editor = useLineEditor(options, raw);
  if (notice !== undefined) return <Notice width={width} text={notice} />;
  return <LineEditor prompt={prompt} state={editor.state} width={width} row={row} hint={hint} />;
}

/** The REPL row when it asks a question or says which keys a focused pane takes. */
function Notice({ text, width }: { text: string; width: number }) {
  return (
    <Box width={width} height={1}>
      <Text bold wrap="truncate">
        {text}
      </Text>
    </Box>
  );
}
