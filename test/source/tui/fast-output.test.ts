/**
 * exolab's frame buffer (source/tui/fast-output.ts) against Ink's own: the same writes, clips and
 * transformers, frame after frame (so the caches that outlive a frame are exercised, with frames
 * repeated and changed a little), must give the same text byte for byte. Also: installing it
 * patches the Output class Ink's renderer really uses.
 */
import fc from 'fast-check';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import InkOutput from '../../../node_modules/ink/build/output.js';
import {
  fastGet,
  fastOutputInstalled,
  inkGet,
  installFastOutput,
} from '../../../source/tui/fast-output.ts';

type Op =
  | { type: 'write'; x: number; y: number; text: string; transformers: number[] }
  | { type: 'clip'; clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
  | { type: 'unclip' };

/** Pieces of text: plain, wide (CJK, emoji), combining, and SGR codes that open and close. */
const PIECES = [
  'a',
  'hello',
  ' ',
  '漢字',
  '😀',
  'e\u0301',
  '\u001b[31m',
  '\u001b[39m',
  '\u001b[1m',
  '\u001b[2m',
  '\u001b[38;2;10;20;30m',
  '\u001b[4m',
  '\u001b[24m',
  '\u001b[22m',
  '\u001b[7m',
  '\u001b[27m',
  '\u001b[0m',
  '\u001b[38;5;208m',
  '\u001b[44m',
  '\u001b[49m',
  '\n',
];

/** Transformers as Ink's Text and Box pass them (a line and its index in, a line out). */
const TRANSFORMERS: ((line: string, index: number) => string)[] = [
  (line) => `\u001b[32m${line}\u001b[39m`,
  (line) => line.toUpperCase(),
  (line, index) => (index % 2 === 0 ? `>${line}` : line),
];

const coord = fc.integer({ min: -4, max: 24 });
const maybe = fc.option(coord, { nil: undefined });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('write' as const),
      x: coord,
      y: coord,
      text: fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join('')),
      transformers: fc.array(fc.integer({ min: 0, max: TRANSFORMERS.length - 1 }), {
        maxLength: 2,
      }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('clip' as const),
      clip: fc.record({ x1: maybe, x2: maybe, y1: maybe, y2: maybe }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'unclip' as const }) },
);
const frame = fc.record({
  width: fc.integer({ min: 0, max: 20 }),
  height: fc.integer({ min: 0, max: 8 }),
  ops: fc.array(op, { maxLength: 10 }),
});

function draw(
  get: typeof inkGet,
  f: { width: number; height: number; ops: Op[] },
): { output: string; height: number } {
  const out = new InkOutput({ width: f.width, height: f.height });
  for (const o of f.ops) {
    if (o.type === 'write') {
      out.write(o.x, o.y, o.text, { transformers: o.transformers.map((i) => TRANSFORMERS[i]) });
    } else if (o.type === 'clip') {
      out.clip({ x1: o.clip.x1, x2: o.clip.x2, y1: o.clip.y1, y2: o.clip.y2 });
    } else {
      out.unclip();
    }
  }
  return get.call(out);
}

describe('fast-output', () => {
  it('draws what Ink draws, frame after frame (repeats and small changes included)', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 6 }), (frames) => {
        // Each frame, then the same frame again (the row cache's case), then one with a write
        // fewer (rows that changed a little).
        for (const f of frames) {
          for (const g of [f, f, { ...f, ops: f.ops.slice(1) }]) {
            expect(draw(fastGet, g)).toEqual(draw(inkGet, g));
          }
        }
      }),
      { numRuns: 400, seed: 20261127 },
    );
  });

  it('keeps the frame right across a screen of styled rows redrawn with one row changed', () => {
    const rows = Array.from(
      { length: 30 },
      (_, y) => `\u001b[3${y % 8}m${'row '.repeat(20)}${y}\u001b[39m`,
    );
    const frameOf = (changed: number) => ({
      width: 100,
      height: 30,
      ops: rows.map((text, y) => ({
        type: 'write' as const,
        x: 0,
        y,
        text: y === changed ? `${text}!` : text,
        transformers: [],
      })),
    });
    for (const changed of [3, 3, 17, -1, 29]) {
      const f = frameOf(changed);
      expect(draw(fastGet, f)).toEqual(draw(inkGet, f));
    }
  });

  it('once installed, is what Ink renders with: the frame Ink writes is fastGet’s', () => {
    installFastOutput();
    expect(fastOutputInstalled()).toBe(true);
    const calls: number[] = [];
    const spy = InkOutput.prototype.get;
    InkOutput.prototype.get = function (this: InkOutput) {
      calls.push(1);
      return spy.call(this);
    };
    try {
      const { lastFrame, unmount } = render(
        createElement(
          Box,
          { width: 20, borderStyle: 'single' },
          createElement(Text, { color: 'red' }, '漢字 and text'),
        ),
      );
      expect(calls.length).toBeGreaterThan(0);
      expect(lastFrame()).toContain('漢字 and text');
      unmount();
    } finally {
      InkOutput.prototype.get = spy;
    }
  });
});
