/**
 * A small fixed-width table: a bold header and one Text per row, each line built to fit `width`
 * (the last column takes what is left and is cut). Rows can be dimmed or coloured as a whole.
 */
import { Text } from 'ink';
import { cell, clip } from './format.ts';
import type { Colour } from './theme.ts';

export interface Column {
  /** Header text. */
  title: string;
  /** Characters for the column; the last column ignores this and takes the rest. */
  width: number;
  align?: 'left' | 'right';
}

export interface Row {
  /** React key, stable across snapshots. */
  key: string;
  /** One string per column. */
  cells: string[];
  dim?: boolean;
  bold?: boolean;
  colour?: Colour;
}

/** Columns and cells joined into a line of at most `width` characters. */
export function tableLine(columns: readonly Column[], cells: readonly string[], width: number) {
  const parts = columns.map((c, i) =>
    i === columns.length - 1 ? (cells[i] ?? '') : cell(cells[i] ?? '', c.width, c.align),
  );
  return clip(parts.join(' ').trimEnd(), width);
}

export interface TableProps {
  columns: readonly Column[];
  rows: readonly Row[];
  /** Characters available for each line. */
  width: number;
}

export function Table({ columns, rows, width }: TableProps) {
  return (
    <>
      <Text bold wrap="truncate">
        {tableLine(
          columns,
          columns.map((c) => c.title),
          width,
        )}
      </Text>
      {rows.map((row) => (
        <Text key={row.key} dimColor={row.dim} bold={row.bold} color={row.colour} wrap="truncate">
          {tableLine(columns, row.cells, width)}
        </Text>
      ))}
    </>
  );
}
