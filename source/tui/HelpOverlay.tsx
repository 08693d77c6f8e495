/**
 * The help overlay: every key, by group (keys-help.ts). Escape, ? or F1 closes it. When the
 * rows do not all fit (80×24) the arrows and PageUp/PageDown scroll it, and the last row says
 * how many are below.
 */
import { Box, Text } from 'ink';
import { KEY_HELP } from './keys-help.ts';

export interface HelpOverlayProps {
  width: number;
  height: number;
  /** Rows scrolled from the top (clamped here). */
  offset?: number;
}

type Row =
  | { kind: 'title' | 'blank' | 'footer'; text: string }
  | { kind: 'key'; keys: string; what: string };

/** The overlay's rows, top to bottom. */
export function helpRows(): Row[] {
  const rows: Row[] = [];
  for (const group of KEY_HELP) {
    rows.push({ kind: 'blank', text: '' }, { kind: 'title', text: group.title });
    for (const k of group.keys) rows.push({ kind: 'key', ...k });
  }
  rows.push({ kind: 'blank', text: '' });
  rows.push({ kind: 'footer', text: 'Commands: type `help`, or `help CMD` for one command.' });
  return rows;
}

/** The most rows the overlay can be scrolled at `height`. */
export const helpMaxOffset = (height: number): number =>
  Math.max(0, helpRows().length - Math.max(1, height - 4));

export function HelpOverlay({ width, height, offset = 0 }: HelpOverlayProps) {
  const keyWidth = Math.max(...KEY_HELP.flatMap((g) => g.keys.map((k) => k.keys.length))) + 2;
  const rows = helpRows();
  const room = Math.max(1, height - 4);
  const top = Math.min(Math.max(0, offset), helpMaxOffset(height));
  // Numbered by position: rows are positional and never reordered.
  const shown = rows.slice(top, top + room).map((row, i) => ({ row, n: top + i }));
  const below = rows.length - top - shown.length;
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="round"
      paddingX={1}
      overflow="hidden"
    >
      <Text bold wrap="truncate">
        Keys (Escape closes){top > 0 || below > 0 ? ' · ↑↓ PageUp PageDown scroll' : ''}
      </Text>
      {shown.map(({ row, n }) => (
        <Text
          key={n}
          wrap="truncate"
          underline={row.kind === 'title'}
          dimColor={row.kind === 'footer'}
        >
          {row.kind === 'key' ? (
            <>
              <Text bold>{row.keys.padEnd(keyWidth)}</Text>
              {row.what}
            </>
          ) : (
            row.text || ' '
          )}
        </Text>
      ))}
      {below > 0 ? <Text dimColor>{`-- ${below} more rows below --`}</Text> : null}
    </Box>
  );
}
