/**
 * Claims and the overlap rule, and the FilterTable that enforces it: derived claims for the
 * common filter shapes, overlap cases, refusal of another owner's overlapping filter, demux.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claimOf,
  claimsOverlap,
  describeClaim,
  FilterTable,
  interpretFilter,
  newScratch,
  OP,
  verifyFilter,
} from '../../../kernel/filter/index.ts';
import { filterShapedProgram, packet, validProgram } from './gen.ts';

const smallBytes = fc.uint8Array({ maxLength: 20, max: 2 });

import { ARP, asm, frame, fromMac, udpPort } from './programs.ts';

const claim = (text: string) => claimOf(asm(text));

describe('claimOf', () => {
  it('derives the field equalities on the accept path', () => {
    expect(describeClaim(claim(ARP))).toBe('P[12]=0x08 P[13]=0x06');
    expect(describeClaim(claim(udpPort(7)))).toBe(
      'P[12]=0x08 P[13]=0x00 P[14]=0x45 P[23]=0x11 P[36]=0x00 P[37]=0x07',
    );
    expect(describeClaim(claim('ldb [14]; and #0xf0; jeq #0x40, accept, reject'))).toBe(
      'P[14]&0xf0=0x40',
    );
  });

  it('keeps one alternative per accept path', () => {
    const c = claim('ldh [12]; jeq #0x800, accept; jeq #0x806, accept, reject');
    expect(describeClaim(c)).toBe('P[12]=0x08 P[13]=0x00 | P[12]=0x08 P[13]=0x06');
  });

  it('claims everything when the accept condition is not equalities', () => {
    expect(describeClaim(claim('accept'))).toBe('*');
    expect(describeClaim(claim('ldh [12]; jgt #0x800, accept, reject'))).toBe('*');
    expect(describeClaim(claim('ld len; jeq #60, accept, reject'))).toBe('*');
  });

  it('claims nothing for a filter that never accepts, and drops impossible paths', () => {
    expect(claim('reject').alternatives).toEqual([]);
    expect(claim('ld #1; jeq #2, accept, reject').alternatives).toEqual([]);
    expect(
      claim('ldh [12]; jeq #1, n, reject; n: ldb [13]; jeq #2, accept, reject').alternatives,
    ).toEqual([]);
  });

  it('follows constants through scratch and X', () => {
    const c = claim('ldh [12]; st M[2]; ldx #0x806; ld M[2]; jeq x, accept, reject');
    expect(describeClaim(c)).toBe('P[12]=0x08 P[13]=0x06');
  });

  it.each([
    ['random', validProgram(30), packet],
    ['filter-shaped', filterShapedProgram(), smallBytes],
  ])('is sound on %s programs: every packet a filter accepts is in its claim', (_, progs, pkts) => {
    const prop = fc.property(
      progs,
      fc.array(pkts, { minLength: 10, maxLength: 10 }),
      (prog, ps) => {
        const v = verifyFilter(prog);
        if (!v.ok) throw new Error(v.problems[0]!.text);
        const c = claimOf(prog);
        for (const p of ps) {
          if (!interpretFilter(v.filter, p, newScratch()).accept) continue;
          const held = c.alternatives.some((conj) =>
            conj.every((t) => ((p[t.offset] ?? -1) & t.mask) === t.value),
          );
          expect(held).toBe(true);
        }
      },
    );
    fc.assert(prop, { seed: 99, numRuns: 500 });
  });
});

describe('claimsOverlap', () => {
  it('is sound: two filters that accept the same packet have overlapping claims', () => {
    const two = fc.tuple(filterShapedProgram(), filterShapedProgram());
    const prop = fc.property(
      two,
      fc.array(smallBytes, { minLength: 20, maxLength: 20 }),
      ([a, b], ps) => {
        const [va, vb] = [verifyFilter(a), verifyFilter(b)];
        if (!va.ok || !vb.ok) throw new Error('invalid');
        const both = ps.some(
          (p) =>
            interpretFilter(va.filter, p, newScratch()).accept &&
            interpretFilter(vb.filter, p, newScratch()).accept,
        );
        if (both) expect(claimsOverlap(claimOf(a), claimOf(b))).toBe(true);
      },
    );
    fc.assert(prop, { seed: 4242, numRuns: 1000 });
  });

  it.each([
    ['UDP 7 vs UDP 9', udpPort(7), udpPort(9), false],
    ['UDP 7 vs UDP 7', udpPort(7), udpPort(7), true],
    ['UDP 7 vs ARP', udpPort(7), ARP, false],
    [
      'IPv4 vs UDP 7 (no common field differs)',
      'ldh [12]; jeq #0x800, accept, reject',
      udpPort(7),
      true,
    ],
    [
      'word vs byte on the same bytes',
      'ldh [12]; jeq #0x0800, accept, reject',
      'ldb [13]; jeq #6, accept, reject',
      false,
    ],
    [
      'masked bits that do not meet',
      'ldb [14]; and #0xf0; jeq #0x40, accept, reject',
      'ldb [14]; and #0x0f; jeq #5, accept, reject',
      true,
    ],
    ['MAC x vs ARP', fromMac([2, 0, 0, 0, 0, 9]), ARP, true],
    ['everything vs ARP', 'accept', ARP, true],
    ['nothing vs everything', 'reject', 'accept', false],
  ])('%s', (_, a, b, overlap) => {
    expect(claimsOverlap(claim(a), claim(b))).toBe(overlap);
    expect(claimsOverlap(claim(b), claim(a))).toBe(overlap);
  });
});

describe('FilterTable', () => {
  it('refuses another owner an overlapping claim, but not the same owner', () => {
    const t = new FilterTable();
    expect(t.install(1, asm(udpPort(7)))).toEqual({ ok: true, id: 1 });
    const r = t.install(2, asm('ldh [12]; jeq #0x800, accept, reject'));
    expect(r).toMatchObject({ ok: false, code: 'E_BUSY' });
    if (!r.ok)
      expect(r.message).toMatch(
        /^claim P\[12\]=0x08 P\[13\]=0x00 overlaps filter 1 of environment 1/,
      );
    expect(t.install(1, asm('ldh [12]; jeq #0x800, accept, reject'))).toEqual({ ok: true, id: 2 });
    expect(t.install(2, asm('accept'))).toMatchObject({ ok: false, code: 'E_BUSY' });
  });

  it('refuses an unverifiable filter with E_INVAL and the problems', () => {
    const r = new FilterTable().install(1, [
      { op: 0x7f, k: 0, jt: 0, jf: 0 },
      { op: OP.ACCEPT, k: 0, jt: 0, jf: 0 },
    ]);
    expect(r).toMatchObject({ ok: false, code: 'E_INVAL', message: 'insn 0: unknown opcode 0x7f' });
  });

  it.each([false, true])('demuxes to the right owner (interpreter: %s)', (useInterpreter) => {
    const t = new FilterTable();
    t.useInterpreter = useInterpreter;
    t.install(10, asm(udpPort(7)), { minLength: 38 });
    t.install(20, asm(udpPort(9)), { minLength: 38 });
    t.install(30, asm(ARP), { minLength: 14 });
    expect(t.demux(frame({ dstPort: 9 })).match).toEqual({ id: 2, owner: 20 });
    expect(t.demux(frame({ dstPort: 7 }))).toEqual({
      match: { id: 1, owner: 10 },
      steps: 9,
      filtersRun: 1,
    });
    expect(t.demux(frame({ etherType: 0x806 })).match).toEqual({ id: 3, owner: 30 });
    expect(t.demux(frame({ dstPort: 53 }))).toEqual({ match: null, steps: 21, filtersRun: 3 });
    expect(t.demux(frame({ length: 10 })).match).toBeNull();
  });

  it('frees claims when filters go away', () => {
    const t = new FilterTable();
    t.install(1, asm(ARP));
    t.install(1, asm(udpPort(7)));
    expect(t.install(2, asm(ARP)).ok).toBe(false);
    expect(t.remove(1)).toEqual({ ok: true });
    expect(t.remove(1)).toEqual({ ok: false, code: 'E_NOENT', message: 'no filter 1' });
    expect(t.install(2, asm(ARP))).toEqual({ ok: true, id: 3 });
    expect(t.removeOwner(1)).toBe(1);
    expect(t.list().map((f) => f.owner)).toEqual([2]);
  });
});
