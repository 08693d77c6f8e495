/**
 * The tab bar shown when the panes do not all fit: `1 Memory  2 TLB  …`, the shown pane in
 * brackets and inverted (brackets so it shows under NO_COLOR too), cut to `width`.
 */
import { Text } from 'ink';
import { clip } from './format.ts';
import { PANE_IDS, PANE_TITLES, type PaneId } from './layout.ts';
import { FOCUS_COLOUR } from './theme.ts';

export interface TabBarProps {
  /** The pane on screen. */
  shown: PaneId;
  width: number;
}

export function TabBar({ shown, width }: TabBarProps) {
  let used = 0;
  const tabs = PANE_IDS.map((id, i) => {
    const label = id === shown ? `[${i + 1} ${PANE_TITLES[id]}]` : ` ${i + 1} ${PANE_TITLES[id]} `;
    const text = clip(label, Math.max(0, width - used));
    used += text.length;
    return (
      <Text key={id} inverse={id === shown} color={id === shown ? FOCUS_COLOUR : undefined}>
        {text}
      </Text>
    );
  });
  return <Text wrap="truncate">{tabs}</Text>;
}
