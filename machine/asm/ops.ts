/**
 * Machine operations: a table entry with its operand arguments, the unit pass 1 produces (after
 * pseudo-instruction expansion, so sizes are known) and pass 2 encodes. An argument is a number
 * known in pass 1 (registers, constants) or an expression evaluated in pass 2, possibly taking only
 * its GNU-style %hi / %lo half or the unadjusted upper half `uhi` (for lui+ori).
 */

import type { FieldName } from '../isa/fields.ts';
import { FIELDS } from '../isa/fields.ts';
import { entriesFor, type TableEntry } from '../isa/table.ts';
import { type Expr, evaluate, isFragment, type Lookup } from './expr.ts';

export type Part = 'full' | 'hi' | 'lo' | 'uhi';

export interface ExprArg {
  expr: Expr;
  part: Part;
  /** Source text and column of the operand, for messages. */
  text: string;
  col: number;
}

export type Arg = number | ExprArg;

export interface MachineOp {
  entry: TableEntry;
  args: Arg[];
}

/** `mnemonic` with these arguments; picks the non-alias variant with that many operand fields. */
export function ins(mnemonic: string, ...args: Arg[]): MachineOp {
  const entries = entriesFor(mnemonic);
  const entry =
    entries.find((e) => e.operands.length === args.length && !e.alias) ??
    entries.find((e) => e.operands.length === args.length);
  if (!entry) throw new Error(`ins: no \`${mnemonic}\` with ${args.length} operands`);
  return { entry, args };
}

/** The argument's value for field `name`, given every symbol; undefined-ness checked by caller. */
export function argValue(arg: Arg, name: FieldName, lookup: Lookup, here: number): number {
  if (typeof arg === 'number') return arg;
  const v = evaluate(arg.expr, lookup, here);
  let half: number;
  switch (arg.part) {
    case 'full':
      if (!isFragment(arg.expr)) return v;
      half = v & 0xffff;
      break;
    case 'hi':
      half = ((v + 0x8000) >>> 16) & 0xffff;
      break;
    case 'uhi':
      half = (v >>> 16) & 0xffff;
      break;
    case 'lo':
      half = v & 0xffff;
      break;
  }
  return FIELDS[name].kind === 'signed' ? (half << 16) >> 16 : half;
}

/** Argument that is the whole operand expression. */
export function full(expr: Expr, text: string, col: number): ExprArg {
  return { expr, part: 'full', text, col };
}

/** The same expression, one half of it. */
export function half(arg: ExprArg, part: Part): ExprArg {
  return { ...arg, part };
}
