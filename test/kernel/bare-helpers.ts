/**
 * Loading and running bare-mode programs in tests: output and diagnostics collected as
 * strings, input fed up front and ended, so a run is fully determined by its files.
 */
import { type BareOptions, type BareSession, loadBareProgram } from '../../kernel/bare/index.ts';

export interface BareRun {
  session: BareSession;
  output: () => string;
  diagnostics: () => string;
}

/** Loads a program (source text or ELF bytes); throws with the load errors if it fails. */
export function loadProgram(
  name: string,
  bytes: Uint8Array | string,
  input?: Uint8Array | string,
  options: BareOptions = {},
): BareRun {
  let out = '';
  let err = '';
  const decoder = new TextDecoder();
  const result = loadBareProgram(
    { name, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes },
    {
      ...options,
      output: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
      diagnostics: { write: (s) => (err += s) },
    },
  );
  if (!result.ok) throw new Error(`load failed:\n${result.errors.join('\n')}`);
  if (input !== undefined) result.session.feedInput(input);
  result.session.endInput();
  return { session: result.session, output: () => out, diagnostics: () => err };
}
