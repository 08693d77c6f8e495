/**
 * Where the output area and the panes go (pure). The screen is rows - 1 tall (a root box as
 * tall as the terminal makes Ink clear the screen at every frame); the REPL line and the status
 * bar take a row each. Wide terminals put the panes beside the output, narrow ones above it,
 * and very short ones leave the panes out. A zoomed pane takes the whole body.
 */

export interface Rect {
  width: number;
  height: number;
}

export interface Layout {
  /** The whole app. */
  screen: Rect;
  /** The area above the REPL line (output and panes, or the help overlay). */
  body: Rect;
  direction: 'row' | 'column';
  /** Null while a pane is zoomed over the whole body. */
  output: Rect | null;
  /** Null when there is no room for panes. */
  panes: Rect | null;
}

/** Columns from which the panes go beside the output. */
export const SIDE_BY_SIDE = 120;
/** Body rows below which the panes are left out. */
const MIN_BODY_FOR_PANES = 12;

/** The layout at `columns` × `rows`; `zoomed` gives the panes the whole body, if they fit. */
export function layout(columns: number, rows: number, zoomed = false): Layout {
  const screen = { width: Math.max(20, columns), height: Math.max(4, rows - 1) };
  const body = { width: screen.width, height: screen.height - 2 };
  const normal = unzoomed(screen, body);
  if (!zoomed || normal.panes === null) return normal;
  return { ...normal, output: null, panes: body };
}

function unzoomed(screen: Rect, body: Rect): Layout & { output: Rect } {
  if (body.width >= SIDE_BY_SIDE) {
    const outputWidth = Math.floor(body.width * 0.45);
    return {
      screen,
      body,
      direction: 'row',
      output: { width: outputWidth, height: body.height },
      panes: { width: body.width - outputWidth, height: body.height },
    };
  }
  if (body.height < MIN_BODY_FOR_PANES) {
    return { screen, body, direction: 'column', output: body, panes: null };
  }
  const panesHeight = Math.floor(body.height / 2);
  return {
    screen,
    body,
    direction: 'column',
    output: { width: body.width, height: body.height - panesHeight },
    panes: { width: body.width, height: panesHeight },
  };
}
