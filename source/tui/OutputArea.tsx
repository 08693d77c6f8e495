/**
 * The REPL's output, newest at the bottom. Long lines wrap (wrap.ts); only the visible rows
 * are rendered. `scroll` rows back from the newest (PageUp/PageDown), a marker says so. It
 * redraws only when its props change (new lines, a scroll, a resize), not when the app does.
 */
import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { lastRows } from './wrap.ts';

export interface OutputAreaProps {
  /** Every line kept, oldest first. */
  lines: string[];
  /** Rows scrolled back from the newest. */
  scroll: number;
  width: number;
  height: number;
}

export const OutputArea = memo(function OutputArea({
  lines,
  scroll,
  width,
  height,
}: OutputAreaProps) {
  const room = Math.max(0, scroll > 0 ? height - 1 : height);
  // `lines` is a new array whenever output is added (app-state.ts), so it is the identity.
  const { rows: visible, below } = useMemo(
    () => lastRows(lines, width, room, scroll),
    [lines, width, room, scroll],
  );
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
});
