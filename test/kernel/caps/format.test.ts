/**
 * The packed four-word form and the printable `cap:…` form: round trips, signed register
 * values, and clear errors (never throws) for malformed input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CapResult,
  checkWords,
  decodeWords,
  deriveSecret,
  encodeWords,
  formatCapability,
  formatRights,
  mint,
  parseCapability,
  RESOURCE_KINDS,
  RIGHT_GRANT,
  RIGHT_READ,
  RIGHT_WRITE,
  RIGHTS_ALL,
} from '../../../kernel/caps/index.ts';

const SECRET = deriveSecret(11);
const SEED = 0xcafe;
const arbCap = fc
  .record({
    kind: fc.constantFrom(...RESOURCE_KINDS),
    index: fc.integer({ min: 0, max: 0xffffff }),
    rights: fc.integer({ min: 0, max: RIGHTS_ALL }),
    epoch: fc.integer({ min: 0, max: 0xffffff }),
  })
  .map(({ kind, index, rights, epoch }) => mint(SECRET, { kind, index }, rights, epoch));

describe('packed words', () => {
  it('lays out kind<<24|index, rights<<24|epoch, then the MAC', () => {
    const cap = mint(SECRET, { kind: 'frame', index: 42 }, RIGHT_READ | RIGHT_WRITE, 3);
    const words = encodeWords(cap);
    expect(words[0]).toBe(0x0100002a);
    expect(words[1]).toBe(0x03000003);
    expect([words[2], words[3]]).toEqual([cap.macHi, cap.macLo]);
  });

  it('round trips every capability, read unsigned or signed', () => {
    fc.assert(
      fc.property(arbCap, (cap) => {
        const words = encodeWords(cap);
        const unsigned = decodeWords(words);
        const signed = decodeWords(words.map((w) => w | 0));
        return (
          unsigned.ok && signed.ok && expectEqual(unsigned.cap, cap) && expectEqual(signed.cap, cap)
        );
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it.each([
    [[1, 2, 3], /4 words, got 3/],
    [[0x0100002a, 0, 0, 1.5], /word 3 `1.5` is not a 32-bit integer/],
    [[0x0100002a, 0, 0, 2 ** 32], /word 3 .* not a 32-bit integer/],
    [[0, 0, 0, 0], /unknown kind 0/],
    [[0x0900002a, 0, 0, 0], /unknown kind 9/],
    [[0x0100002a, 0x08000000, 0, 0], /reserved rights bits/],
  ])('refuses %j with a clear error', (words, message) => {
    const result = decodeWords(words);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('checkWords', () => {
  it('checks a capability as MIPS code presents it, malformed words being BADCAP', () => {
    const cap = mint(SECRET, { kind: 'block', index: 9 }, RIGHT_READ, 4);
    const words = encodeWords(cap).map((w) => w | 0);
    expect(checkWords(SECRET, words, () => 4, RIGHT_READ)).toBe(CapResult.OK);
    expect(checkWords(SECRET, words, () => 5, RIGHT_READ)).toBe(CapResult.STALE);
    expect(checkWords(SECRET, words, () => 4, RIGHT_WRITE)).toBe(CapResult.RIGHTS);
    expect(checkWords(SECRET, [0, 0, 0, 0], () => 0, 0)).toBe(CapResult.BADCAP);
    expect(checkWords(SECRET, words.slice(0, 3), () => 4, 0)).toBe(CapResult.BADCAP);
  });
});

describe('printable form', () => {
  it('looks like cap:frame:42:rw:e3:<16 hex>', () => {
    const cap = mint(SECRET, { kind: 'frame', index: 42 }, RIGHT_READ | RIGHT_WRITE, 3);
    expect(formatCapability(cap)).toMatch(/^cap:frame:42:rw:e3:[0-9a-f]{16}$/);
  });

  it('writes rights in rwg order and - for none', () => {
    expect(formatRights(0)).toBe('-');
    expect(formatRights(RIGHT_READ | RIGHT_GRANT)).toBe('rg');
    expect(formatRights(RIGHTS_ALL)).toBe('rwg');
  });

  it('round trips every capability', () => {
    fc.assert(
      fc.property(arbCap, (cap) => {
        const parsed = parseCapability(formatCapability(cap));
        return parsed.ok && expectEqual(parsed.cap, cap);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('accepts upper-case MAC digits and surrounding blanks', () => {
    const cap = mint(SECRET, { kind: 'slice', index: 0 }, 0, 0);
    const text = formatCapability(cap);
    const shouted = text.slice(0, -16) + text.slice(-16).toUpperCase();
    const parsed = parseCapability(`  ${shouted} `);
    expect(parsed).toEqual({ ok: true, cap });
  });

  const MAC = '0123456789abcdef';
  it.each([
    ['', /expected 6 fields/],
    ['frame:42:rw:e3', /expected 6 fields/],
    [`kap:frame:42:rw:e3:${MAC}`, /starting with `cap`/],
    [`cap:frme:42:rw:e3:${MAC}`, /unknown kind `frme` \(kinds: frame, block/],
    [`cap:frame:-1:rw:e3:${MAC}`, /index `-1` is not a number/],
    [`cap:frame:042:rw:e3:${MAC}`, /index `042`/],
    [`cap:frame:16777216:rw:e3:${MAC}`, /index `16777216`/],
    [`cap:frame:42:wr:e3:${MAC}`, /rights `wr` are not a subset of `rwg`/],
    [`cap:frame:42::e3:${MAC}`, /rights `` are not/],
    [`cap:frame:42:rwx:e3:${MAC}`, /rights `rwx`/],
    [`cap:frame:42:rw:3:${MAC}`, /epoch `3` is not e0\.\.e16777215/],
    [`cap:frame:42:rw:e:${MAC}`, /epoch `e`/],
    ['cap:frame:42:rw:e3:9f2c', /mac `9f2c` is not 16 hex digits/],
    [`cap:frame:42:rw:e3:${MAC}:extra`, /expected 6 fields/],
  ])('refuses %j with an error naming the bad token', (text, message) => {
    const result = parseCapability(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(message);
    expect(result.error).toContain(`\`${text}\``);
    expect(result.error).toContain('cap:<kind>:<index>:<rights>:e<epoch>:<16 hex digits>');
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), (text) => typeof parseCapability(text).ok === 'boolean'),
      { seed: SEED, numRuns: 500 },
    );
  });
});

/** Deep equality as a boolean, for use inside fast-check properties. */
function expectEqual(a: object, b: object): boolean {
  expect(a).toEqual(b);
  return true;
}
