/**
 * Instruction operands as written: registers (`$t0`, `$f2`, `$fcc1`), expressions (`label+4`,
 * `%lo(x)`, `-5`) and memory references (`8($sp)`, `($t1)`, `label($t1)`, `label`). Commas between
 * operands are optional, as SPIM allows. Each operand keeps its column and source text for
 * messages.
 */

import { parseFcc, parseFpr, parseGpr } from '../isa/registers.ts';
import { ColumnError } from './errors.ts';
import { type Cursor, type Expr, parseExpr } from './expr.ts';

interface Base {
  col: number;
  /** Source text of the whole operand. */
  text: string;
}

export type Operand =
  | (Base & { kind: 'gpr'; n: number })
  | (Base & { kind: 'fpr'; n: number })
  | (Base & { kind: 'fcc'; n: number })
  | (Base & { kind: 'expr'; expr: Expr })
  | (Base & { kind: 'mem'; expr: Expr | undefined; base: number });

/** Parse the rest of the statement as operands. `line` is the source, for operand text. */
export function parseOperands(cur: Cursor, line: string): Operand[] | ColumnError {
  const out: Operand[] = [];
  while (cur.peek()) {
    if (out.length > 0 && cur.is(',')) cur.next();
    const start = cur.peek();
    if (!start) return new ColumnError(cur.col(), 'missing operand after `,`');
    const op = parseOperand(cur);
    if (op instanceof ColumnError) return op;
    const endCol = cur.tokens[cur.i - 1]!.end;
    out.push({ ...op, col: start.col, text: line.slice(start.col - 1, endCol - 1) } as Operand);
  }
  return out;
}

type Bare =
  | { kind: 'gpr' | 'fpr' | 'fcc'; n: number }
  | { kind: 'expr'; expr: Expr }
  | {
      kind: 'mem';
      expr: Expr | undefined;
      base: number;
    };

function parseOperand(cur: Cursor): Bare | ColumnError {
  const t = cur.peek()!;
  if (t.kind === 'reg') {
    cur.next();
    return register(t.text, t.col);
  }
  if (cur.is('(') && cur.peek(1)?.kind === 'reg' && isClose(cur, 2)) {
    return parseBase(cur, undefined);
  }
  const expr = parseExpr(cur);
  if (expr instanceof ColumnError) return expr;
  if (cur.is('(') && cur.peek(1)?.kind === 'reg') return parseBase(cur, expr);
  return { kind: 'expr', expr };
}

function isClose(cur: Cursor, offset: number): boolean {
  return cur.is(')', offset);
}

/** `($reg)` after an optional offset expression. */
function parseBase(cur: Cursor, expr: Expr | undefined): Bare | ColumnError {
  cur.next();
  const reg = cur.next()!;
  const base = parseGpr(reg.text);
  if (base === undefined)
    return new ColumnError(reg.col, `\`${reg.text}\` is not a general register`);
  if (!cur.is(')')) return new ColumnError(cur.col(), 'missing `)`');
  cur.next();
  return { kind: 'mem', expr, base };
}

function register(text: string, col: number): Bare | ColumnError {
  const g = parseGpr(text);
  if (g !== undefined) return { kind: 'gpr', n: g };
  const f = parseFpr(text);
  if (f !== undefined) return { kind: 'fpr', n: f };
  const c = parseFcc(text);
  if (c !== undefined) return { kind: 'fcc', n: c };
  return new ColumnError(col, `unknown register \`${text}\``);
}
