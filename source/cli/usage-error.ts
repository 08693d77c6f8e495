/**
 * The CLI's one error class. A UsageError is the user's mistake (an unknown command or flag, a
 * bad value): main prints its message on one line and exits with status 2, never a stack trace.
 * Messages quote the offending token in backticks and show the right form.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure that is not a usage mistake (missing file, load error): one line, its own status. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    message: string,
    readonly status = 1,
  ) {
    super(message);
  }
}
