/**
 * Runs `run`/`continue` in slices so the screen never freezes: a slice of the machine, then a
 * turn of the event loop (setImmediate) so keys are read and frames drawn, then the next.
 * Ctrl-C calls stop(), which ends the run after the slice under way.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { Outcome, RunJob } from '../repl/index.ts';

/** Cycles per slice: a few ms of emulation, so keys echo at once. */
export const SLICE_CYCLES = 1 << 20;
/** Progress is reported at most this often (ms), so drawing takes little from the machine. */
const PROGRESS_MS = 50;

export interface Runner {
  /** Advances `job` slice by slice; calls back with progress and, at the end, its outcome. */
  start: (job: RunJob, onProgress: (cycles: number) => void, onDone: (o: Outcome) => void) => void;
  /** Stops the run under way; returns false when nothing was running. */
  stop: () => boolean;
  /** Whether a run is under way (now, not at the last render). */
  busy: () => boolean;
}

export function useRunner(sliceCycles = SLICE_CYCLES): Runner {
  const active = useRef<{ stopped: boolean } | null>(null);
  // Leaving the app stops the machine too.
  useEffect(
    () => () => {
      if (active.current) active.current.stopped = true;
    },
    [],
  );

  const start = useCallback<Runner['start']>(
    (job, onProgress, onDone) => {
      const run = { stopped: false };
      active.current = run;
      let reported = 0;
      const slice = () => {
        if (!run.stopped) job.advance(sliceCycles);
        if (job.done || run.stopped) {
          active.current = null;
          onDone(job.finish(run.stopped));
          return;
        }
        if (Date.now() - reported >= PROGRESS_MS) {
          reported = Date.now();
          onProgress(job.cycles);
        }
        setImmediate(slice);
      };
      setImmediate(slice);
    },
    [sliceCycles],
  );

  const stop = useCallback(() => {
    if (active.current === null) return false;
    active.current.stopped = true;
    return true;
  }, []);

  const busy = useCallback(() => active.current !== null, []);
  return { start, stop, busy };
}
