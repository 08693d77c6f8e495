/**
 * Runs `run`/`continue` in slices so the screen never freezes: a slice of the machine, then a
 * turn of the event loop (setImmediate) so keys are read and frames drawn, then the next.
 * Ctrl-C calls stop(), which ends the run after the slice under way. By default a slice is
 * sized by time (about SLICE_MS of wall clock, whatever the host's speed), so a key waits at
 * most that long. Progress is drawn at most every PROGRESS_MS, and only once the machine has
 * had DRAW_SHARE⁻¹ times the wall-clock time that everything else (drawing the last frame,
 * reading keys) took since: on a slow or busy host frames come less often rather than taking
 * the machine's time (`exolab bench tui` measures both).
 */
import { useCallback, useEffect, useRef } from 'react';
import type { Outcome, RunJob } from '../repl/index.ts';

/** Cycles of the first slice: a few ms of emulation, so keys echo at once. */
export const SLICE_CYCLES = 1 << 20;
/** Wall-clock time a slice aims at (ms) when slices are sized by time. */
export const SLICE_MS = 16;
const MIN_SLICE = 1 << 14;
const MAX_SLICE = 1 << 25;
/** Progress is reported at most this often (ms), so drawing takes little from the machine. */
const PROGRESS_MS = 100;
/** Most of the run's wall-clock time that drawing progress may take. */
const DRAW_SHARE = 0.15;

/** The next slice's cycles, from how long `cycles` took (ms): about SLICE_MS of work. */
export function nextSlice(cycles: number, ms: number): number {
  const scaled = Math.round((cycles * SLICE_MS) / Math.max(ms, 0.05));
  // Grow at most 4× a slice, so one cheap slice (a `wait`) does not make the next one huge.
  return Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.min(scaled, cycles * 4)));
}

export interface Runner {
  /** Advances `job` slice by slice; calls back with progress and, at the end, its outcome. */
  start: (job: RunJob, onProgress: (cycles: number) => void, onDone: (o: Outcome) => void) => void;
  /** Stops the run under way; returns false when nothing was running. */
  stop: () => boolean;
  /** Whether a run is under way (now, not at the last render). */
  busy: () => boolean;
}

/** `sliceCycles` fixes the slice (tests); without it slices are sized by time. */
export function useRunner(sliceCycles?: number): Runner {
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
      let cycles = sliceCycles ?? SLICE_CYCLES;
      // Wall-clock ms in the machine and elsewhere since progress was last reported.
      let machineMs = 0;
      let otherMs = 0;
      let lastEnd = performance.now();
      const slice = () => {
        const started = performance.now();
        otherMs += started - lastEnd;
        if (!run.stopped) {
          job.advance(cycles);
          const ms = performance.now() - started;
          machineMs += ms;
          if (sliceCycles === undefined) cycles = nextSlice(cycles, ms);
        }
        lastEnd = performance.now();
        if (job.done || run.stopped) {
          active.current = null;
          onDone(job.finish(run.stopped));
          return;
        }
        const due = Date.now() - reported >= PROGRESS_MS;
        if (due && otherMs <= (machineMs + otherMs) * DRAW_SHARE) {
          reported = Date.now();
          machineMs = otherMs = 0;
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
