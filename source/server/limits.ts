/**
 * The lab server's limits and their defaults (DESIGN.md section 7). One record, so `exolab
 * serve`, the tests and `exolab bench server` name the same knobs; tests shrink the times.
 */
export interface ServerLimits {
  /** Failed logins an address may make within failWindowMs before it is locked out. */
  maxFailures: number;
  failWindowMs: number;
  /** How long a locked-out address is refused, even with the right key. */
  lockoutMs: number;
  /** A connection that has not logged in by then is closed. */
  loginGraceMs: number;
  /** An interactive session with no input for this long is saved and closed. */
  idleMs: number;
  /** Connections one user may hold at once, and all users together. */
  maxSessionsPerUser: number;
  maxSessions: number;
  /** Heap of a session's worker (TUI + emulator), MiB; a session that outgrows it ends. */
  sessionHeapMb: number;
  /** Grading: wall-clock limit per run and heap cap of the sandboxed process (MiB). */
  gradeTimeoutMs: number;
  gradeHeapMb: number;
  /** Largest workspace copied into a submission (bytes). */
  maxSubmissionBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxFailures: 5,
  failWindowMs: 10 * 60_000,
  lockoutMs: 15 * 60_000,
  loginGraceMs: 60_000,
  idleMs: 60 * 60_000,
  maxSessionsPerUser: 3,
  maxSessions: 200,
  sessionHeapMb: 64,
  gradeTimeoutMs: 120_000,
  gradeHeapMb: 256,
  maxSubmissionBytes: 8 << 20,
};
