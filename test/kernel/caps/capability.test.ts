/**
 * Capabilities: minting, checking and narrowing; forged, altered and guessed capabilities are
 * refused. Property tests are seeded so every run checks the same cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Capability,
  CapResult,
  check,
  decodeWords,
  deriveSecret,
  encodeWords,
  mint,
  narrow,
  RESOURCE_KINDS,
  type Resource,
  RIGHT_GRANT,
  RIGHT_READ,
  RIGHT_WRITE,
  RIGHTS_ALL,
  verify,
} from '../../../kernel/caps/index.ts';

const SECRET = deriveSecret(7);
const FRAME_42: Resource = { kind: 'frame', index: 42 };
/** Every resource is at epoch 3 unless a test says otherwise. */
const atEpoch3 = (): number => 3;
const RW = RIGHT_READ | RIGHT_WRITE;
const SEED = 0x5eed;

const arbRights = fc.integer({ min: 0, max: RIGHTS_ALL });
const arbCap = fc
  .record({
    kind: fc.constantFrom(...RESOURCE_KINDS),
    index: fc.integer({ min: 0, max: 0xffffff }),
    rights: arbRights,
    epoch: fc.integer({ min: 0, max: 0xffffff }),
  })
  .map(({ kind, index, rights, epoch }) => mint(SECRET, { kind, index }, rights, epoch));

describe('mint and check', () => {
  const cap = mint(SECRET, FRAME_42, RW, 3);

  it('accepts a genuine, current capability holding the needed rights', () => {
    expect(check(SECRET, cap, atEpoch3, RIGHT_READ)).toBe(CapResult.OK);
    expect(check(SECRET, cap, atEpoch3, RW)).toBe(CapResult.OK);
    expect(check(SECRET, cap, atEpoch3, 0)).toBe(CapResult.OK);
  });

  it('says RIGHTS when a needed right is missing', () => {
    expect(check(SECRET, cap, atEpoch3, RIGHT_GRANT)).toBe(CapResult.RIGHTS);
    expect(check(SECRET, cap, atEpoch3, RIGHTS_ALL)).toBe(CapResult.RIGHTS);
  });

  it('says STALE when the resource epoch has moved on', () => {
    expect(check(SECRET, cap, () => 4, RIGHT_READ)).toBe(CapResult.STALE);
  });

  it('says BADCAP when there is no such resource', () => {
    expect(check(SECRET, cap, () => undefined, RIGHT_READ)).toBe(CapResult.BADCAP);
  });

  it('is deterministic: the same secret mints the same words', () => {
    const again = mint(deriveSecret(7), FRAME_42, RW, 3);
    expect(encodeWords(again)).toEqual(encodeWords(cap));
  });

  it('refuses a capability minted under another seed', () => {
    const foreign = mint(deriveSecret(8), FRAME_42, RW, 3);
    expect(check(SECRET, foreign, atEpoch3, RIGHT_READ)).toBe(CapResult.BADCAP);
  });

  it('panics on a needed-rights value outside the defined bits', () => {
    expect(() => check(SECRET, cap, atEpoch3, 8)).toThrow(/^check:/);
  });
});

describe('forgery', () => {
  const cap = mint(SECRET, FRAME_42, RIGHT_READ, 3);
  const forged: [string, Capability][] = [
    ['widened rights', { ...cap, rights: RIGHTS_ALL }],
    ['another index', { ...cap, index: 43 }],
    ['another kind', { ...cap, kind: 'block' }],
    ['an older epoch', { ...cap, epoch: 2 }],
    ['a flipped MAC bit', { ...cap, macLo: (cap.macLo ^ 1) >>> 0 }],
    ['a zero MAC', { ...cap, macHi: 0, macLo: 0 }],
    ['reserved rights bits', { ...cap, rights: cap.rights | 0x80 }],
    ['a fractional index', { ...cap, index: 42.5 }],
  ];

  it.each(forged)('refuses a capability with %s', (_, bad) => {
    expect(check(SECRET, bad, () => bad.epoch, 0)).toBe(CapResult.BADCAP);
    expect(verify(SECRET, bad)).toBe(false);
  });

  it('refuses any single-field alteration of any capability', () => {
    const arbAltered = fc.tuple(arbCap, fc.nat(3), fc.nat({ max: 0xffffff })).map(([c, f, d]) => {
      const delta = d === 0 ? 1 : d;
      const fields = ['index', 'rights', 'epoch', 'macHi'] as const;
      const field = fields[f];
      const mask = field === 'rights' ? RIGHTS_ALL : field === 'macHi' ? 0xffffffff : 0xffffff;
      const changed = (c[field] ^ (delta & mask || 1)) >>> 0;
      return { ...c, [field]: changed } as Capability;
    });
    fc.assert(
      fc.property(arbAltered, (bad) => check(SECRET, bad, () => bad.epoch, 0) === CapResult.BADCAP),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('random 4-word values essentially never verify', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.tuple(word, word, word, word), (words) => {
        const decoded = decodeWords(words);
        return !decoded.ok || !verify(SECRET, decoded.cap);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('a well-formed header with a guessed MAC never verifies', () => {
    const [w0, w1] = encodeWords(mint(SECRET, FRAME_42, RIGHTS_ALL, 3));
    const word = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(word, word, (hi, lo) => {
        const decoded = decodeWords([w0, w1, hi, lo]);
        return decoded.ok && check(SECRET, decoded.cap, atEpoch3, 0) === CapResult.BADCAP;
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('narrow', () => {
  it('gives a genuine capability with exactly the asked rights when they are held', () => {
    const cap = mint(SECRET, FRAME_42, RIGHTS_ALL, 3);
    const result = narrow(SECRET, cap, RIGHT_READ);
    expect(result.code).toBe(CapResult.OK);
    if (result.code !== CapResult.OK) return;
    expect(result.cap).toMatchObject({ ...FRAME_42, rights: RIGHT_READ, epoch: 3 });
    expect(check(SECRET, result.cap, atEpoch3, RIGHT_READ)).toBe(CapResult.OK);
    expect(check(SECRET, result.cap, atEpoch3, RIGHT_WRITE)).toBe(CapResult.RIGHTS);
  });

  it('never widens: OK exactly when asked ⊆ held, and the result holds exactly asked', () => {
    fc.assert(
      fc.property(arbCap, fc.integer({ min: 0, max: 0xff }), (cap, asked) => {
        const result = narrow(SECRET, cap, asked);
        const subset = (asked & ~cap.rights) === 0;
        if (!subset) return result.code === CapResult.RIGHTS;
        return (
          result.code === CapResult.OK &&
          result.cap.rights === asked &&
          (result.cap.rights & ~cap.rights) === 0 &&
          check(SECRET, result.cap, () => cap.epoch, asked) === CapResult.OK
        );
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('chains of narrowing never regain a right', () => {
    fc.assert(
      fc.property(arbCap, fc.array(arbRights, { maxLength: 6 }), (start, asks) => {
        let cap = start;
        for (const asked of asks) {
          const result = narrow(SECRET, cap, asked);
          if (result.code === CapResult.OK) cap = result.cap;
          if ((cap.rights & ~start.rights) !== 0) return false;
        }
        return true;
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses to launder a forged capability', () => {
    const cap = mint(SECRET, FRAME_42, RIGHT_READ, 3);
    const forged = { ...cap, rights: RIGHTS_ALL };
    expect(narrow(SECRET, forged, RW).code).toBe(CapResult.BADCAP);
  });

  it('keeps the epoch, so narrowing a stale capability gives a stale one', () => {
    const result = narrow(SECRET, mint(SECRET, FRAME_42, RW, 2), RIGHT_READ);
    expect(result.code).toBe(CapResult.OK);
    if (result.code !== CapResult.OK) return;
    expect(check(SECRET, result.cap, atEpoch3, RIGHT_READ)).toBe(CapResult.STALE);
  });
});
