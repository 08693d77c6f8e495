/**
 * Text helpers for the panes: fixed-width hex and cells cut or padded to a column, so every line
 * a pane renders is known to fit its width before Ink lays it out.
 */

/** `0040001c`: 32 bits as eight hex digits, no prefix (columns are narrow). */
export const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** `00400`: a 20-bit page or frame number as five hex digits. */
export const hex5 = (n: number): string => (n >>> 0).toString(16).padStart(5, '0');

/** `3f`: a byte as two hex digits. */
export const hex2 = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');

/** `text` cut to at most `width` characters (an ellipsis marks the cut when there is room). */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? text.slice(0, 1) : `${text.slice(0, width - 1)}…`;
}

/** `text` cut or padded to exactly `width` characters. */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = clip(text, width);
  return align === 'right' ? cut.padStart(width) : cut.padEnd(width);
}

/** `87.5%`: a ratio as a percentage with one decimal. */
export const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

/** The window of `visible` items starting at `offset`, clamped so it never runs past the end. */
export function windowOf<T>(items: readonly T[], offset: number, visible: number): T[] {
  const max = Math.max(0, items.length - visible);
  const start = Math.min(Math.max(0, offset), max);
  return items.slice(start, start + Math.max(0, visible));
}
