/**
 * The TLB pane: the 64 hardware entries (valid ones first, invalid ones dimmed), entries changed
 * since the previous snapshot marked `*` and coloured, and the STLB's size, valid entries and
 * hit rate. As many columns of entries as the width allows; Up/Down scroll when focused.
 */
import { Text } from 'ink';
import type { KernelView } from '../../../kernel/exo/inspector.ts';
import { percent } from './format.ts';
import { bodySize, PaneFrame } from './PaneFrame.tsx';
import { mergeRuns } from './runs.ts';
import { CHANGED_COLOUR } from './theme.ts';
import { changedEntries, entryCell, orderEntries, TLB_CELL, TLB_HEADER } from './tlb-rows.ts';
import { usePrevious } from './use-previous.ts';
import { useScroll } from './use-scroll.ts';

const GAP = '   ';

export interface TlbPaneProps {
  /** The snapshot to show; a new `cycles` value makes the old one the comparison point. */
  view: KernelView;
  /** Outer size, border included. */
  width: number;
  height: number;
  /** Focused panes scroll with the arrow keys. */
  focused?: boolean;
}

export function TlbPane({ view, width, height, focused = false }: TlbPaneProps) {
  const previous = usePrevious(view.tlb, view.cycles);
  const changed = changedEntries(previous, view.tlb);
  const body = bodySize(width, height);
  const columns = Math.max(1, Math.floor((body.width + GAP.length) / (TLB_CELL + GAP.length)));
  const entries = orderEntries(view.tlb);
  const rows: (typeof entries)[] = [];
  for (let i = 0; i < entries.length; i += columns) rows.push(entries.slice(i, i + columns));
  const visible = Math.max(0, body.height - 2);
  const offset = useScroll(focused, rows.length, visible);
  const valid = entries.filter((e) => e.v).length;
  const s = view.stlb;
  const stlb = `STLB ${s.valid}/${s.size} valid, hit rate ${percent(s.hitRate)} (${s.hits} hits, ${s.misses} misses)`;
  const fits = columns * TLB_CELL + (columns - 1) * GAP.length <= body.width;
  return (
    <PaneFrame
      title="TLB"
      summary={`${valid} of ${view.tlb.length} valid, ${changed.size} changed`}
      width={width}
      height={height}
      focused={focused}
    >
      <Text wrap="truncate">{stlb.slice(0, body.width)}</Text>
      <Text bold wrap="truncate">
        {Array.from({ length: columns }, () => TLB_HEADER)
          .join(GAP)
          .slice(0, body.width)}
      </Text>
      {rows.slice(offset, offset + visible).map((row) => (
        <Text key={row[0].index} wrap="truncate">
          {mergeRuns(
            row.map((e, i) => ({
              text: (i > 0 ? GAP : '') + entryCell(e, changed.has(e.index)),
              style: changed.has(e.index) ? 'changed' : e.v ? 'valid' : 'invalid',
            })),
          ).map((run) => (
            <Text
              key={run.at}
              dimColor={run.style === 'invalid'}
              bold={run.style === 'changed'}
              color={run.style === 'changed' ? CHANGED_COLOUR : undefined}
            >
              {fits ? run.text : run.text.slice(0, body.width)}
            </Text>
          ))}
        </Text>
      ))}
    </PaneFrame>
  );
}
