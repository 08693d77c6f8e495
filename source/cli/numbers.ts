/**
 * Numeric flag values. Each parser names the flag and the accepted range in its error, so a typo
 * like `--seed x` says what to type instead.
 */
import { UsageError } from './usage-error.ts';

/**
 * Parses a whole number in [min, max] given as decimal, 0x hex or an exponent form such as
 * `1e9`; throws a UsageError naming `flag` otherwise.
 */
export function parseWhole(flag: string, text: string, min: number, max: number): number {
  const value = /^(0x[0-9a-f]+|\d+(\.\d+)?(e\d+)?)$/i.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `flag \`${flag}\` takes a whole number from ${min} to ${max}, not \`${text}\``,
    );
  }
  return value;
}

/** Parses a positive decimal number of seconds (e.g. `0.5`); throws a UsageError otherwise. */
export function parseSeconds(flag: string, text: string, max: number): number {
  const value = /^\d+(\.\d*)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= max)) {
    throw new UsageError(
      `flag \`${flag}\` takes seconds, more than 0 and at most ${max}, not \`${text}\``,
    );
  }
  return value;
}
