/**
 * The assembler's public face: `assemble` turns one or more MIPS assembly files (GNU as or SPIM
 * syntax) into segments of little-endian bytes in one symbol space, with every error reported as
 * `file:line:col: message`. Pass 1 is assembler.ts, pass 2 pass2.ts.
 */

import { DEFAULT_BASES, MAX_ERRORS, Pass1 } from './assembler.ts';
import type { SegmentKind } from './directives.ts';
import type { AssemblyError } from './errors.ts';
import { Image, type Segment } from './image.ts';
import { encodeItem } from './pass2.ts';

export { DEFAULT_BASES, MAX_ERRORS } from './assembler.ts';
export { type AssemblyError, formatAssemblyError } from './errors.ts';
export type { Segment } from './image.ts';

export interface SourceFile {
  name: string;
  text: string;
}

export interface AssemblyResult {
  ok: boolean;
  errors: AssemblyError[];
  /** Contiguous chunks; several per kind if `.text ADDR` jumps around. */
  segments: Segment[];
  /** Every label, as unsigned addresses. */
  symbols: Map<string, number>;
  globals: Set<string>;
  /** Instruction address -> source line (for traces and the debugger). */
  lines: Map<number, { file: string; line: number }>;
}

export interface AssembleOptions {
  textBase?: number;
  dataBase?: number;
  ktextBase?: number;
  kdataBase?: number;
}

/** Assemble `files` in order into one program. */
export function assemble(
  files: SourceFile | SourceFile[],
  options: AssembleOptions = {},
): AssemblyResult {
  const bases: Record<SegmentKind, number> = {
    text: options.textBase ?? DEFAULT_BASES.text,
    data: options.dataBase ?? DEFAULT_BASES.data,
    ktext: options.ktextBase ?? DEFAULT_BASES.ktext,
    kdata: options.kdataBase ?? DEFAULT_BASES.kdata,
  };
  const p1 = new Pass1(bases);
  for (const f of Array.isArray(files) ? files : [files]) {
    if (p1.full) break;
    p1.file(f.name, f.text);
  }
  const image = new Image();
  const lines = new Map<number, { file: string; line: number }>();
  const errors = p1.errors;
  const report = (where: { file: string; line: number; col: number }, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ ...where, message });
    else if (errors.length === MAX_ERRORS)
      errors.push({ ...where, message: 'too many errors, stopping' });
  };
  const pass2 = { lookup: p1.symbols.lookup, image, lines, report };
  for (const item of p1.items) encodeItem(pass2, item);
  errors.sort(byPosition(Array.isArray(files) ? files.map((f) => f.name) : [files.name]));
  // A pseudo-instruction that expands to several words reports a bad operand once, not once
  // per word: drop exact repeats.
  const distinct = errors.filter(
    (e, i) =>
      i === 0 ||
      e.file !== errors[i - 1].file ||
      e.line !== errors[i - 1].line ||
      e.col !== errors[i - 1].col ||
      e.message !== errors[i - 1].message,
  );
  errors.splice(0, errors.length, ...distinct);
  return {
    ok: errors.length === 0,
    errors,
    segments: image.segments(),
    symbols: p1.symbols.publicLabels(),
    globals: p1.globals,
    lines,
  };
}

/** Order errors by file (in the order given), line, then column; "too many" stays last. */
function byPosition(names: string[]) {
  return (a: AssemblyError, b: AssemblyError): number =>
    Number(a.message.startsWith('too many')) - Number(b.message.startsWith('too many')) ||
    names.indexOf(a.file) - names.indexOf(b.file) ||
    a.line - b.line ||
    a.col - b.col;
}
