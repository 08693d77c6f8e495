/**
 * The exolab shell (DESIGN.md section 5, "TUI"): the output of the REPL, the panes, the REPL
 * line and a status bar, on a session whose machine is already booted. The app fills the
 * terminal but for its last row and follows resizes. While a pane has the keyboard the REPL row
 * says which keys it takes; a zoomed pane takes the output area's place too.
 */
import { Box, useFocusManager } from 'ink';
import { memo, useEffect, useMemo, useReducer } from 'react';
import { inspect } from '../../kernel/exo/inspector.ts';
import type { Session } from '../repl/index.ts';
import { appReducer, initialApp } from './app-state.ts';
import { freeStateName } from './boot.ts';
import { HelpOverlay, helpMaxOffset } from './HelpOverlay.tsx';
import { layout } from './layout.ts';
import { OutputArea } from './OutputArea.tsx';
import { PanesBoundary } from './PanesBoundary.tsx';
import { PanesPlaceholder } from './PanesPlaceholder.tsx';
import { paneHint } from './pane-keys.ts';
import type { PanesComponent } from './panes-slot.ts';
import { ReplRow } from './ReplRow.tsx';
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
  /** The panes' ids in tab order, for Alt-1…7. */
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
  /** A file for `s` when leaving with unsaved work (default: a new name in the current folder). */
  stateFile?: () => string;
}

/** Events the panes' snapshot carries (the log pane filters within them). */
const VIEW_EVENTS = 400;

export function App(props: AppProps) {
  const { session } = props;
  // Keys typed into the line re-render the REPL row alone (ReplRow.tsx); the panes, output area
  // and status bar redraw only when their props change.
  const Panes = useMemo(() => (props.Panes ? memo(props.Panes) : null), [props.Panes]);
  const size = useTerminalSize({ columns: props.columns, rows: props.rows });
  const [state, dispatch] = useReducer(appReducer, props.initialLines, initialApp);
  const box = layout(size.columns, size.rows, state.zoomed);
  const raw = useRawInput();
  const shell = useShell({
    session,
    state,
    dispatch,
    page: Math.max(1, (box.output ?? box.body).height - 1),
    width: (box.output ?? box.body).width,
    paneIds: props.paneIds ?? [],
    onLine: props.onLine,
    sliceCycles: props.sliceCycles,
    panesShown: box.panes !== null && Boolean(Panes),
    stateFile: props.stateFile ?? (() => freeStateName()),
    helpMax: helpMaxOffset(box.body.height),
  });
  const { disableFocus } = useFocusManager();
  // Tab is completion here, not focus cycling.
  useEffect(() => disableFocus(), [disableFocus]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick says when the machine changed
  const view = useMemo(
    () => (Panes ? inspect(session.kernel, VIEW_EVENTS) : null),
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
        <HelpOverlay {...box.body} offset={state.helpScroll} />
      ) : (
        <Box flexDirection={box.direction === 'row' ? 'row-reverse' : 'column'} {...box.body}>
          {box.panes && view && Panes ? (
            <PanesBoundary {...box.panes} resetKey={state.tick}>
              <Panes
                view={view}
                kernel={kernel}
                {...box.panes}
                focused={state.focus}
                zoomed={state.zoomed}
                selected={state.pane}
                log={state.log}
                labDir={session.lab?.folder}
              />
            </PanesBoundary>
          ) : box.panes ? (
            <PanesPlaceholder {...box.panes} problem={props.panesProblem} />
          ) : null}
          {box.output ? (
            <OutputArea lines={state.lines} scroll={state.scroll} {...box.output} />
          ) : null}
        </Box>
      )}
      <ReplRow
        options={{ ...shell, history: props.history }}
        raw={raw}
        prompt={session.prompt()}
        notice={
          state.quitting
            ? `leave? s: save to ${state.quitting.file} · y: don't save · n/Esc: stay`
            : state.focus !== null
              ? paneHint(state.focus, state.zoomed)
              : undefined
        }
        width={box.screen.width}
        row={box.body.height}
        hint={
          state.running
            ? 'running… Ctrl-C stops'
            : state.job
              ? `${state.job.split(/\s/)[0]}… Ctrl-C cancels`
              : undefined
        }
      />
      <StatusBar
        cycles={kernel.cycles}
        running={running}
        env={env ? `env ${env.id} ${env.name}` : 'no environment'}
        steps={session.steps}
        width={box.screen.width}
        size={size.resized ? `${size.columns}×${size.rows}` : undefined}
      />
    </Box>
  );
}
