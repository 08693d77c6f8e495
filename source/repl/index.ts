/**
 * The command language (DESIGN.md section 5, "REPL"): one language for the TUI's REPL line,
 * `exolab script` and the SSH shell. A Session runs a line at a time; the Registry names every
 * command with its form, help and example (for `help` and for completion).
 */
export { type ArgKind, type ArgSpec, type Command, CommandError, formOf } from './command.ts';
export { type Completion, complete } from './complete.ts';
export { Registry } from './registry.ts';
export { RunJob } from './run-job.ts';
export { type Outcome, Session, type SessionOptions } from './session.ts';
export { type Token, tokenize } from './tokenizer.ts';
