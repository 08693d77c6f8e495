// The failed-login limiter on its own, with a clock the test moves: the lockout begins at the
// maxFailures-th failure within the window, refuses until it ends, and old failures expire.

import { expect, test } from 'vitest';
import { LoginLimiter } from '../../../source/server/rate-limit.ts';

test('locks an address at the 3rd failure within the window, until the lockout ends', () => {
  let now = 0;
  const limiter = new LoginLimiter({
    maxFailures: 3,
    failWindowMs: 1000,
    lockoutMs: 5000,
    clock: () => now,
  });
  expect(limiter.fail('a')).toBe(false);
  expect(limiter.fail('a')).toBe(false);
  expect(limiter.locked('a')).toBe(false);
  expect(limiter.fail('a')).toBe(true);
  expect(limiter.locked('a')).toBe(true);
  expect(limiter.locked('b')).toBe(false);
  now = 4999;
  expect(limiter.locked('a')).toBe(true);
  now = 5000;
  expect(limiter.locked('a')).toBe(false);
});

test('failures older than the window do not count; a success clears them', () => {
  let now = 0;
  const limiter = new LoginLimiter({
    maxFailures: 3,
    failWindowMs: 1000,
    lockoutMs: 5000,
    clock: () => now,
  });
  limiter.fail('a');
  limiter.fail('a');
  now = 1500;
  expect(limiter.fail('a')).toBe(false);
  limiter.fail('a');
  limiter.succeed('a');
  expect(limiter.fail('a')).toBe(false);
});
