/**
 * Pure helpers for the TLB pane: which entries changed between two snapshots, the order they
 * are shown in (valid first, each group by index), and one entry as a fixed-width cell.
 *
 *   *12 00400 01 00123 -DV-      change mark, index, VPN, ASID, PFN, N D V G
 */
import type { TlbEntryView } from '../../../kernel/exo/inspector.ts';
import { hex5 } from './format.ts';
import { CHANGED } from './theme.ts';

/** Width of one entry cell, and of the header above a column of cells. */
export const TLB_CELL = 23;
export const TLB_HEADER = ' ix VPN   AS PFN   NDVG';

const same = (a: TlbEntryView, b: TlbEntryView) =>
  a.vpn === b.vpn &&
  a.asid === b.asid &&
  a.pfn === b.pfn &&
  a.n === b.n &&
  a.d === b.d &&
  a.v === b.v &&
  a.g === b.g;

/** Indices of entries that differ from `previous` (none when there is no previous snapshot). */
export function changedEntries(
  previous: readonly TlbEntryView[] | undefined,
  current: readonly TlbEntryView[],
): Set<number> {
  const changed = new Set<number>();
  if (previous === undefined) return changed;
  for (const e of current) {
    const before = previous[e.index];
    if (before === undefined || !same(before, e)) changed.add(e.index);
  }
  return changed;
}

/** Valid entries first, then invalid ones, each in index order. */
export const orderEntries = (entries: readonly TlbEntryView[]): TlbEntryView[] => [
  ...entries.filter((e) => e.v),
  ...entries.filter((e) => !e.v),
];

const flag = (on: boolean, letter: string) => (on ? letter : '-');

/** One entry as a TLB_CELL-wide cell. */
export function entryCell(e: TlbEntryView, changed: boolean): string {
  const flags = flag(e.n, 'N') + flag(e.d, 'D') + flag(e.v, 'V') + flag(e.g, 'G');
  const asid = e.asid.toString(16).padStart(2, '0');
  return `${changed ? CHANGED : ' '}${String(e.index).padStart(2)} ${hex5(e.vpn)} ${asid} ${hex5(e.pfn)} ${flags}`;
}
