/**
 * How SPIM reports an exception, shared by bare mode's MIPS handler (which prints the table
 * below through syscalls) and the library OS's TypeScript handler (which prints the same text):
 *
 *   stdout  "  Exception 7  [Bad data address]  occurred and ignored\n"
 *   stderr  "Exception occurred at PC=0x00400028\n  <what happened>\n"   (SPIM's own note)
 */
import { exceptionName } from '../../machine/cp0.ts';

/** SPIM's names of the exception codes, as its handler prints them (with their spacing). */
export const SPIM_EXCEPTION_NAMES: Readonly<Record<number, string>> = {
  0: '  [Interrupt] ',
  1: '  [TLB]',
  2: '  [TLB]',
  3: '  [TLB]',
  4: '  [Address error in inst/data fetch] ',
  5: '  [Address error in store] ',
  6: '  [Bad instruction address] ',
  7: '  [Bad data address] ',
  8: '  [Error in syscall] ',
  9: '  [Breakpoint] ',
  10: '  [Reserved instruction] ',
  12: '  [Arithmetic overflow] ',
  13: '  [Trap] ',
  15: '  [Floating point] ',
  18: '  [Coproc 2]',
  22: '  [MDMX]',
  23: '  [Watch]',
  24: '  [Machine check]',
  30: '  [Cache]',
};

/** SPIM's ExcCode for a bad instruction address (bus error on fetch). */
export const SPIM_EXC_IBE = 6;
/** SPIM's ExcCode for a bad data address (bus error on load or store). */
export const SPIM_EXC_DBE = 7;

/** The first part of the handler's stdout line, up to the name (without " occurred..."). */
export function spimExceptionPrefix(code: number): string {
  return `  Exception ${code}${SPIM_EXCEPTION_NAMES[code] ?? ''}`;
}

/** The handler's whole stdout line for an exception it skips. */
export function spimIgnoredLine(code: number): string {
  return `${spimExceptionPrefix(code)} occurred and ignored\n`;
}

/** SPIM's stderr note for an exception: where, and what (with the address for 1..5). */
export function describeSpimException(code: number, epc: number, badVAddr: number): string {
  const pc = `0x${(epc >>> 0).toString(16).padStart(8, '0')}`;
  let detail = exceptionName(code);
  if (code === 4 || code === 5 || code === 2 || code === 3 || code === 1) {
    detail += ` at address 0x${(badVAddr >>> 0).toString(16).padStart(8, '0')}`;
  }
  return `Exception occurred at PC=${pc}\n  ${detail}\n`;
}
