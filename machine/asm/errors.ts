/**
 * Assembly errors. Inside a statement an error is a column and a message (`ColumnError`); the
 * assembler adds the file and line. Messages quote the offending token in backticks.
 */

export class ColumnError {
  constructor(
    /** 1-based column of the offending token. */
    readonly col: number,
    readonly message: string,
  ) {}
}

export interface AssemblyError {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** `file:line:col: message`, as GNU tools print it. */
export function formatAssemblyError(e: AssemblyError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}
