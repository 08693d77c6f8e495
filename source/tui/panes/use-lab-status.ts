/**
 * The lab pane's state, kept current: read at once and again whenever the workspace marker
 * (`.exolab-lab.json`, rewritten by `exolab grade` and `lab start`) changes, checked by its
 * modification time once a second — from this shell or from another terminal.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { useEffect, useState } from 'react';
import { MARKER } from '../../grader/workspace.ts';
import { type LabPaneState, readLabPane } from './lab-status.ts';

const POLL_MS = 1000;

function stamp(state: LabPaneState, cwd: string): string {
  const dir = state.kind === 'lab' ? state.dir : cwd;
  try {
    return String(statSync(join(dir, MARKER)).mtimeMs);
  } catch {
    return 'none';
  }
}

export function useLabStatus(cwd: string = process.cwd()): LabPaneState {
  const [state, setState] = useState(() => readLabPane(cwd));
  useEffect(() => {
    let last = stamp(state, cwd);
    const timer = setInterval(() => {
      const now = stamp(state, cwd);
      if (now !== last || (state.kind === 'none' && now !== 'none')) {
        last = now;
        setState(readLabPane(cwd));
      }
    }, POLL_MS);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [cwd, state]);
  return state;
}
