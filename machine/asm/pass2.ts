/**
 * Pass 2: with every label known, evaluate the deferred expressions of each item, encode
 * instructions through the shared table (branch offsets relative to the delay slot, range
 * checks), lay data out little-endian, and record which source line each instruction came from.
 */

import { encode } from '../isa/table.ts';
import type { DataValue } from './directives.ts';
import { evaluate, firstUndefined, type Lookup } from './expr.ts';
import type { Image } from './image.ts';
import type { Item, Where } from './items.ts';
import { argValue, type MachineOp } from './ops.ts';

export type Report = (where: Where, message: string) => void;

export interface Pass2 {
  lookup: Lookup;
  image: Image;
  lines: Map<number, { file: string; line: number }>;
  report: Report;
}

export function encodeItem(p: Pass2, item: Item): void {
  switch (item.kind) {
    case 'inst':
      item.ops.forEach((op, i) => {
        const pc = (item.address + 4 * i) >>> 0;
        p.lines.set(pc, { file: item.where.file, line: item.where.line });
        p.image.writeWord(item.seg, pc, encodeOp(p, op, pc, item.address, item.where));
      });
      return;
    case 'bytes':
      p.image.write(item.seg, item.address, item.bytes);
      return;
    case 'values':
      p.image.write(
        item.seg,
        item.address,
        item.values.flatMap((v) => valueBytes(p, v, item)),
      );
  }
}

/** One machine operation's word; on error reports it and returns 0. */
function encodeOp(p: Pass2, op: MachineOp, pc: number, here: number, where: Where): number {
  const values: number[] = [];
  const texts: string[] = [];
  for (let i = 0; i < op.args.length; i++) {
    const arg = op.args[i]!;
    if (typeof arg !== 'number') {
      const missing = firstUndefined(arg.expr, p.lookup);
      if (missing) {
        p.report({ ...where, col: missing.col }, `undefined label \`${missing.text}\``);
        return 0;
      }
    }
    values.push(argValue(arg, op.entry.operands[i]!, p.lookup, here));
    texts.push(typeof arg === 'number' ? String(arg) : arg.text);
  }
  const r = encode(op.entry, values, pc, texts);
  if (r.ok) return r.word;
  const bad = op.args[r.index];
  p.report({ ...where, col: typeof bad === 'number' || !bad ? where.col : bad.col }, r.message);
  return 0;
}

const RANGES: Record<number, [number, number, string]> = {
  1: [-0x80, 0xff, 'a byte'],
  2: [-0x8000, 0xffff, 'a halfword'],
  4: [-0x80000000, 0xffffffff, 'a word'],
};

/** Little-endian bytes of one data value. */
function valueBytes(p: Pass2, v: DataValue, item: Item): number[] {
  const missing = firstUndefined(v.expr, p.lookup);
  if (missing) {
    p.report({ ...item.where, col: missing.col }, `undefined label \`${missing.text}\``);
    return new Array<number>(v.width).fill(0);
  }
  const x = evaluate(v.expr, p.lookup, item.address);
  const view = new DataView(new ArrayBuffer(8));
  if (v.float) {
    if (v.width === 4) view.setFloat32(0, x, true);
    else view.setFloat64(0, x, true);
  } else {
    const [lo, hi, what] = RANGES[v.width]!;
    if (!Number.isInteger(x) || x < lo || x > hi) {
      p.report({ ...item.where, col: v.col }, `value \`${v.text}\` does not fit in ${what}`);
    }
    view.setUint32(0, x >>> 0, true);
  }
  return Array.from(new Uint8Array(view.buffer, 0, v.width));
}
