/**
 * The REPL's output, newest at the bottom. Long lines wrap (wrap.ts); only the visible rows
 * are rendered. `scroll` rows back from the newest (PageUp/PageDown), a marker says so.
 */
import { Box, Text } from 'ink';
import { lastRows } from './wrap.ts';

export interface OutputAreaProps {
  /** Every line kept, oldest first. */
  lines: string[];
  /** Rows scrolled back from the newest. */
  scroll: number;
  width: number;
  height: number;
}

export function OutputArea({ lines, scroll, width, height }: OutputAreaProps) {
  const room = Math.max(0, scroll > 0 ? height - 1 : height);
  const { rows: visible, below } = lastRows(lines, width, room, scroll);
  return (
    <Box
      flexDirection="column"
      justifyContent="flex-end"
      width={width}
      height={height}
      overflow="hidden"
    >
      {visible.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reordered
        <Text key={i} wrap="truncate">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {below > 0 ? (
        <Text dimColor wrap="truncate">{`-- ${below} more rows below (PageDown) --`}</Text>
      ) : null}
    </Box>
  );
}
