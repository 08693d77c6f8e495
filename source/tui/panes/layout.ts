/**
 * Where the panes go for a terminal size: the six machine panes in a grid when there is room
 * (3 × 2 from 160 columns, 2 × 3 from 100 columns and 36 rows), otherwise one pane at a time
 * under a tab bar. The lab pane (7) is not in the grid: chosen or focused there, it takes the
 * log's place. A zoomed pane always takes the whole area. Pure, so it is tested without rendering.
 */

export const PANE_IDS = ['memory', 'tlb', 'scheduler', 'envs', 'registers', 'log', 'lab'] as const;
export type PaneId = (typeof PANE_IDS)[number];
/** The panes of the grid, in order; the others take the last one's place when chosen. */
const GRID_IDS: readonly PaneId[] = PANE_IDS.slice(0, 6);

/** Tab titles, in key order (1–7). */
export const PANE_TITLES: Record<PaneId, string> = {
  memory: 'Memory',
  tlb: 'TLB',
  scheduler: 'Scheduler',
  envs: 'Envs',
  registers: 'Registers',
  log: 'Log',
  lab: 'Lab',
};

/** `name` as a pane id, or null when it names none (the shell may pass any string). */
export const asPaneId = (name: string | null | undefined): PaneId | null =>
  (PANE_IDS as readonly string[]).includes(name ?? '') ? (name as PaneId) : null;

/** The pane for a digit key '1'–'7', or undefined. */
export const paneForKey = (input: string): PaneId | undefined =>
  /^[1-7]$/.test(input) ? PANE_IDS[Number(input) - 1] : undefined;

export interface Placement {
  id: PaneId;
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Layout =
  | { kind: 'grid'; columns: number; placements: Placement[] }
  | { kind: 'tabs'; shown: PaneId; placements: Placement[] };

/** Smallest pane the grid will make: narrower or shorter and it switches to tabs. */
const MIN_WIDTH = 50;
const MIN_HEIGHT = 12;

function grid(width: number, height: number, columns: number, selected?: PaneId): Layout {
  const rows = Math.ceil(GRID_IDS.length / columns);
  const ids = GRID_IDS.map((id, i) =>
    i === GRID_IDS.length - 1 && selected !== undefined && !GRID_IDS.includes(selected)
      ? selected
      : id,
  );
  const placements = ids.map((id, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    // Spread the remainder over the first columns/rows so the grid fills the area exactly.
    const x = Math.floor((col * width) / columns);
    const y = Math.floor((row * height) / rows);
    return {
      id,
      x,
      y,
      width: Math.floor(((col + 1) * width) / columns) - x,
      height: Math.floor(((row + 1) * height) / rows) - y,
    };
  });
  return { kind: 'grid', columns, placements };
}

export function layoutPanes(
  width: number,
  height: number,
  options: { zoomed?: PaneId | null; selected?: PaneId } = {},
): Layout {
  const w = Math.max(0, Math.floor(width));
  const h = Math.max(0, Math.floor(height));
  if (options.zoomed) {
    return { kind: 'tabs', shown: options.zoomed, placements: [full(options.zoomed, w, h, 0)] };
  }
  for (const columns of [3, 2]) {
    const rows = Math.ceil(GRID_IDS.length / columns);
    if (w >= columns * MIN_WIDTH + (columns === 3 ? 10 : 0) && h >= rows * MIN_HEIGHT) {
      return grid(w, h, columns, options.selected);
    }
  }
  const shown = options.selected ?? 'tlb';
  return { kind: 'tabs', shown, placements: [full(shown, w, h - 1, 1)] };
}

const full = (id: PaneId, width: number, height: number, y: number): Placement => ({
  id,
  x: 0,
  y,
  width,
  height: Math.max(0, height),
});
