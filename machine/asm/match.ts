/**
 * Matching written operands against the operand syntax of real table entries. A variant matches
 * when every operand has the right shape (register class, expression, memory reference) and every
 * immediate known in pass 1 fits its field; expressions naming labels are assumed to fit and are
 * checked when pass 2 encodes them. Memory operands whose offset is a label or does not fit 16
 * bits do not match: the pseudo-instruction layer expands them through $at.
 */

import { FIELDS, type FieldName, fieldRange } from '../isa/fields.ts';
import type { TableEntry } from '../isa/table.ts';
import { type Expr, isFragment } from './expr.ts';
import type { Operand } from './operands.ts';
import { type Arg, full, type MachineOp } from './ops.ts';

/** What pass 1 knows about an expression: its value if it names only constants. */
export type ConstOf = (e: Expr) => number | undefined;

export type MatchResult =
  | { kind: 'ok'; op: MachineOp }
  | { kind: 'range'; col: number; message: string }
  | { kind: 'shape' };

/** Try each variant in turn; a shape match with an out-of-range constant is remembered. */
export function matchReal(
  entries: readonly TableEntry[],
  ops: readonly Operand[],
  constOf: ConstOf,
): MatchResult {
  let best: MatchResult = { kind: 'shape' };
  for (const entry of entries) {
    const r = matchEntry(entry, ops, constOf);
    if (r.kind === 'ok') return r;
    if (r.kind === 'range' && best.kind === 'shape') best = r;
  }
  return best;
}

function matchEntry(entry: TableEntry, ops: readonly Operand[], constOf: ConstOf): MatchResult {
  const args: Arg[] = [];
  let k = 0;
  const names = entry.operands;
  for (let i = 0; i < names.length; i++, k++) {
    const op = ops[k];
    if (!op) return { kind: 'shape' };
    const name = names[i]!;
    if (name === 'offset') {
      const r = memArgs(op, constOf);
      if (r.kind !== 'ok') return r;
      args.push(...r.args);
      i++; // the base field is consumed with the offset
      continue;
    }
    const r = fieldArg(name, op, constOf);
    if (r.kind !== 'ok') return r;
    args.push(r.arg);
  }
  if (k !== ops.length) return { kind: 'shape' };
  return { kind: 'ok', op: { entry, args } };
}

type ArgResult =
  | { kind: 'ok'; arg: Arg }
  | { kind: 'range'; col: number; message: string }
  | {
      kind: 'shape';
    };

function fieldArg(name: FieldName, op: Operand, constOf: ConstOf): ArgResult {
  const field = FIELDS[name];
  switch (field.kind) {
    case 'gpr':
      return op.kind === 'gpr' ? { kind: 'ok', arg: op.n } : { kind: 'shape' };
    case 'fpr':
      return op.kind === 'fpr' ? { kind: 'ok', arg: op.n } : { kind: 'shape' };
    case 'creg':
      if (op.kind === 'gpr') return { kind: 'ok', arg: op.n };
      return constant(name, op, constOf);
    case 'cc':
      if (op.kind === 'fcc') return { kind: 'ok', arg: op.n };
      return constant(name, op, constOf);
    case 'branch':
    case 'jump':
      return op.kind === 'expr'
        ? { kind: 'ok', arg: full(op.expr, op.text, op.col) }
        : { kind: 'shape' };
    default:
      return immediate(name, op, constOf);
  }
}

/** A small number known in pass 1 (condition codes, coprocessor register numbers). */
function constant(name: FieldName, op: Operand, constOf: ConstOf): ArgResult {
  if (op.kind !== 'expr') return { kind: 'shape' };
  const v = constOf(op.expr);
  if (v === undefined) return { kind: 'shape' };
  const [lo, hi] = fieldRange(FIELDS[name]);
  if (v < lo || v > hi)
    return { kind: 'range', col: op.col, message: `\`${op.text}\` must be ${lo}..${hi}` };
  return { kind: 'ok', arg: v };
}

function immediate(name: FieldName, op: Operand, constOf: ConstOf): ArgResult {
  if (op.kind !== 'expr') return { kind: 'shape' };
  const arg = full(op.expr, op.text, op.col);
  if (isFragment(op.expr)) return { kind: 'ok', arg };
  const v = constOf(op.expr);
  if (v === undefined) return { kind: 'ok', arg };
  const [lo, hi] = fieldRange(FIELDS[name]);
  if (Number.isInteger(v) && v >= lo && v <= hi) return { kind: 'ok', arg: v };
  const what = name === 'sa' ? 'shift amount' : field(name);
  const bits = FIELDS[name].bits;
  return {
    kind: 'range',
    col: op.col,
    message: `${what} \`${op.text}\` does not fit in ${bits} bits`,
  };
}

function field(name: FieldName): string {
  return FIELDS[name].kind === 'code' ? 'code' : 'immediate';
}

type MemResult = { kind: 'ok'; args: Arg[] } | { kind: 'shape' };

/** `offset(base)`: matches only when the offset is absent, a fragment or a 16-bit constant. */
function memArgs(op: Operand, constOf: ConstOf): MemResult {
  if (op.kind !== 'mem') return { kind: 'shape' };
  if (!op.expr) return { kind: 'ok', args: [0, op.base] };
  if (isFragment(op.expr)) return { kind: 'ok', args: [full(op.expr, op.text, op.col), op.base] };
  const v = constOf(op.expr);
  if (v === undefined || !Number.isInteger(v) || v < -32768 || v > 32767) return { kind: 'shape' };
  return { kind: 'ok', args: [v, op.base] };
}
