/**
 * The contract with the panes (source/tui/panes/index.tsx, built separately): a component
 * `Panes` that draws the machine from an inspector snapshot in the box it is given. The panes
 * are loaded by a computed name, so exolab builds and runs before that module exists; if it
 * fails to load or to render, a placeholder says why and the REPL goes on working.
 */
import type { ComponentType } from 'react';
import type { KernelView } from '../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../kernel/exo/kernel.ts';
import { PanesPlaceholder } from './PanesPlaceholder.tsx';

export interface PanesProps {
  /** A snapshot of the kernel (kernel/exo/inspector.ts). */
  view: KernelView;
  /** Read-only, for what a snapshot does not hold (memory contents, registers). */
  kernel?: Exokernel;
  width: number;
  height: number;
  /** The pane with the keyboard; null in this first landing: the REPL line has it. */
  focused: string | null;
}

export type PanesComponent = ComponentType<PanesProps>;

/** The panes module's `Panes`; null when there is no such module. */
export async function loadPanes(name = './panes/index.tsx'): Promise<PanesComponent | null> {
  try {
    const module = (await import(name)) as { Panes?: PanesComponent };
    return module.Panes ?? null;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes(name.slice(2))) return null;
    const problem = `the panes failed to load: ${err.message?.split('\n')[0] ?? err}`;
    return ({ width, height }: PanesProps) => (
      <PanesPlaceholder width={width} height={height} problem={problem} />
    );
  }
}
