/**
 * Keeps a failure inside the panes from taking the REPL down with it: the panes are replaced
 * by a placeholder naming the error, and the next snapshot (`resetKey`) tries them again.
 */
import { Component, type ReactNode } from 'react';
import { PanesPlaceholder } from './PanesPlaceholder.tsx';

export interface PanesBoundaryProps {
  width: number;
  height: number;
  /** A new value clears the error and renders the panes again. */
  resetKey: number;
  children: ReactNode;
}

interface BoundaryState {
  error: string | null;
  key: number;
}

export class PanesBoundary extends Component<PanesBoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null, key: 0 };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  static getDerivedStateFromProps(
    props: PanesBoundaryProps,
    state: BoundaryState,
  ): Partial<BoundaryState> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    const { width, height, children } = this.props;
    if (this.state.error === null) return children;
    const problem = `the panes failed: ${this.state.error}`;
    return <PanesPlaceholder width={width} height={height} problem={problem} />;
  }
}
