/**
 * The status bar: cycles, emulated time at 25 MHz, running or stopped (with MIPS while
 * running), and the environment on the CPU or acted as.
 */
import { Box, Text } from 'ink';
import { emulatedTime, mips } from './emulated-time.ts';

export interface StatusBarProps {
  /** The machine's cycle count. */
  cycles: number;
  /** Running: cycles and wall-clock ms of the run so far; null when stopped. */
  running: { cycles: number; ms: number } | null;
  /** e.g. `env 1 demo`, or `none`. */
  env: string;
  width: number;
  /** Shown for a moment after a resize, e.g. `80×24`. */
  size?: string;
}

export function StatusBar({ cycles, running, env, width, size }: StatusBarProps) {
  const state = running ? `running ${mips(running.cycles, running.ms)}`.trim() : 'stopped';
  const text = ` ${cycles} cycles │ ${emulatedTime(cycles)} │ ${state} │ ${env} │ ${size ? `${size} │ ` : ''}? help`;
  return (
    <Box width={width} height={1}>
      <Text inverse wrap="truncate">
        {text.padEnd(width)}
      </Text>
    </Box>
  );
}
