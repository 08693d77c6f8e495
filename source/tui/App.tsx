/**
 * The exolab shell (DESIGN.md section 5, "TUI"): the output of the REPL, the panes, the REPL
 * line and a status bar, on a session whose machine is already booted. The app fills the
 * terminal but for its last row and follows resizes.
 */
import { Box, useFocusManager } from 'ink';
import { useEffect, useMemo, useReducer } from 'react';
import { inspect } from '../../kernel/exo/inspector.ts';
import type { Session } from '../repl/index.ts';
import { appReducer, initialApp } from './app-state.ts';
import { HelpOverlay } from './HelpOverlay.tsx';
import { layout } from './layout.ts';
import { LineEditor } from './line-editor/LineEditor.tsx';
import { useLineEditor } from './line-editor/use-line-editor.ts';
import { OutputArea } from './OutputArea.tsx';
import { PanesBoundary } from './PanesBoundary.tsx';
import { PanesPlaceholder } from './PanesPlaceholder.tsx';
import type { PanesComponent } from './panes-slot.ts';
import { StatusBar } from './StatusBar.tsx';
import { useRawInput } from './use-raw-input.ts';
import { useShell } from './use-shell.ts';
import { useTerminalSize } from './use-terminal-size.ts';

export interface AppProps {
  /** The session the REPL line drives (its machine already booted). */
  session: Session;
  /** The output area's first lines (the welcome). */
  initialLines: string[];
  /** The panes (source/tui/panes/); a placeholder box when absent. */
  Panes?: PanesComponent | null;
  /** Why the panes module failed to load, shown in its place. */
  panesProblem?: string;
  /** The panes' ids in tab order, for Alt-1…6. */
  paneIds?: string[];
  /** Earlier command lines, oldest first. */
  history?: string[];
  /** Called with each line entered (to save history). */
  onLine?: (line: string) => void;
  /** A fixed size instead of the terminal's (tests). */
  columns?: number;
  rows?: number;
  /** Cycles per slice of a run (tests use small ones). */
  sliceCycles?: number;
}

export function App(props: AppProps) {
  const { session, Panes } = props;
  const size = useTerminalSize({ columns: props.columns, rows: props.rows });
  const box = layout(size.columns, size.rows);
  const [state, dispatch] = useReducer(appReducer, props.initialLines, initialApp);
  const raw = useRawInput();
  const shell = useShell({
    session,
    state,
    dispatch,
    page: Math.max(1, box.output.height - 1),
    width: box.output.width,
    paneIds: props.paneIds ?? [],
    onLine: props.onLine,
    sliceCycles: props.sliceCycles,
  });
  const editor = useLineEditor({ ...shell, history: props.history }, raw);
  const { disableFocus } = useFocusManager();
  // Tab is completion here, not focus cycling.
  useEffect(() => disableFocus(), [disableFocus]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick says when the machine changed
  const view = useMemo(
    () => (Panes ? inspect(session.kernel) : null),
    [Panes, session, state.tick],
  );
  const kernel = session.kernel;
  const env = kernel.current ?? session.env;
  const running = state.running
    ? { cycles: state.running.cycles, ms: Date.now() - state.running.startedMs }
    : null;

  return (
    <Box flexDirection="column" width={box.screen.width} height={box.screen.height}>
      {state.help ? (
        <HelpOverlay {...box.body} />
      ) : (
        <Box flexDirection={box.direction === 'row' ? 'row-reverse' : 'column'} {...box.body}>
          {box.panes && view && Panes ? (
            <PanesBoundary {...box.panes} resetKey={state.tick}>
              <Panes
                view={view}
                kernel={kernel}
                {...box.panes}
                focused={null}
                selected={state.pane}
              />
            </PanesBoundary>
          ) : box.panes ? (
            <PanesPlaceholder {...box.panes} problem={props.panesProblem} />
          ) : null}
          <OutputArea lines={state.lines} scroll={state.scroll} {...box.output} />
        </Box>
      )}
      <LineEditor
        prompt={session.prompt()}
        state={editor.state}
        width={box.screen.width}
        row={box.body.height}
        hint={state.running ? 'running… Ctrl-C stops' : undefined}
      />
      <StatusBar
        cycles={kernel.cycles}
        running={running}
        env={env ? `env ${env.id} ${env.name}` : 'no environment'}
        width={box.screen.width}
        size={size.resized ? `${size.columns}×${size.rows}` : undefined}
      />
    </Box>
  );
}
