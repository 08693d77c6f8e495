/**
 * Assembler expressions: integers, characters, floats (for .float/.double/li.s), symbols, `.` (the
 * current address), unary - ~ !, binary * / % << >> & | ^ + - with C precedence, parentheses, and
 * GNU as's `%hi(x)`/`%lo(x)`. %hi is adjusted for the sign of %lo, so `lui %hi(x)` followed by
 * `addiu %lo(x)` rebuilds x. Evaluation is deferred to pass 2, when every label is known.
 */

import { ColumnError } from './errors.ts';
import type { Token } from './lexer.ts';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'sym'; name: string; text: string; col: number }
  | { k: 'here'; off: number }
  | { k: 'un'; op: string; a: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'hi' | 'lo'; a: Expr };

/** Binding power of each binary operator (higher binds tighter). */
const PRECEDENCE: Record<string, number> = {
  '|': 1,
  '^': 2,
  '&': 3,
  '<<': 4,
  '>>': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

/** A cursor over one statement's tokens. */
export class Cursor {
  i = 0;
  /** Nesting depth of the expression being parsed; bounded so hostile input cannot overflow. */
  depth = 0;
  constructor(
    readonly tokens: Token[],
    /** Maps a `1f`/`1b` reference to the internal name of that local label. */
    readonly local: (ref: string) => string = (r) => r,
  ) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }
  /** Column for errors at the cursor (end of the statement if past it). */
  col(): number {
    const t = this.peek();
    if (t) return t.col;
    const last = this.tokens[this.tokens.length - 1];
    return last ? last.end : 1;
  }
}

/** Parse an expression at the cursor. */
export function parseExpr(cur: Cursor, minPrec = 1): Expr | ColumnError {
  let left = parsePrimary(cur);
  if (left instanceof ColumnError) return left;
  for (;;) {
    const t = cur.peek();
    const prec = t?.kind === 'punct' ? PRECEDENCE[t.text] : undefined;
    if (prec === undefined || prec < minPrec) return left;
    cur.next();
    const right = parseExpr(cur, prec + 1);
    if (right instanceof ColumnError) return right;
    left = { k: 'bin', op: t!.text, a: left, b: right };
  }
}

const MAX_DEPTH = 64;

function parsePrimary(cur: Cursor): Expr | ColumnError {
  if (cur.depth >= MAX_DEPTH) return new ColumnError(cur.col(), 'expression is nested too deeply');
  cur.depth++;
  const e = parsePrimaryInner(cur);
  cur.depth--;
  return e;
}

function parsePrimaryInner(cur: Cursor): Expr | ColumnError {
  const t = cur.next();
  if (!t) return new ColumnError(cur.col(), 'missing operand');
  switch (t.kind) {
    case 'num':
    case 'float':
      return { k: 'num', v: t.value };
    case 'local':
      return { k: 'sym', name: cur.local(t.text), text: t.text, col: t.col };
    case 'ident':
      return parseIdent(cur, t);
    case 'punct':
      if (t.text === '-' || t.text === '~' || t.text === '!' || t.text === '+') {
        const a = parsePrimary(cur);
        return a instanceof ColumnError ? a : { k: 'un', op: t.text, a };
      }
      if (t.text === '(') return parseParen(cur);
  }
  return new ColumnError(t.col, `unexpected \`${t.text}\` in expression`);
}

function parseIdent(cur: Cursor, t: Token): Expr | ColumnError {
  const lower = t.text.toLowerCase();
  if (lower === '%hi' || lower === '%lo') {
    if (!cur.is('(')) return new ColumnError(cur.col(), `\`${t.text}\` needs \`(\``);
    cur.next();
    const a = parseParen(cur);
    return a instanceof ColumnError ? a : { k: lower === '%hi' ? 'hi' : 'lo', a };
  }
  if (t.text === '.') return { k: 'here', off: 0 };
  return { k: 'sym', name: t.text, text: t.text, col: t.col };
}

function parseParen(cur: Cursor): Expr | ColumnError {
  const inner = parseExpr(cur);
  if (inner instanceof ColumnError) return inner;
  if (!cur.is(')')) return new ColumnError(cur.col(), 'missing `)`');
  cur.next();
  return inner;
}

/** Symbol lookup for evaluation: the value, or undefined if the symbol is not defined. */
export type Lookup = (name: string) => number | undefined;

/** The first symbol in `e` that `lookup` does not know, if any. */
export function firstUndefined(e: Expr, lookup: Lookup): (Expr & { k: 'sym' }) | undefined {
  switch (e.k) {
    case 'sym':
      return lookup(e.name) === undefined ? e : undefined;
    case 'un':
    case 'hi':
    case 'lo':
      return firstUndefined(e.a, lookup);
    case 'bin':
      return firstUndefined(e.a, lookup) ?? firstUndefined(e.b, lookup);
    default:
      return undefined;
  }
}

/** Value of `e` at address `here`; undefined symbols count as 0 (check firstUndefined first). */
export function evaluate(e: Expr, lookup: Lookup, here: number): number {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'sym':
      return lookup(e.name) ?? 0;
    case 'here':
      return here + e.off;
    case 'hi':
      return ((evaluate(e.a, lookup, here) + 0x8000) >>> 16) & 0xffff;
    case 'lo':
      return evaluate(e.a, lookup, here) & 0xffff;
    case 'un':
      return unary(e.op, evaluate(e.a, lookup, here));
    case 'bin':
      return binary(e.op, evaluate(e.a, lookup, here), evaluate(e.b, lookup, here));
  }
}

function unary(op: string, a: number): number {
  if (op === '-') return -a;
  if (op === '~') return ~a;
  if (op === '!') return a === 0 ? 1 : 0;
  return a;
}

function binary(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? 0 : Math.trunc(a / b);
    case '%':
      return b === 0 ? 0 : a % b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    default:
      return a ^ b;
  }
}

/** True if `e` is `%hi(…)` or `%lo(…)`: a 16-bit fragment that fits any immediate field. */
export function isFragment(e: Expr): boolean {
  return e.k === 'hi' || e.k === 'lo';
}

/** True if `e` names no symbol for which `isConstant` is false (labels are not constants). */
export function isConstantExpr(e: Expr, isConstant: (name: string) => boolean): boolean {
  switch (e.k) {
    case 'num':
      return true;
    case 'sym':
      return isConstant(e.name);
    case 'here':
      return false;
    case 'bin':
      return isConstantExpr(e.a, isConstant) && isConstantExpr(e.b, isConstant);
    default:
      return isConstantExpr(e.a, isConstant);
  }
}
