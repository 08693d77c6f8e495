/**
 * Ink's frame buffer, made cheap to fill again. Ink 6.8 draws a frame by writing every text node
 * into a new `Output` (ink/build/output.js) and then, in `get()`, turning those writes into a grid
 * of styled cells and the grid into lines of text. Its caches live in that per-frame object, so
 * each frame it tokenizes the ANSI codes of every line on the screen again and re-encodes every
 * row: 17 of the 24 ms a keystroke cost at 120×40, and the reason a shared server held only a
 * dozen students typing.
 *
 * `installFastOutput()` replaces `Output.prototype.get` (the same module instance Ink's renderer
 * uses: the path below is the file Ink imports as './output.js', so bundled or not there is one
 * class) with `fastGet`, which follows Ink's algorithm step for step but
 *   - keeps the tokenized lines, widths and clipped slices across frames (bounded caches), and
 *   - re-encodes a row only when one of its cells is a different object than in the last frame
 *     (cells are shared, never mutated, so the same objects mean the same text).
 * The result is Ink's, byte for byte; test/source/tui/fast-output.test.ts compares the two on
 * random frames. `write`, `clip` and `unclip` only record operations and stay Ink's own.
 */
import {
  type AnsiCode,
  ansiCodesToString,
  diffAnsiCodes,
  type StyledChar,
  styledCharsFromTokens,
  tokenize,
} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import InkOutput from '../../node_modules/ink/build/output.js';

type Transformer = (line: string, index: number) => string;
type Clip = { x1?: number; x2?: number; y1?: number; y2?: number };
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/** What `get()` reads of an Output (its fields are private in Ink's types). */
interface OutputFields {
  width: number;
  height: number;
  operations: Operation[];
}

type Get = (this: InkOutput) => { output: string; height: number };

/** Ink's own `get`, kept for the comparison test. */
export const inkGet: Get = InkOutput.prototype.get;

/** A line of text as cells: each character, its printed width, and cells that follow a wide one. */
interface Line {
  chars: StyledChar[];
  widths: number[];
  /** For a character wider than one cell, the blank cells Ink puts after it; else null. */
  fillers: (StyledChar[] | null)[];
}

/** A map that forgets everything once it holds `limit` entries (enough for a few screens). */
class Bounded<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string, make: (key: string) => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= this.limit) this.map.clear();
      value = make(key);
      this.map.set(key, value);
    }
    return value;
  }
}

const widths = new Bounded<number>(20_000);
const slices = new Bounded<string>(20_000);
const widest = new Bounded<number>(5_000);
const lines = new Bounded<Line>(20_000);

function lineOf(text: string): Line {
  return lines.get(text, () => {
    const chars = styledCharsFromTokens(tokenize(text));
    const ws: number[] = [];
    const fillers: (StyledChar[] | null)[] = [];
    // Characters between two codes carry equal styles (copies of the same codes): intern once.
    let before: AnsiCode[] = [];
    let interned = NO_STYLE;
    for (const c of chars) {
      if (!sameCodes(c.styles, before)) {
        before = c.styles;
        interned = intern(c.styles);
      }
      c.styles = interned;
      const w = Math.max(1, widthOf(c.value));
      ws.push(w);
      fillers.push(
        w > 1
          ? Array.from({ length: w - 1 }, () => ({
              type: 'char' as const,
              value: '',
              fullWidth: false,
              styles: c.styles,
            }))
          : null,
      );
    }
    return { chars, widths: ws, fillers };
  });
}

const widthOf = (text: string) => widths.get(text, stringWidth);

const widestLineOf = (text: string) =>
  widest.get(text, () => {
    let most = 0;
    for (const line of text.split('\n')) most = Math.max(most, widthOf(line));
    return most;
  });

const sliceOf = (line: string, from: number, to: number) =>
  slices.get(`${from},${to},${line}`, () => sliceAnsi(line, from, to));

/**
 * Styles, one array per distinct style (a cell's `styles` is always one of these), so that a row
 * is encoded by comparing arrays, and the codes between two styles are worked out once.
 */
const styleArrays = new Map<string, AnsiCode[]>();
const transitions = new Map<AnsiCode[], Map<AnsiCode[], string>>();

/** The one array for `styles`' content (what diffAnsiCodes and ansiCodesToString read). */
function intern(styles: AnsiCode[]): AnsiCode[] {
  const key = styles.map((c) => `${c.code}\u0000${c.endCode}`).join('\u0001');
  let known = styleArrays.get(key);
  if (known === undefined) {
    if (styleArrays.size >= 5_000) {
      // Arrays already in cells stay valid: a transition from one is just worked out again.
      styleArrays.clear();
      transitions.clear();
    }
    known = styles;
    styleArrays.set(key, known);
  }
  return known;
}

/** Whether two style arrays hold the very same code objects (a cheap test before intern). */
function sameCodes(a: AnsiCode[], b: AnsiCode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The codes written between a cell in style `from` and the next in style `to`. */
function transition(from: AnsiCode[], to: AnsiCode[]): string {
  let row = transitions.get(from);
  if (row === undefined) {
    row = new Map();
    transitions.set(from, row);
  }
  let codes = row.get(to);
  if (codes === undefined) {
    codes = ansiCodesToString(diffAnsiCodes(from, to));
    row.set(to, codes);
  }
  return codes;
}

const NO_STYLE = intern([]);

/** The blank every cell starts as (Ink makes a new one per cell; it is only ever read). */
const BLANK: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: NO_STYLE };

/** The rows of the last frame and their text, by row number. */
let lastRows: { cells: (StyledChar | undefined)[]; text: string }[] = [];

/**
 * A row as text: what ansi-tokenize's styledCharsToString gives for its cells (the first cell's
 * codes, the difference at each change of style, the codes that end the last style), trimmed at
 * the end as Ink trims it; the last frame's text when every cell is the same as then.
 */
function encodeRow(y: number, cells: (StyledChar | undefined)[]): string {
  const last = lastRows[y];
  if (last && last.cells.length === cells.length) {
    let same = true;
    for (let i = 0; i < cells.length; i++) {
      if (last.cells[i] !== cells[i]) {
        same = false;
        break;
      }
    }
    if (same) return last.text;
  }
  let text = '';
  let style: AnsiCode[] | null = null;
  for (const cell of cells) {
    if (cell === undefined) continue;
    if (style === null) text += ansiCodesToString(cell.styles);
    else if (cell.styles !== style) text += transition(style, cell.styles);
    text += cell.value;
    style = cell.styles;
  }
  if (style !== null) text += transition(style, NO_STYLE);
  return text.trimEnd();
}

/** Ink's `Output.get` with caches that outlive the frame (see the header). */
export function fastGet(this: InkOutput): { output: string; height: number } {
  const { width, height, operations } = this as unknown as OutputFields;
  const output: (StyledChar | undefined)[][] = [];
  for (let y = 0; y < height; y++) {
    const row: StyledChar[] = [];
    for (let x = 0; x < width; x++) row.push(BLANK);
    output.push(row);
  }
  const clips: Clip[] = [];
  for (const operation of operations) {
    if (operation.type === 'clip') clips.push(operation.clip);
    if (operation.type === 'unclip') clips.pop();
    if (operation.type !== 'write') continue;
    const { text, transformers } = operation;
    let { x, y } = operation;
    let texts = text.split('\n');
    const clip = clips.at(-1);
    if (clip) {
      const clipX = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipY = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      const x1 = clip.x1 as number;
      const x2 = clip.x2 as number;
      const y1 = clip.y1 as number;
      const y2 = clip.y2 as number;
      if (clipX && (x + widestLineOf(text) < x1 || x > x2)) continue;
      if (clipY && (y + texts.length < y1 || y > y2)) continue;
      if (clipX) {
        const from = x < x1 ? x1 - x : 0;
        texts = texts.map((line) => {
          const w = widthOf(line);
          return sliceOf(line, from, x + w > x2 ? x2 - x : w);
        });
        if (x < x1) x = x1;
      }
      if (clipY) {
        const from = y < y1 ? y1 - y : 0;
        const to = y + texts.length > y2 ? y2 - y : texts.length;
        texts = texts.slice(from, to);
        if (y < y1) y = y1;
      }
    }
    let offsetY = 0;
    for (let index = 0; index < texts.length; index++) {
      const row = output[y + offsetY];
      // Ink skips lines below the frame (text taller than its box) the same way.
      if (!row) continue;
      let line = texts[index];
      for (const transformer of transformers) line = transformer(line, index);
      const { chars, widths: ws, fillers } = lineOf(line);
      let offsetX = x;
      for (let i = 0; i < chars.length; i++) {
        row[offsetX] = chars[i];
        const fill = fillers[i];
        if (fill) for (let k = 0; k < fill.length; k++) row[offsetX + 1 + k] = fill[k];
        offsetX += ws[i];
      }
      offsetY++;
    }
  }
  const rows = output.map((cells, y) => ({ cells, text: encodeRow(y, cells) }));
  lastRows = rows;
  return { output: rows.map((r) => r.text).join('\n'), height: output.length };
}

/** Makes every Ink frame in this process (or worker) use `fastGet`; calling again changes nothing. */
export function installFastOutput(): void {
  (InkOutput.prototype as { get: Get }).get = fastGet;
}

/** Whether Ink's Output in this module graph is the patched one (tests check the wiring). */
export const fastOutputInstalled = (): boolean => InkOutput.prototype.get === fastGet;
