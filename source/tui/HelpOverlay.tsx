/** The help overlay: every key, by group (keys-help.ts). Escape, ? or F1 closes it. */
import { Box, Text } from 'ink';
import { KEY_HELP } from './keys-help.ts';

export interface HelpOverlayProps {
  width: number;
  height: number;
}

export function HelpOverlay({ width, height }: HelpOverlayProps) {
  const keyWidth = Math.max(...KEY_HELP.flatMap((g) => g.keys.map((k) => k.keys.length))) + 2;
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="round"
      paddingX={1}
      overflow="hidden"
    >
      <Text bold>Keys (Escape closes)</Text>
      {KEY_HELP.map((group) => (
        <Box key={group.title} flexDirection="column" marginTop={1}>
          <Text underline>{group.title}</Text>
          {group.keys.map((k) => (
            <Text key={k.keys} wrap="truncate">
              <Text bold>{k.keys.padEnd(keyWidth)}</Text>
              {k.what}
            </Text>
          ))}
        </Box>
      ))}
      <Box marginTop={1}>
        <Text dimColor wrap="truncate">
          Commands: type `help`, or `help CMD` for one command.
        </Text>
      </Box>
    </Box>
  );
}
