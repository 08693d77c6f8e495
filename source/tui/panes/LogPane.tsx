/**
 * The event log pane: the kernel's events, newest at the bottom, optionally only one kind and/or
 * one environment. `offset` counts rows back from the newest; without it a focused pane scrolls
 * with the arrow keys.
 */
import { Text } from 'ink';
import type { KernelEvent } from '../../../kernel/exo/events.ts';
import type { KernelView } from '../../../kernel/exo/inspector.ts';
import { cell, clip } from './format.ts';
import { bodySize, PaneFrame } from './PaneFrame.tsx';
import { ownerColour } from './theme.ts';
import { useScroll } from './use-scroll.ts';

/** Events of `kind` (any when undefined) concerning `env` (any when undefined), oldest first. */
export const filterEvents = (events: readonly KernelEvent[], kind?: string, env?: number) =>
  events.filter(
    (e) => (kind === undefined || e.kind === kind) && (env === undefined || e.env === env),
  );

/** `    1234 bind      1  0x00400000 -> frame 256 rw` */
export const eventLine = (e: KernelEvent): string =>
  `${String(e.cycle).padStart(8)} ${cell(e.kind, 9)} ${e.env < 0 ? ' k' : String(e.env).padStart(2)}  ${e.text}`;

export interface LogPaneProps {
  view: KernelView;
  /** Outer size, border included. */
  width: number;
  height: number;
  focused?: boolean;
  /** Only events of this kind (bind, frame, slice …). */
  kind?: string;
  /** Only events concerning this environment id (-1 for the kernel's own). */
  env?: number;
  /** Rows scrolled back from the newest event; when given, keys do not scroll. */
  offset?: number;
}

export function LogPane({ view, width, height, focused = false, kind, env, offset }: LogPaneProps) {
  const body = bodySize(width, height);
  const events = filterEvents(view.events, kind, env);
  const visible = body.height;
  const scrolled = useScroll(focused && offset === undefined, events.length, visible, true);
  const top = Math.max(0, events.length - visible);
  const start = Math.max(0, top - Math.max(0, offset ?? scrolled));
  // Numbered by position in the filtered log: two events can have the same cycle and text.
  const shown = events.slice(start, start + visible).map((e, i) => ({ e, n: start + i }));
  const filters = [kind && `kind ${kind}`, env !== undefined && `env ${env}`].filter(Boolean);
  const where = `${shown.length} of ${events.length}${filters.length ? ` (${filters.join(', ')})` : ''}`;
  return (
    <PaneFrame title="Log" summary={where} width={width} height={height} focused={focused}>
      {events.length === 0 ? <Text dimColor>{clip('no events', body.width)}</Text> : null}
      {shown.map(({ e, n }) => (
        <Text key={n} wrap="truncate" color={e.env > 0 ? ownerColour(e.env) : undefined}>
          {clip(eventLine(e), body.width)}
        </Text>
      ))}
    </PaneFrame>
  );
}
