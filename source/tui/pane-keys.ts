/**
 * Keys while a pane has the keyboard (pure): Escape gives it back to the REPL line (leaving a
 * zoom first), z or Enter zooms the pane to the whole screen and back, and in the event log
 * k and e step the filter through the kinds and environments seen (a shows all again). Arrows,
 * PageUp/PageDown, Home/End scroll inside the pane (the panes' own hooks read them); every other
 * key is kept from the line, so typing does not land in a command unseen.
 */
import type { Key } from 'ink';
import type { AppAction } from './app-state.ts';
import { logChoices } from './focus.ts';

export function paneKeyActions(
  input: string,
  key: Key,
  focus: string,
  events: readonly { kind: string; env: number }[],
): AppAction[] {
  // Actions that the reducer resolves against the newest state: keys that arrive together
  // (a key held down, a paste) each see the one before's effect.
  if (key.escape) return [{ type: 'pane-escape' }];
  if (input === 'z' || key.return) return [{ type: 'zoom-toggle' }];
  if (focus !== 'log') return [];
  const { kinds, envs } = logChoices(events);
  if (input === 'k') return [{ type: 'log-cycle', field: 'kind', values: kinds }];
  if (input === 'e') return [{ type: 'log-cycle', field: 'env', values: envs }];
  if (input === 'a') return [{ type: 'log-filter', filter: {} }];
  return [];
}

/** What the REPL row says while a pane has the keyboard. */
export function paneHint(focus: string, zoomed: boolean): string {
  const log = focus === 'log' ? ' · k kind · e env · a all' : '';
  // Fits 80 columns for every pane; the help overlay (? or F1) has the rest.
  // The log's filter keys take the room of PageUp/PageDown (which work there too).
  const scroll = focus === 'log' ? '↑↓' : '↑↓ PgUp PgDn';
  return `[${focus}] ${scroll} scroll · z ${zoomed ? 'unzoom' : 'zoom'}${log} · F6 next · Esc back`;
}
