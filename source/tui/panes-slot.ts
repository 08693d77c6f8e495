/**
 * The contract with the panes (source/tui/panes/index.tsx, built separately): a component
 * `Panes` that draws the machine from an inspector snapshot in the box it is given. The panes
 * are loaded on demand, by a literal import so that the start-up bundle (scripts/bundle.mjs)
 * includes them; if they fail to load or to render, a placeholder says why and the REPL goes
 * on working.
 */
import type { ComponentType } from 'react';
import type { KernelView } from '../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../kernel/exo/kernel.ts';

export interface PanesProps {
  /** A snapshot of the kernel (kernel/exo/inspector.ts). */
  view: KernelView;
  /** Read-only, for what a snapshot does not hold (memory contents, registers). */
  kernel?: Exokernel;
  width: number;
  height: number;
  /** The pane with the keyboard (it scrolls with the arrow keys); null: the REPL line has it. */
  focused: string | null;
  /** The focused pane alone, over the whole box. */
  zoomed?: boolean;
  /** The pane shown when they collapse to tabs (chosen with Alt-1…6). */
  selected?: string;
  /** The event log's filter: one kind, one environment (-1 the kernel). */
  log?: { kind?: string; env?: number };
  /** Where the lab pane finds the student's lab workspace: the session's lab folder. */
  labDir?: string;
}

export type PanesComponent = ComponentType<PanesProps>;

/** What the panes module offers: its component and its panes' ids in tab order (`PANE_IDS`). */
export interface LoadedPanes {
  Panes: PanesComponent | null;
  ids: string[];
  /** Why the module failed to load, if it is there but broken. */
  problem?: string;
}

/** The panes module's `Panes` and `PANE_IDS`; no Panes when there is no such module. */
export async function loadPanes(
  load: () => Promise<unknown> = () => import('./panes/index.tsx'),
  name = './panes/index.tsx',
): Promise<LoadedPanes> {
  try {
    const module = (await load()) as { Panes?: PanesComponent; PANE_IDS?: string[] };
    return { Panes: module.Panes ?? null, ids: [...(module.PANE_IDS ?? [])] };
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes(name.slice(2))) {
      return { Panes: null, ids: [] };
    }
    const problem = `the panes failed to load: ${err.message?.split('\n')[0] ?? err}`;
    return { Panes: null, ids: [], problem };
  }
}
