/**
 * The terminal's size, kept current on resize. Ink clears the whole screen on every frame if
 * the root box is as tall as the terminal, so callers use rows - 1 for their height.
 */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface Size {
  columns: number;
  rows: number;
  /** True for a moment after a resize (the status bar shows the new size). */
  resized?: boolean;
}

/** How long the new size is shown after a resize (ms). */
const SHOW_SIZE_MS = 1500;

export function useTerminalSize(fixed?: Partial<Size>): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({
    columns: fixed?.columns ?? stdout.columns ?? 80,
    rows: fixed?.rows ?? stdout.rows ?? 24,
  });
  const [size, setSize] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read() only reads stdout and fixed
  useEffect(() => {
    let again: NodeJS.Timeout | undefined;
    const onResize = () => {
      setSize({ ...read(), resized: true });
      // Ink redraws on resize before this size reaches the tree and can leave the cursor a
      // row off until a frame that differs; hiding the size again is such a frame.
      clearTimeout(again);
      again = setTimeout(() => setSize(read()), SHOW_SIZE_MS);
    };
    stdout.on('resize', onResize);
    return () => {
      clearTimeout(again);
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed?.columns, fixed?.rows]);
  return size;
}
