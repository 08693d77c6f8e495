// Where the keyboard goes (source/tui/focus.ts) and the app reducer's focus, zoom and log
// filter actions, which resolve against the newest state so keys that arrive together add up.
import { describe, expect, test } from 'vitest';
import { type AppAction, appReducer, initialApp } from '../../../source/tui/app-state.ts';
import { cycle, logChoices, nextFocus } from '../../../source/tui/focus.ts';
import { layout } from '../../../source/tui/layout.ts';
import { paneHint } from '../../../source/tui/pane-keys.ts';
import { PANE_IDS } from '../../../source/tui/panes/layout.ts';

const IDS = ['memory', 'tlb', 'log'];
const run = (...actions: AppAction[]) => actions.reduce(appReducer, initialApp([]));

describe('focus', () => {
  test('F6 goes line → panes in order → line; Shift-Tab the other way', () => {
    expect(nextFocus(null, IDS, 1)).toBe('memory');
    expect(nextFocus('log', IDS, 1)).toBeNull();
    expect(nextFocus(null, IDS, -1)).toBe('log');
    expect(nextFocus('memory', [], 1)).toBeNull();
  });

  test('three F6 at once land on the third place; the pane shown follows', () => {
    const move: AppAction = { type: 'focus-move', by: 1, ids: IDS };
    expect(run(move, move, move)).toMatchObject({ focus: 'log', pane: 'log' });
  });

  test('Alt-n with a pane focused moves the keyboard to the pane it shows', () => {
    expect(run({ type: 'pane', id: 'tlb' })).toMatchObject({ pane: 'tlb', focus: null });
    expect(run({ type: 'focus', pane: 'memory' }, { type: 'pane', id: 'log' })).toMatchObject({
      pane: 'log',
      focus: 'log',
    });
  });

  test('z toggles a zoom only with a pane focused; Escape unzooms, then leaves the pane', () => {
    expect(run({ type: 'zoom-toggle' }).zoomed).toBe(false);
    const zoomed = run({ type: 'focus', pane: 'tlb' }, { type: 'zoom-toggle' });
    expect(zoomed).toMatchObject({ focus: 'tlb', zoomed: true });
    const once = appReducer(zoomed, { type: 'pane-escape' });
    expect(once).toMatchObject({ focus: 'tlb', zoomed: false });
    expect(appReducer(once, { type: 'pane-escape' })).toMatchObject({ focus: null });
  });

  test('the log filter steps through the kinds and environments seen, then all', () => {
    const { kinds, envs } = logChoices([
      { kind: 'frame', env: 1 },
      { kind: 'bind', env: 1 },
      { kind: 'env', env: -1 },
    ]);
    expect(kinds).toEqual(['bind', 'env', 'frame']);
    expect(envs).toEqual([-1, 1]);
    expect(cycle(kinds, undefined)).toBe('bind');
    expect(cycle(kinds, 'frame')).toBeUndefined();
    const k: AppAction = { type: 'log-cycle', field: 'kind', values: kinds };
    const e: AppAction = { type: 'log-cycle', field: 'env', values: envs };
    expect(run(k, k, e).log).toEqual({ kind: 'env', env: -1 });
  });

  test('a zoomed layout gives the panes the whole body and the output none', () => {
    const zoomed = layout(80, 24, true);
    expect(zoomed.output).toBeNull();
    expect(zoomed.panes).toEqual(zoomed.body);
    // No room for panes: zoom changes nothing.
    expect(layout(80, 10, true).output).not.toBeNull();
  });

  test('the hint in the REPL row for a focused pane fits 80 columns', () => {
    for (const id of PANE_IDS) {
      for (const zoomed of [false, true])
        expect(paneHint(id, zoomed).length).toBeLessThanOrEqual(80);
    }
  });
});
