/**
 * Running programs under the exokernel with ExOS as their library OS, for tests: console output
 * and diagnostics collected as strings, input fed up front (and ended unless asked not to).
 */
import type { Environment } from '../../../kernel/exo/env.ts';
import { Exokernel, type ExokernelOptions } from '../../../kernel/exo/kernel.ts';
import { type ExOs, type ExosLoadOptions, loadProgram } from '../../../kernel/libos/index.ts';

export interface ExosRun {
  kernel: Exokernel;
  env: Environment;
  exos: ExOs;
  symbols: Map<string, number>;
  output: () => string;
  diagnostics: () => string;
}

export interface ExosRunOptions extends ExosLoadOptions {
  kernel?: ExokernelOptions;
  /** Leave console input open (for blocking tests). */
  keepInputOpen?: boolean;
}

/** Loads a program (source text or ELF bytes) and puts it on the CPU; throws on load errors. */
export function loadUnderExos(
  name: string,
  bytes: Uint8Array | string,
  input?: Uint8Array | string,
  options: ExosRunOptions = {},
): ExosRun {
  let out = '';
  let err = '';
  const decoder = new TextDecoder();
  const kernel = new Exokernel({
    memoryBytes: 16 << 20,
    ...options.kernel,
    consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  const loaded = loadProgram(
    kernel,
    name,
    typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes,
    { ...options, diagnostics: { write: (s) => (err += s) } },
  );
  if (!loaded.ok) throw new Error(`load failed:\n${loaded.errors.join('\n')}`);
  if (input !== undefined) kernel.machine.console.feed(input);
  if (!options.keepInputOpen) kernel.machine.console.endInput();
  kernel.switchTo(loaded.env);
  return {
    kernel,
    env: loaded.env,
    exos: loaded.exos,
    symbols: loaded.symbols,
    output: () => out,
    diagnostics: () => err,
  };
}
