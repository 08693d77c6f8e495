/** What the output area shows for one command line: the echo, the output, the error. */
import type { Outcome } from '../repl/index.ts';

/** The lines of `outcome`, as `exolab script` prints them. */
export function outcomeLines(outcome: Outcome): string[] {
  const lines = [...outcome.lines];
  if (outcome.error !== undefined) {
    lines.push(
      outcome.expectFail && outcome.ok
        ? `${outcome.error}   (refused, as expected)`
        : outcome.error,
    );
  }
  return lines;
}
