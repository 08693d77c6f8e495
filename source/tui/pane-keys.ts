/**
 * Keys while a pane has the keyboard (pure): Escape gives it back to the REPL line (leaving a
 * zoom first), z or Enter zooms the pane to the whole screen and back, and in the event log
 * k and e step the filter through the kinds and environments seen (a shows all again). Arrows,
 * PageUp/PageDown, Home/End scroll inside the pane (the panes' own hooks read them); every other
 * key is kept from the line, so typing does not land in a command unseen.
 */
import type { Key } from 'ink';
import type { AppAction, AppState } from './app-state.ts';
import { cycle, logChoices } from './focus.ts';

export function paneKeyActions(
  input: string,
  key: Key,
  state: Pick<AppState, 'focus' | 'zoomed' | 'log'>,
  events: readonly { kind: string; env: number }[],
): AppAction[] {
  if (key.escape) {
    return state.zoomed ? [{ type: 'zoom', on: false }] : [{ type: 'focus', pane: null }];
  }
  if (input === 'z' || key.return) return [{ type: 'zoom', on: !state.zoomed }];
  if (state.focus !== 'log') return [];
  const { kinds, envs } = logChoices(events);
  if (input === 'k') {
    return [{ type: 'log-filter', filter: { ...state.log, kind: cycle(kinds, state.log.kind) } }];
  }
  if (input === 'e') {
    return [{ type: 'log-filter', filter: { ...state.log, env: cycle(envs, state.log.env) } }];
  }
  if (input === 'a') return [{ type: 'log-filter', filter: {} }];
  return [];
}

/** What the REPL row says while a pane has the keyboard. */
export function paneHint(focus: string, zoomed: boolean): string {
  const log = focus === 'log' ? ' · k kind · e env · a all' : '';
  return `[${focus}] ↑↓ PgUp PgDn Home End scroll · z ${zoomed ? 'unzoom' : 'zoom'}${log} · F6/Shift-Tab next/previous · Esc back to the line`;
}
