/**
 * ResourceTable: deterministic allocation, and epochs that make every outstanding capability
 * stale at once when a resource is freed, repossessed or handed to a new owner.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CapResult,
  deriveSecret,
  EPOCH_MAX,
  encodeWords,
  mint,
  narrow,
  ResourceTable,
  RIGHT_GRANT,
  RIGHT_READ,
  RIGHT_WRITE,
  RIGHTS_ALL,
} from '../../../kernel/caps/index.ts';

const SECRET = deriveSecret(3);
const frames = (size = 8): ResourceTable => new ResourceTable('frame', size, SECRET);

describe('allocation', () => {
  it('hands out the lowest free index with a full-rights capability', () => {
    const table = frames(4);
    const a = table.allocate(1);
    const b = table.allocate(2);
    expect([a?.index, b?.index]).toEqual([0, 1]);
    expect(a?.cap).toMatchObject({ kind: 'frame', index: 0, rights: RIGHTS_ALL, epoch: 0 });
    expect(table.check(a!.cap, RIGHTS_ALL)).toBe(CapResult.OK);
    table.free(0);
    expect(table.allocate(3)?.index).toBe(0);
    expect(table.ownedBy(2)).toEqual([1]);
    expect(table.freeCount()).toBe(2);
  });

  it('returns null when full, and allocateAt refuses a taken index', () => {
    const table = frames(1);
    expect(table.allocate(1)).not.toBeNull();
    expect(table.allocate(2)).toBeNull();
    expect(table.allocateAt(0, 2)).toBeNull();
  });

  it('is deterministic: the same calls on the same seed give the same words', () => {
    const run = (): number[][] => {
      const table = new ResourceTable('block', 16, deriveSecret(9));
      const out = [1, 2, 1].map((env) => encodeWords(table.allocate(env)!.cap));
      table.free(1);
      out.push([...encodeWords(table.allocate(4)!.cap)]);
      return out.map((w) => [...w]);
    };
    expect(run()).toEqual(run());
  });

  it('panics on misuse the kernel should have ruled out', () => {
    const table = frames(2);
    expect(() => table.free(0)).toThrow(/^ResourceTable.repossess: frame 0 is not owned/);
    expect(() => table.allocateAt(2, 1)).toThrow(/out of range 0\.\.1/);
    expect(() => table.allocate(-1)).toThrow(/not an environment id/);
  });
});

describe('revocation by epoch', () => {
  it('makes every outstanding capability stale when a resource is freed', () => {
    const table = frames();
    const { index, cap } = table.allocate(1)!;
    const copies = [cap, ...[RIGHT_READ, RIGHT_WRITE, 0].map((r) => narrowed(cap, r))];
    table.free(index);
    for (const copy of copies) expect(table.check(copy, 0)).toBe(CapResult.STALE);
    const again = table.allocate(2)!;
    expect(again.index).toBe(index);
    expect(again.cap.epoch).toBe(1);
    for (const copy of copies) expect(table.check(copy, 0)).toBe(CapResult.STALE);
    expect(table.check(again.cap, RIGHTS_ALL)).toBe(CapResult.OK);
  });

  it('repossession returns the former owner and stales every capability', () => {
    const table = frames();
    table.allocate(1);
    const { index, cap } = table.allocate(7)!;
    expect(table.repossess(index)).toBe(7);
    expect(table.ownerOf(index)).toBe('free');
    expect(table.check(cap, RIGHT_READ)).toBe(CapResult.STALE);
  });

  it('stales every capability of any freed resource (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(15), { minLength: 1, maxLength: 40 }), (ops) => {
        const table = new ResourceTable('slice', 16, SECRET);
        const caps = new Map<number, ReturnType<typeof table.mintFor>[]>();
        for (const op of ops) {
          if (table.ownerOf(op) === 'free') {
            const got = table.allocateAt(op, op % 3)!;
            caps.set(op, [got.cap, narrowed(got.cap, RIGHT_READ)]);
          } else {
            const before = caps.get(op)!;
            table.repossess(op);
            if (before.some((c) => table.check(c, 0) !== CapResult.STALE)) return false;
          }
        }
        return true;
      }),
      { seed: 0xbeef, numRuns: 200 },
    );
  });

  it('transfers ownership with a fresh capability and stales the old owner’s', () => {
    const table = frames();
    const { index, cap } = table.allocate(1)!;
    const fresh = table.transferOwnership(index, 2)!;
    expect(table.ownerOf(index)).toBe(2);
    expect(table.check(cap, RIGHT_GRANT)).toBe(CapResult.STALE);
    expect(table.check(fresh, RIGHT_GRANT)).toBe(CapResult.OK);
  });

  it('retires a resource whose epoch is exhausted instead of wrapping', () => {
    const table = frames(2);
    const snap = table.snapshot();
    table.restore({
      ...snap,
      entries: snap.entries.map((e) => (e.index === 0 ? { ...e, owner: 1, epoch: EPOCH_MAX } : e)),
    });
    const cap = table.mintFor(0, RIGHTS_ALL);
    table.free(0);
    expect(table.ownerOf(0)).toBe('retired');
    expect(table.check(cap, 0)).toBe(CapResult.STALE);
    expect(table.allocate(1)?.index).toBe(1);
    expect(table.allocateAt(0, 1)).toBeNull();
  });
});

describe('checks against the table', () => {
  it('refuses a genuine capability of another kind or a missing index', () => {
    const table = frames(4);
    const block = mint(SECRET, { kind: 'block', index: 0 }, RIGHTS_ALL, 0);
    const beyond = mint(SECRET, { kind: 'frame', index: 4 }, RIGHTS_ALL, 0);
    expect(table.check(block, 0)).toBe(CapResult.BADCAP);
    expect(table.check(beyond, 0)).toBe(CapResult.BADCAP);
  });

  it('checks rights on a current capability', () => {
    const table = frames();
    const { cap } = table.allocate(1)!;
    const readOnly = narrowed(cap, RIGHT_READ);
    expect(table.check(readOnly, RIGHT_READ)).toBe(CapResult.OK);
    expect(table.check(readOnly, RIGHT_WRITE)).toBe(CapResult.RIGHTS);
  });
});

describe('snapshots', () => {
  it('are plain data and restore into an equal table', () => {
    const table = frames(4);
    table.allocate(1);
    table.allocate(2);
    table.free(0);
    const snap = table.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.entries[0]).toEqual({ index: 0, owner: 'free', epoch: 1 });
    const copy = frames(4);
    copy.restore(snap);
    expect(copy.snapshot()).toEqual(snap);
    expect(copy.mintFor(1, RIGHT_READ)).toEqual(table.mintFor(1, RIGHT_READ));
  });

  it('refuses a snapshot of another table or with a malformed entry, changing nothing', () => {
    const table = frames(2);
    expect(() => table.restore(frames(3).snapshot())).toThrow(/different table/);
    const bad = {
      kind: 'frame' as const,
      entries: [
        { index: 0, owner: 5, epoch: 2 },
        { index: 1, owner: 'free' as const, epoch: -1 },
      ],
    };
    expect(() => table.restore(bad)).toThrow(/entry 1 is malformed/);
    expect(table.ownerOf(0)).toBe('free');
  });
});

function narrowed(cap: Parameters<typeof narrow>[1], rights: number) {
  const result = narrow(SECRET, cap, rights);
  if (result.code !== CapResult.OK) throw new Error('narrowed: narrow failed');
  return result.cap;
}
