/**
 * The scheduler pane: the slice vector (each position's owner; the current one in brackets and
 * inverted; `~` where a PCT donated it to another environment), the current instance and a
 * pending end-of-slice deadline, overruns and penalty debt per environment, and pending
 * revocations with their deadlines.
 */
import { Text } from 'ink';
import type { KernelView } from '../../../kernel/exo/inspector.ts';
import type { Revocation } from '../../../kernel/exo/revoke-types.ts';
import type { SlicePositionView, SliceView } from '../../../kernel/exo/slice-view.ts';
import { clip } from './format.ts';
import { bodySize, PaneFrame } from './PaneFrame.tsx';
import { type Column, type Row, Table } from './Table.tsx';
import { ownerColour, ownerLetter } from './theme.ts';

const SLOT = 3;

/** ` run by env 2` for the current position, or '' when nobody runs it. */
function runnerOf(s: SliceView): string {
  const runner = s.positions[s.position]?.runner;
  return runner === null || runner === undefined ? '' : ` run by env ${runner}`;
}

/** The current instance and any end-of-slice deadline, as one or two lines. */
export function sliceStatus(s: SliceView, cycles: number): string[] {
  const lines =
    s.position < 0
      ? [`timer off · ${s.params.count} positions of ${s.params.length} cycles`]
      : [
          `phase ${s.phase} · position ${s.position} of ${s.params.count}${runnerOf(s)} · ends at ${s.endsAt} (in ${Math.max(0, s.endsAt - cycles)})`,
        ];
  lines.push(
    s.saving
      ? `end-of-slice: env ${s.saving.env} saving, deadline ${s.saving.deadline} (in ${Math.max(0, s.saving.deadline - cycles)})`
      : 'no end-of-slice deadline pending',
  );
  return lines;
}

function Slot({ p, current }: { p: SlicePositionView; current: boolean }) {
  const who = p.owner === null ? '.' : ownerLetter(p.owner);
  const donated = p.runner !== null && p.runner !== p.owner;
  const text = current ? `[${who}]` : ` ${who}${donated ? '~' : ' '}`;
  return (
    <Text
      inverse={current}
      dimColor={p.owner === null && !current}
      color={p.owner === null ? undefined : ownerColour(p.owner)}
    >
      {text}
    </Text>
  );
}

const DEBT_COLUMNS: Column[] = [
  { title: 'env', width: 4, align: 'right' },
  { title: 'slices', width: 6, align: 'right' },
  { title: 'overruns', width: 8, align: 'right' },
  { title: 'total', width: 6, align: 'right' },
  { title: 'debt', width: 0 },
];

/** `revocation 3: env 1 must give 2 frames by cycle 5000 (in 120)` */
export const revocationLine = (r: Revocation, cycles: number): string =>
  `revocation ${r.id}: env ${r.env} must give ${r.frame === null ? `${r.count} frame${r.count === 1 ? '' : 's'}` : `frame ${r.frame}`} by cycle ${r.deadline} (in ${Math.max(0, r.deadline - cycles)})`;

export interface SchedulerPaneProps {
  view: KernelView;
  /** Outer size, border included. */
  width: number;
  height: number;
  focused?: boolean;
}

export function SchedulerPane({ view, width, height, focused }: SchedulerPaneProps) {
  const body = bodySize(width, height);
  const s = view.slices;
  const perLine = Math.max(1, Math.floor(body.width / SLOT));
  const vector: SlicePositionView[][] = [];
  for (let i = 0; i < s.positions.length; i += perLine) {
    vector.push(s.positions.slice(i, i + perLine));
  }
  const status = sliceStatus(s, view.cycles);
  const pending = view.revocations.pending.map((r) => revocationLine(r, view.cycles));
  const lines = [...status.map((t) => ({ key: t, text: t }))];
  let room = body.height - lines.length;
  const vectorShown = vector.slice(0, Math.max(0, room));
  room -= vectorShown.length;
  const revShown = pending.slice(0, Math.max(0, Math.min(pending.length, room - 1)));
  room -= revShown.length;
  const rows: Row[] = s.envs.map((e) => ({
    key: String(e.env),
    cells: [
      String(e.env),
      String(e.owned.length),
      String(e.overruns),
      String(e.totalOverruns),
      String(e.debt),
    ],
    colour: ownerColour(e.env),
  }));
  const owned = s.positions.filter((p) => p.owner !== null).length;
  return (
    <PaneFrame
      title="Scheduler"
      summary={`${owned} of ${s.positions.length} slices owned · ${pending.length} revocations pending`}
      width={width}
      height={height}
      focused={focused}
    >
      {lines.slice(0, body.height).map((l) => (
        <Text key={l.key} wrap="truncate">
          {clip(l.text, body.width)}
        </Text>
      ))}
      {vectorShown.map((line) => (
        <Text key={line[0].position} wrap="truncate">
          {line.map((p) => (
            <Slot key={p.position} p={p} current={p.position === s.position} />
          ))}
        </Text>
      ))}
      {revShown.map((text) => (
        <Text key={text} color="red" wrap="truncate">
          {clip(text, body.width)}
        </Text>
      ))}
      {room >= 2 && rows.length > 0 ? (
        <Table columns={DEBT_COLUMNS} rows={rows.slice(0, room - 1)} width={body.width} />
      ) : null}
    </PaneFrame>
  );
}
