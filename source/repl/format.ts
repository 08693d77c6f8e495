/**
 * Text helpers shared by the commands: hex numbers as the rest of exolab prints them, and
 * columns aligned for a terminal.
 */

/** `0x0040001c`: 32 bits as eight hex digits. */
export const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** `0x1f`: the shortest hex form. */
export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** Rows of cells as lines with every column padded to its widest cell (the last not padded). */
export function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** `3 frames`, `1 frame`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Integers as ranges: [256, 257, 258, 300] → `256-258 300`. */
export function ranges(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(' ');
}
