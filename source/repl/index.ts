/**
 * The command language (DESIGN.md section 5, "REPL"): one language for the TUI's REPL line,
 * `exolab script` and the SSH shell. A Session runs a line at a time; the Registry names every
 * command with its form, help and example (for `help` and for completion).
 */
export {
  type ArgKind,
  type ArgSpec,
  type Command,
  CommandError,
  formOf,
  type JobIo,
} from './command.ts';
export { type Completion, complete } from './complete.ts';
export { CommandJob } from './job.ts';
export { Registry } from './registry.ts';
export { RunJob } from './run-job.ts';
export { type LabSetup, type Outcome, Session, type SessionOptions } from './session.ts';
export { type Token, tokenize } from './tokenizer.ts';
