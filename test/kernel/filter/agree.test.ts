/**
 * Compiled and interpreted filters agree: on random valid programs and random packets they
 * return the same decision, the same step count and leave the same scratch words. Also the
 * disassembler and assembler round-trip every generated program.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assembleFilter,
  compileFilter,
  disassembleFilter,
  interpretFilter,
  verifyFilter,
} from '../../../kernel/filter/index.ts';
import { packet, validProgram } from './gen.ts';
import { asm, frame, udpPort } from './programs.ts';

const scratchInit = fc.uint32Array({ minLength: 16, maxLength: 16 });

describe('compiled vs interpreted filters', () => {
  it('agree on random valid programs and packets', () => {
    const prop = fc.property(
      validProgram(),
      fc.integer({ min: 0, max: 40 }),
      scratchInit,
      fc.array(packet, { minLength: 20, maxLength: 20 }),
      (program, minLength, init, packets) => {
        const v = verifyFilter(program, { minLength });
        if (!v.ok) throw new Error(v.problems.map((p) => p.text).join('\n'));
        const compiled = compileFilter(v.filter);
        const [ms, mc] = [Uint32Array.from(init), Uint32Array.from(init)];
        for (const p of packets) {
          const want = interpretFilter(v.filter, p, ms);
          const got = compiled.run(p, mc);
          expect(got).toEqual(want);
          expect(want.steps).toBeLessThanOrEqual(program.length);
        }
        expect(mc).toEqual(ms);
      },
    );
    fc.assert(prop, { seed: 20240501, numRuns: 400 });
  });

  it('round-trip through the disassembler and assembler', () => {
    const prop = fc.property(validProgram(), (program) => {
      const r = assembleFilter(disassembleFilter(program));
      if (!r.ok) throw new Error(r.errors.map((e) => e.text).join('\n'));
      expect(r.program).toEqual(program);
    });
    fc.assert(prop, { seed: 7, numRuns: 300 });
  });

  it('builds filter constants into the generated code', () => {
    const v = verifyFilter(asm(udpPort(7)), { minLength: 38 });
    if (!v.ok) throw new Error('refused');
    const c = compileFilter(v.filter);
    expect(c.source).toContain('a === 2048');
    // Every load is proven by the minimum length, so the only length test is the entry one.
    expect(c.source.match(/len </g)).toEqual(['len <']);
    expect(c.run(frame({ dstPort: 7 }), new Uint32Array(16))).toEqual({ accept: true, steps: 9 });
    expect(c.run(frame({ dstPort: 8 }), new Uint32Array(16))).toEqual({ accept: false, steps: 9 });
    expect(c.run(frame({ length: 20 }), new Uint32Array(16))).toEqual({ accept: false, steps: 0 });
  });

  it('rejects on an out-of-bounds load, counting the load', () => {
    const v = verifyFilter(asm('ld #1; ldh [40]; accept'));
    if (!v.ok) throw new Error('refused');
    const short = new Uint8Array(41);
    expect(compileFilter(v.filter).run(short, new Uint32Array(16))).toEqual({
      accept: false,
      steps: 2,
    });
    expect(interpretFilter(v.filter, short, new Uint32Array(16))).toEqual({
      accept: false,
      steps: 2,
    });
  });
});
