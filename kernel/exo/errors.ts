/**
 * The exokernel's error codes: one table for kernel calls made from MIPS code (`$v1`) and
 * from the TypeScript library-OS API. A failed call changes nothing.
 */

export const E_OK = 0;
/** An argument is malformed or out of range. */
export const E_INVAL = 1;
/** A capability is forged, malformed, or names no such resource. */
export const E_BADCAP = 2;
/** A capability is genuine but lacks the rights the call needs. */
export const E_RIGHTS = 3;
/** No free resource (frame, ASID, slot) is left. */
export const E_NOMEM = 4;
/** No such environment. */
export const E_NOENV = 5;
/** A capability is genuine but stale: its resource was freed or repossessed since. */
export const E_STALE = 6;
/** A revocation deadline passed. */
export const E_DEADLINE = 7;
/** No such kernel call. */
export const E_NOSYS = 8;
/** The address is not one the call may touch (kernel segment, unaligned, unmapped). */
export const E_FAULT = 9;
/** The resource is in use or guaranteed and cannot be taken. */
export const E_BUSY = 10;

export const ERROR_NAMES: readonly string[] = [
  'E_OK',
  'E_INVAL',
  'E_BADCAP',
  'E_RIGHTS',
  'E_NOMEM',
  'E_NOENV',
  'E_STALE',
  'E_DEADLINE',
  'E_NOSYS',
  'E_FAULT',
  'E_BUSY',
];

export const ERROR_TEXT: readonly string[] = [
  'success',
  'invalid argument',
  'bad capability (forged, malformed or no such resource)',
  'capability lacks the rights needed',
  'no free resource left',
  'no such environment',
  'stale capability (the resource was freed or repossessed)',
  'deadline passed',
  'no such kernel call',
  'bad address',
  'resource busy or guaranteed',
];

/** "E_RIGHTS (capability lacks the rights needed)" */
export function describeError(code: number): string {
  return `${ERROR_NAMES[code] ?? `E_${code}`} (${ERROR_TEXT[code] ?? 'unknown error'})`;
}

/** What every kernel call returns: a value and an error code (E_OK on success). */
export interface CallResult {
  value: number;
  error: number;
}

export const ok = (value = 0): CallResult => ({ value, error: E_OK });
export const fail = (error: number): CallResult => ({ value: 0, error });
