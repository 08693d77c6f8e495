/**
 * Where the keyboard goes (pure): the REPL line (null) or one of the panes, in the panes' tab
 * order. F6 moves to the next, Shift-Tab to the previous, wrapping through the line; and the
 * event log filter's next kind or environment, wrapping through "all" (undefined).
 */

/** The place after (`by` 1) or before (-1) `current`; the line is first in the ring. */
export function nextFocus(
  current: string | null,
  ids: readonly string[],
  by: 1 | -1,
): string | null {
  if (ids.length === 0) return null;
  const ring: (string | null)[] = [null, ...ids];
  const at = Math.max(0, ring.indexOf(current));
  return ring[(at + by + ring.length) % ring.length];
}

/** The value after `current` in `values`, then undefined (all), then the first again. */
export function cycle<T>(values: readonly T[], current: T | undefined): T | undefined {
  if (current === undefined) return values[0];
  const at = values.indexOf(current);
  return at < 0 || at === values.length - 1 ? undefined : values[at + 1];
}

/** The kinds and the environments (by id, -1 for the kernel) that occur in `events`, sorted. */
export function logChoices(events: readonly { kind: string; env: number }[]): {
  kinds: string[];
  envs: number[];
} {
  const kinds = [...new Set(events.map((e) => e.kind))].sort();
  const envs = [...new Set(events.map((e) => e.env))].sort((a, b) => a - b);
  return { kinds, envs };
}
