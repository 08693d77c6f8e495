/**
 * The status bar: cycles, emulated time at 25 MHz, running or stopped (with MIPS while
 * running), the environment on the CPU or acted as, and the step count `back` goes back in.
 * It redraws only when its props change, not on each key typed.
 */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { emulatedTime, mips } from './emulated-time.ts';

export interface StatusBarProps {
  /** The machine's cycle count. */
  cycles: number;
  /** Running: cycles and wall-clock ms of the run so far; null when stopped. */
  running: { cycles: number; ms: number } | null;
  /** e.g. `env 1 demo`, or `none`. */
  env: string;
  /** Steps since boot (instructions and exceptions), when stopped. */
  steps?: number;
  width: number;
  /** Shown for a moment after a resize, e.g. `80×24`. */
  size?: string;
}

export const StatusBar = memo(function StatusBar({
  cycles,
  running,
  env,
  steps,
  width,
  size,
}: StatusBarProps) {
  const state = running ? `running ${mips(running.cycles, running.ms)}`.trim() : 'stopped';
  const step = steps !== undefined && !running ? `step ${steps} │ ` : '';
  const text = ` ${cycles} cycles │ ${emulatedTime(cycles)} │ ${state} │ ${env} │ ${step}${size ? `${size} │ ` : ''}? help`;
  return (
    <Box width={width} height={1}>
      <Text inverse wrap="truncate">
        {text.padEnd(width)}
      </Text>
    </Box>
  );
});
