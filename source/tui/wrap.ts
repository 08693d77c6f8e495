/**
 * Output lines cut into screen rows (pure): a line longer than the width goes on in the next
 * row, broken at the last space that fits when there is one, so long help lines stay readable
 * at 80 columns.
 */

/**
 * The rows of one line at `width` columns (at least one row, even for an empty line). Rows
 * after the first keep the line's indentation, so wrapped help stays under its command.
 */
export function wrapLine(line: string, width: number): string[] {
  const w = Math.max(1, width);
  if (line.length <= w) return [line];
  const indent = /^ */.exec(line)?.[0] ?? '';
  const lead = indent.length < w / 2 ? indent : '';
  const rows: string[] = [];
  let rest = line;
  while (rest.length > w) {
    const space = rest.lastIndexOf(' ', w);
    const cut = space > lead.length ? space : w;
    rows.push(rest.slice(0, cut));
    rest = lead + rest.slice(cut).replace(/^ +/, '');
  }
  rows.push(rest);
  return rows;
}

/**
 * The `count` rows that end `skip` rows before the last row of `lines` wrapped at `width`, and
 * the number of rows that exist below them (≤ skip). Wraps only as many lines, from the newest,
 * as it needs.
 */
export function lastRows(
  lines: string[],
  width: number,
  count: number,
  skip: number,
): { rows: string[]; below: number; total: number } {
  const rows: string[] = [];
  let total = 0;
  for (let i = lines.length - 1; i >= 0 && rows.length < count + skip; i--) {
    const wrapped = wrapLine(lines[i], width);
    rows.unshift(...wrapped);
    total += wrapped.length;
  }
  const below = Math.min(skip, Math.max(0, rows.length - count));
  return {
    rows: rows.slice(Math.max(0, rows.length - below - count), rows.length - below),
    below,
    total,
  };
}
