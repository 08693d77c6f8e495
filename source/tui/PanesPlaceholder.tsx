/** The panes' place while source/tui/panes/ is not there: a box titled "panes". */
import { Box, Text } from 'ink';

export interface PanesPlaceholderProps {
  width: number;
  height: number;
  /** Why the panes are missing, if they failed. */
  problem?: string;
}

export function PanesPlaceholder({ width, height, problem }: PanesPlaceholderProps) {
  return (
    <Box width={width} height={height} borderStyle="single" flexDirection="column" paddingX={1}>
      <Text bold>panes</Text>
      <Text dimColor wrap="truncate">
        {problem ?? 'memory, TLB, scheduler, environments, registers and events will show here'}
      </Text>
    </Box>
  );
}
