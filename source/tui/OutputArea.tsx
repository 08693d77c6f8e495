/**
 * The REPL's output, newest at the bottom. Only the visible lines are rendered, each cut to
 * one row; `scroll` lines back from the newest (PageUp/PageDown) and a marker says so.
 */
import { Box, Text } from 'ink';

export interface OutputAreaProps {
  /** Every line kept, oldest first. */
  lines: string[];
  /** Lines scrolled back from the newest. */
  scroll: number;
  width: number;
  height: number;
}

export function OutputArea({ lines, scroll, width, height }: OutputAreaProps) {
  const rows = Math.max(0, scroll > 0 ? height - 1 : height);
  const end = lines.length - scroll;
  const visible = lines.slice(Math.max(0, end - rows), end);
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
      {scroll > 0 ? (
        <Text dimColor wrap="truncate">{`-- ${scroll} more below (PageDown) --`}</Text>
      ) : null}
    </Box>
  );
}
