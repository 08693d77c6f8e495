/**
 * The kernel secret: stable for a seed, different across seeds, and never printed.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { deriveSecret, encodeWords, mint, RIGHTS_ALL } from '../../../kernel/caps/index.ts';

describe('deriveSecret', () => {
  it('is stable for a seed', () => {
    expect(deriveSecret(1).fingerprint()).toBe(deriveSecret(1).fingerprint());
    expect(deriveSecret(1).mac(1, 2)).toEqual(deriveSecret(1).mac(1, 2));
  });

  it('differs between seeds', () => {
    const seeds = [0, 1, 2, 3, -1, 42, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER];
    const prints = new Set(seeds.map((seed) => deriveSecret(seed).fingerprint()));
    expect(prints.size).toBe(seeds.length);
    const macs = new Set(
      seeds.map((seed) => deriveSecret(seed).mac(0x0100002a, 0x03000003).join()),
    );
    expect(macs.size).toBe(seeds.length);
  });

  it('pins the derivation, so capability words are the same on every host', () => {
    const cap = mint(deriveSecret(0), { kind: 'frame', index: 0 }, RIGHTS_ALL, 0);
    expect(encodeWords(cap).map((w) => w.toString(16))).toMatchInlineSnapshot(`
      [
        "1000000",
        "7000000",
        "9fb8fb6c",
        "1de10fb9",
      ]
    `);
  });

  it('panics on a seed that is not a safe integer', () => {
    expect(() => deriveSecret(1.5)).toThrow(/^deriveSecret:/);
    expect(() => deriveSecret(Number.NaN)).toThrow(/^deriveSecret:/);
  });

  it('never shows its key when printed, inspected or serialised', () => {
    const secret = deriveSecret(5);
    expect(String(secret)).toBe('[KernelSecret]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[KernelSecret]"}');
    expect(inspect(secret)).toBe('[KernelSecret]');
  });
});
