/**
 * The memory pane: a frame map (one character per physical frame: K kernel, . free, an
 * environment's letter in its colour; the frame holding `address` inverted) and a hex/ASCII view
 * of physical memory at `address`. Only the rows that fit are built: the map shows the rows around
 * the addressed frame, the hex view starts at the address. When focused, Up/Down and
 * PageUp/PageDown move the hex view through RAM and Home returns to `address`.
 */
import { Text } from 'ink';
import { useMemo } from 'react';
import type { KernelView } from '../../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../../kernel/exo/kernel.ts';
import { clip } from './format.ts';
import {
  bytesPerLine,
  type FrameOwner,
  frameChar,
  frameOwners,
  framesPerRow,
  hexLine,
  readPhysical,
} from './frame-map.ts';
import { bodySize, PaneFrame } from './PaneFrame.tsx';
import { ownerColour } from './theme.ts';
import { useHexCursor } from './use-hex-cursor.ts';

const PAGE = 4096;

/** A row's frames as runs of one owner, so a row is a few Text nodes rather than one per frame. */
export function frameRuns(
  owners: readonly FrameOwner[],
  start: number,
  count: number,
  marked: number,
) {
  const runs: { at: number; owner: FrameOwner; marked: boolean; text: string }[] = [];
  for (let n = start; n < Math.min(start + count, owners.length); n++) {
    const last = runs.at(-1);
    const isMarked = n === marked;
    if (last && last.owner === owners[n] && !last.marked && !isMarked)
      last.text += frameChar(owners[n]);
    else runs.push({ at: n, owner: owners[n], marked: isMarked, text: frameChar(owners[n]) });
  }
  return runs;
}

function FrameRun({ owner, marked, text }: { owner: FrameOwner; marked: boolean; text: string }) {
  const colour = typeof owner === 'number' ? ownerColour(owner) : undefined;
  return (
    <Text color={colour} dimColor={owner === 'free'} inverse={marked}>
      {text}
    </Text>
  );
}

function Legend({ view, width }: { view: KernelView; width: number }) {
  const envs = view.envs.filter((e) => e.frames.length > 0);
  const text = ['K kernel', '. free', ...envs.map((e) => `${frameChar(e.id)} ${e.name}`)];
  return <Text wrap="truncate">{clip(text.join('  '), width)}</Text>;
}

export interface MemoryPaneProps {
  view: KernelView;
  /** Read-only access to the frame table and physical memory; without it only the map is drawn. */
  kernel?: Exokernel;
  /** Physical address of the hex view (and of the frame marked in the map). */
  address?: number;
  /** Outer size, border included. */
  width: number;
  height: number;
  focused?: boolean;
}

export function MemoryPane({ view, kernel, address = 0, width, height, focused }: MemoryPaneProps) {
  const body = bodySize(width, height);
  const owners = useMemo(() => frameOwners(view, kernel), [view, kernel]);
  const perRow = framesPerRow(body.width);
  const mapRows = Math.ceil(owners.length / perRow);
  const room = Math.max(0, body.height - 1);
  const mapBudget = Math.min(mapRows, kernel ? Math.max(1, Math.floor(room / 2)) : room);
  const hexRows = kernel ? Math.max(0, room - mapBudget) : 0;
  const per = bytesPerLine(body.width);
  const ram = kernel?.machine.memory.size ?? 0;
  const shown = useHexCursor(Boolean(focused), address, per, hexRows, Math.max(0, ram - per));
  const base = shown - (shown % per);
  const marked = Math.floor(shown / PAGE);
  const markedRow = Math.floor(marked / perRow);
  const firstRow = Math.max(0, Math.min(markedRow - (mapBudget >> 1), mapRows - mapBudget));
  const f = view.frames;
  return (
    <PaneFrame
      title="Memory"
      summary={`${f.total} frames: ${f.free} free, ${f.kernel} kernel · at ${clip(base.toString(16), 8)}`}
      width={width}
      height={height}
      focused={focused}
    >
      <Legend view={view} width={body.width} />
      {Array.from({ length: mapBudget }, (_, i) => {
        const start = (firstRow + i) * perRow;
        return (
          <Text key={start} wrap="truncate">
            {String(start).padStart(4)}{' '}
            {frameRuns(owners, start, perRow, marked).map((run) => (
              <FrameRun key={run.at} owner={run.owner} marked={run.marked} text={run.text} />
            ))}
          </Text>
        );
      })}
      {Array.from({ length: hexRows }, (_, i) => {
        const at = base + i * per;
        return (
          <Text key={at} wrap="truncate">
            {clip(hexLine(at, readPhysical(kernel!, at, per)), body.width)}
          </Text>
        );
      })}
    </PaneFrame>
  );
}
