/**
 * The choice of execution engine, kept apart from machine.ts so command-line parsing can check
 * `--engine` without loading the machine. Both engines give the same results cycle for cycle;
 * the block compiler (machine/jit/) is faster on code that runs more than a few times.
 */

/** How the CPU executes: the interpreter alone, or compiled blocks too. */
export type Engine = 'interp' | 'jit';
export const ENGINES: readonly Engine[] = ['interp', 'jit'];
/** The engine a machine gets when its options name none. */
export const DEFAULT_ENGINE: Engine = 'jit';
