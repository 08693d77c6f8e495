/**
 * Styled pieces of a line merged into runs of one style, so a line is drawn with as few Ink
 * Text nodes as it has style changes (a TLB row of three plain entries is one node, not three).
 */

export interface Piece<S extends string> {
  text: string;
  style: S;
}

/** A run and the index of its first piece (a stable React key within the line). */
export interface Run<S extends string> extends Piece<S> {
  at: number;
}

export function mergeRuns<S extends string>(pieces: readonly Piece<S>[]): Run<S>[] {
  const runs: Run<S>[] = [];
  pieces.forEach((p, at) => {
    const last = runs.at(-1);
    if (last && last.style === p.style) last.text += p.text;
    else runs.push({ ...p, at });
  });
  return runs;
}
