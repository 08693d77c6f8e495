/**
 * C's printf conversions that SPIM uses to print floating-point numbers: print_float is
 * "%.8f" and print_double is "%.18g". JS's toFixed/toPrecision break ties the other way and
 * switch to exponents on their own, so these work on the exact binary value with BigInt and
 * round half to even, as glibc does.
 */

interface Exact {
  negative: boolean;
  /** |x| = mantissa * 2^exponent */
  mantissa: bigint;
  exponent: number;
}

function exact(x: number): Exact {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mantissa |= 1n << 52n;
  return { negative: hi >>> 31 === 1, mantissa, exponent: biased === 0 ? -1074 : biased - 1075 };
}

/** round(|x| * 10^k) with ties to even. */
function scaledInteger(e: Exact, k: number): bigint {
  let num = e.mantissa;
  let den = 1n;
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  if (e.exponent >= 0) num <<= BigInt(e.exponent);
  else den <<= BigInt(-e.exponent);
  const q = num / den;
  const twice = (num % den) * 2n;
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return exact(x).negative ? '-nan' : 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  return null;
}

/** printf("%.{digits}f", x) */
export function formatFixed(x: number, digits: number): string {
  const s = special(x);
  if (s !== null) return s;
  const e = exact(x);
  const text = scaledInteger(e, digits)
    .toString()
    .padStart(digits + 1, '0');
  const point = text.length - digits;
  const body = digits > 0 ? `${text.slice(0, point)}.${text.slice(point)}` : text;
  return e.negative ? `-${body}` : body;
}

/** printf("%.{precision}g", x) */
export function formatGeneral(x: number, precision: number): string {
  const s = special(x);
  if (s !== null) return s;
  const e = exact(x);
  const p = Math.max(1, precision);
  if (e.mantissa === 0n) return e.negative ? '-0' : '0';
  // Decimal exponent X of x rounded to p significant digits.
  let X = Math.floor(Math.log10(Math.abs(x)));
  let digits = scaledInteger(e, p - 1 - X);
  const low = 10n ** BigInt(p - 1);
  const high = 10n ** BigInt(p);
  if (digits >= high) {
    X++;
    digits = scaledInteger(e, p - 1 - X);
  } else if (digits < low) {
    X--;
    digits = scaledInteger(e, p - 1 - X);
  }
  const text = digits.toString();
  let body: string;
  if (X < p && X >= -4) {
    const decimals = p - 1 - X;
    const padded = text.padStart(decimals + 1, '0');
    const point = padded.length - decimals;
    body = trimFraction(decimals > 0 ? `${padded.slice(0, point)}.${padded.slice(point)}` : padded);
  } else {
    const mantissa = trimFraction(text.length > 1 ? `${text[0]}.${text.slice(1)}` : text);
    const sign = X < 0 ? '-' : '+';
    body = `${mantissa}e${sign}${String(Math.abs(X)).padStart(2, '0')}`;
  }
  return e.negative ? `-${body}` : body;
}

function trimFraction(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}
