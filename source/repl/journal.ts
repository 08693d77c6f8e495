/**
 * The session's journal: every command line that reached a command since the machine booted,
 * with the bytes of each file it read, in order. The machine and the kernel above it are
 * deterministic (same seed, same lines, same file bytes → the same state, cycle for cycle), so
 * replaying the journal on a fresh kernel rebuilds the session exactly. That is how `back`
 * returns to an earlier instruction and how `save`/`restore` keep the exokernel's own state,
 * which a machine snapshot does not hold (environments, capabilities, STLB, library OSes).
 *
 * Position on the timeline is counted in steps: instructions retired plus exceptions taken,
 * which is what one `step` advances. An entry may stop early at a step count (`stopAt`): the
 * part of a `step` or `run` that `back` kept.
 */

export interface FileRead {
  name: string;
  /** Null when the read failed (`error` says why): the replay fails it the same way. */
  bytes: Uint8Array | null;
  error?: string;
}

export interface JournalEntry {
  /** The line as typed (a run stopped by Ctrl-C is kept as `run CYCLES`). */
  line: string;
  /** Files the line read, in the order it read them; replay reads these, not the disk. */
  files: FileRead[];
  /** The step count after the line. */
  steps: number;
  /** Replay stops the line's `step` or `run` when the step count reaches this. */
  stopAt?: number;
}

/** Commands whose run can stop at any step (the rest run whole or not at all). */
export const STOPPABLE = new Set(['step', 'run', 'continue']);

/**
 * The journal that leads to step `target`: whole entries while they end at or before it, then
 * the entry that crosses it, stopped at `target` if it can be, left out if it cannot. Null when
 * the journal never passed `target`. Commands after the last step at `target` that changed
 * nothing else but kernel state (a `bind`, say) are kept: `back` undoes instructions, not them.
 */
export function journalTo(journal: readonly JournalEntry[], target: number): JournalEntry[] | null {
  const crossing = journal.findIndex((e) => e.steps > target);
  if (crossing < 0) return null;
  const kept = journal.slice(0, crossing);
  const entry = journal[crossing];
  const command = entry.line.trim().split(/\s+/)[0];
  if (STOPPABLE.has(command)) kept.push({ ...entry, stopAt: target, steps: target });
  return kept;
}

/** The first word of a line (its command), or ''. */
export const commandOf = (line: string): string => line.trim().split(/\s+/)[0] ?? '';
