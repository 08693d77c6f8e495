/**
 * The panes, laid out for the space they are given: all six side by side in a wide terminal, one
 * at a time under a tab bar in a small one (80×24), or one zoomed. Every pane is a view over an
 * inspector snapshot; the kernel is only read (frame owners, physical memory, registers).
 */
import { Box } from 'ink';
import { type ReactNode, useMemo } from 'react';
import type { KernelView } from '../../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../../kernel/exo/kernel.ts';
import { EnvsPane } from './EnvsPane.tsx';
import { LabPane } from './LabPane.tsx';
import { LogPane } from './LogPane.tsx';
import type { LabPaneState } from './lab-status.ts';
import { asPaneId, layoutPanes, type Placement } from './layout.ts';
import { MemoryPane } from './MemoryPane.tsx';
import { RegistersPane } from './RegistersPane.tsx';
import { followedEnv, readRegisters } from './registers.ts';
import { SchedulerPane } from './SchedulerPane.tsx';
import { TabBar } from './TabBar.tsx';
import { TlbPane } from './TlbPane.tsx';
import { useLabStatus } from './use-lab-status.ts';

export { EnvsPane, type EnvsPaneProps, envRows, envStatus } from './EnvsPane.tsx';
export { frameOwners, hexLine } from './frame-map.ts';
export { LabPane, type LabPaneProps, labLines } from './LabPane.tsx';
export { eventLine, filterEvents, LogPane, type LogPaneProps } from './LogPane.tsx';
export { type LabPaneState, readLabPane, readmeSteps } from './lab-status.ts';
export {
  asPaneId,
  type Layout,
  layoutPanes,
  PANE_IDS,
  PANE_TITLES,
  type PaneId,
  type Placement,
  paneForKey,
} from './layout.ts';
export { MemoryPane, type MemoryPaneProps } from './MemoryPane.tsx';
export { RegistersPane, type RegistersPaneProps } from './RegistersPane.tsx';
export {
  changedRegisters,
  followedEnv,
  type RegisterSnapshot,
  readRegisters,
} from './registers.ts';
export { SchedulerPane, type SchedulerPaneProps } from './SchedulerPane.tsx';
export { TabBar } from './TabBar.tsx';
export { TlbPane, type TlbPaneProps } from './TlbPane.tsx';

export interface PanesProps {
  /** The snapshot every pane shows: inspect(kernel). */
  view: KernelView;
  /** Read-only access for the memory and registers panes; without it they show less. */
  kernel?: Exokernel;
  /** Size of the whole pane area. */
  width: number;
  height: number;
  /**
   * The pane with focus (its border is double and it takes scroll keys): a PaneId; null, or any
   * other string, for none (the REPL line has the keyboard).
   */
  focused?: string | null;
  /** Show the focused pane alone, over the whole area. */
  zoomed?: boolean;
  /** The pane shown when they collapse to tabs (default: the focused one, else the TLB). */
  selected?: string;
  /** Physical address of the memory pane's hex view (default: the followed environment's first frame). */
  address?: number;
  /** Event log filter and scroll (rows back from the newest). */
  log?: { kind?: string; env?: number; offset?: number };
  /** Where the lab pane looks for the student's lab workspace (default: the current folder). */
  labDir?: string;
  /** The lab pane's state as given (tests); default: read from labDir and kept current. */
  lab?: LabPaneState;
}

/** The first frame of the environment the registers pane follows, else 0. */
export function defaultAddress(view: KernelView): number {
  const env = view.envs.find((e) => e.id === followedEnv(view));
  return (env?.frames[0] ?? 0) * 4096;
}

export function Panes(props: PanesProps) {
  const { view, kernel, width, height, zoomed = false } = props;
  const focused = asPaneId(props.focused);
  const registers = useMemo(() => (kernel ? readRegisters(kernel, view) : null), [kernel, view]);
  const labStatus = useLabStatus(props.labDir);
  const lab = props.lab ?? labStatus;
  const layout = layoutPanes(width, height, {
    zoomed: zoomed ? focused : null,
    selected: asPaneId(props.selected) ?? focused ?? undefined,
  });
  const pane = (p: Placement): ReactNode => {
    const common = { width: p.width, height: p.height, focused: p.id === focused };
    switch (p.id) {
      case 'memory':
        return (
          <MemoryPane
            view={view}
            kernel={kernel}
            address={props.address ?? defaultAddress(view)}
            {...common}
          />
        );
      case 'tlb':
        return <TlbPane view={view} {...common} />;
      case 'scheduler':
        return <SchedulerPane view={view} {...common} />;
      case 'envs':
        return <EnvsPane view={view} {...common} />;
      case 'registers':
        return <RegistersPane registers={registers} stamp={view.cycles} {...common} />;
      case 'log':
        return <LogPane view={view} {...props.log} {...common} />;
      case 'lab':
        return <LabPane lab={lab} {...common} />;
    }
  };
  if (layout.kind === 'tabs') {
    const [only] = layout.placements;
    return (
      <Box flexDirection="column" width={width} height={height}>
        {zoomed && focused ? null : <TabBar shown={layout.shown} width={width} />}
        <Box key={only.id}>{pane(only)}</Box>
      </Box>
    );
  }
  const rows: Placement[][] = [];
  layout.placements.forEach((p, i) => {
    const row = Math.floor(i / layout.columns);
    rows[row] = [...(rows[row] ?? []), p];
  });
  return (
    <Box flexDirection="column" width={width} height={height}>
      {rows.map((row) => (
        <Box key={row[0].id} flexDirection="row" height={row[0].height} flexShrink={0}>
          {row.map((p) => (
            <Box key={p.id} width={p.width} height={p.height} flexShrink={0}>
              {pane(p)}
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}
