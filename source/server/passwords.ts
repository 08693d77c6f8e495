/**
 * Optional login passwords, stored only as scrypt hashes: `scrypt$N$r$p$salt$hash` with the
 * salt and hash in base64. Verification recomputes with the stored parameters and compares in
 * constant time, so a hash made today still verifies if the defaults change.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 1 << 14;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

/** The stored form of `password`. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_BYTES, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * Whether `password` matches `stored`; false for a malformed stored value. Asynchronous:
 * scrypt takes tens of milliseconds and runs on libuv's pool, not the server's thread.
 */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return Promise.resolve(false);
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!Number.isInteger(n) || expected.length === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    scrypt(
      password,
      salt,
      expected.length,
      { N: n, r, p, maxmem: 256 * n * r },
      (error, actual) => {
        resolve(error === null && timingSafeEqual(actual, expected));
      },
    );
  });
}
