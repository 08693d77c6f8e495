/**
 * The box around a pane: a border (double and coloured when focused, so focus shows without
 * colour too), a title line, and a body of exactly `width - 2` by `height - 3` cells.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { clip } from './format.ts';
import { FOCUS_COLOUR } from './theme.ts';

/** Body size inside a frame of `width` × `height`: two border columns, borders and title rows. */
export const bodySize = (width: number, height: number) => ({
  width: Math.max(0, width - 2),
  height: Math.max(0, height - 3),
});

export interface PaneFrameProps {
  title: string;
  /** A short summary shown after the title (cut first when space is short). */
  summary?: string;
  width: number;
  height: number;
  focused?: boolean;
  children?: ReactNode;
}

export function PaneFrame({ title, summary, width, height, focused, children }: PaneFrameProps) {
  const inner = Math.max(0, width - 2);
  const rest = summary ? clip(`  ${summary}`, Math.max(0, inner - title.length)) : '';
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      flexShrink={0}
      borderStyle={focused ? 'double' : 'round'}
      borderColor={focused ? FOCUS_COLOUR : 'gray'}
      overflow="hidden"
    >
      <Text wrap="truncate">
        <Text bold color={focused ? FOCUS_COLOUR : undefined}>
          {clip(title, inner)}
        </Text>
        <Text dimColor>{rest}</Text>
      </Text>
      <Box flexDirection="column" height={Math.max(0, height - 3)} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}
