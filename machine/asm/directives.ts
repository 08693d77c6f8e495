/**
 * Assembler directives (GNU as and SPIM): segments `.text/.data/.ktext/.kdata [addr]`, data
 * `.word/.half/.byte/.float/.double` (SPIM's `value:count` repeat too), strings `.ascii/.asciiz`,
 * `.space`, `.align`, symbols `.globl/.extern/.eqv/.set NAME, VALUE`, options `.set
 * reorder/noreorder/at/noat`, and the GNU bookkeeping directives gcc emits (.ent, .frame…),
 * which are accepted and ignored. The assembler supplies the effects through DirectiveContext.
 */

import { ColumnError } from './errors.ts';
import { type Cursor, type Expr, parseExpr } from './expr.ts';
import type { Token } from './lexer.ts';

export type SegmentKind = 'text' | 'data' | 'ktext' | 'kdata';

/** One data value: `width` bytes (4 or 8 with `float` for .float/.double) from `expr`. */
export interface DataValue {
  width: 1 | 2 | 4 | 8;
  float: boolean;
  expr: Expr;
  col: number;
  text: string;
}

export interface DirectiveContext {
  segment(kind: SegmentKind, address: number | undefined): void;
  /** Emit values, first aligning to `width` unless `.align 0` turned that off. */
  data(values: DataValue[], width: number): void;
  bytes(bytes: number[]): void;
  align(power: number): void;
  option(name: string, col: number): void;
  constant(name: string, expr: Expr, col: number): void;
  global(name: string): void;
  constOf(expr: Expr): number | undefined;
}

const IGNORED = new Set([
  '.ent',
  '.end',
  '.frame',
  '.mask',
  '.fmask',
  '.file',
  '.type',
  '.size',
  '.ident',
  '.loc',
  '.module',
  '.abicalls',
  '.option',
  '.gnu_attribute',
  '.nan',
  '.cprestore',
  '.insn',
  '.weak',
  '.local',
  '.comm',
  '.previous',
  '.p2align',
]);
const WIDTHS: Record<string, { width: 1 | 2 | 4 | 8; float: boolean }> = {
  '.byte': { width: 1, float: false },
  '.half': { width: 2, float: false },
  '.hword': { width: 2, float: false },
  '.short': { width: 2, float: false },
  '.word': { width: 4, float: false },
  '.int': { width: 4, float: false },
  '.long': { width: 4, float: false },
  '.float': { width: 4, float: true },
  '.single': { width: 4, float: true },
  '.double': { width: 8, float: true },
};
const SEGMENTS: Record<string, SegmentKind> = {
  '.text': 'text',
  '.data': 'data',
  '.ktext': 'ktext',
  '.kdata': 'kdata',
  '.rdata': 'data',
  '.sdata': 'data',
  '.bss': 'data',
};

/** Carry out directive `tok` with the rest of the statement at `cur`. */
export function directive(
  ctx: DirectiveContext,
  tok: Token,
  cur: Cursor,
  line: string,
): ColumnError | undefined {
  const name = tok.text.toLowerCase();
  if (IGNORED.has(name)) return undefined;
  const seg = SEGMENTS[name];
  if (seg) return segment(ctx, seg, cur);
  const w = WIDTHS[name];
  if (w) return dataValues(ctx, w.width, w.float, cur, line);
  switch (name) {
    case '.section':
      return section(ctx, cur);
    case '.ascii':
    case '.asciiz':
    case '.asciz':
    case '.string':
      return strings(ctx, name !== '.ascii', cur);
    case '.space':
    case '.skip':
      return space(ctx, cur);
    case '.align':
      return align(ctx, cur, false);
    case '.balign':
      return align(ctx, cur, true);
    case '.globl':
    case '.global':
    case '.extern':
      return globals(ctx, name, cur);
    case '.set':
    case '.eqv':
    case '.equ':
      return set(ctx, name, cur);
  }
  return new ColumnError(tok.col, `unknown directive \`${tok.text}\``);
}

/** A constant operand known in pass 1 (addresses, sizes, alignments). */
function constant(ctx: DirectiveContext, cur: Cursor, what: string): number | ColumnError {
  const col = cur.col();
  const e = parseExpr(cur);
  if (e instanceof ColumnError) return e;
  const v = ctx.constOf(e);
  if (v === undefined || !Number.isInteger(v))
    return new ColumnError(col, `${what} must be a constant`);
  return v;
}

function end(cur: Cursor): ColumnError | undefined {
  const t = cur.peek();
  return t ? new ColumnError(t.col, `unexpected \`${t.text}\``) : undefined;
}

function segment(ctx: DirectiveContext, kind: SegmentKind, cur: Cursor): ColumnError | undefined {
  if (!cur.peek()) {
    ctx.segment(kind, undefined);
    return undefined;
  }
  const addr = constant(ctx, cur, 'segment address');
  if (addr instanceof ColumnError) return addr;
  ctx.segment(kind, addr >>> 0);
  return end(cur);
}

function section(ctx: DirectiveContext, cur: Cursor): ColumnError | undefined {
  const t = cur.next();
  if (!t) return new ColumnError(cur.col(), 'missing section name');
  ctx.segment(/text/.test(t.text) ? 'text' : 'data', undefined);
  return undefined; // flags after the name are ignored
}

function dataValues(
  ctx: DirectiveContext,
  width: 1 | 2 | 4 | 8,
  float: boolean,
  cur: Cursor,
  line: string,
): ColumnError | undefined {
  const values: DataValue[] = [];
  while (cur.peek()) {
    if (values.length > 0 && cur.is(',')) cur.next();
    const start = cur.peek();
    if (!start) break;
    const expr = parseExpr(cur);
    if (expr instanceof ColumnError) return expr;
    const text = line.slice(start.col - 1, cur.tokens[cur.i - 1]!.end - 1);
    let count = 1;
    if (cur.is(':')) {
      cur.next();
      const n = constant(ctx, cur, 'repeat count');
      if (n instanceof ColumnError) return n;
      if (n < 0 || n > 1 << 24)
        return new ColumnError(start.col, `repeat count \`${n}\` is too large`);
      count = n;
    }
    for (let i = 0; i < count; i++) values.push({ width, float, expr, col: start.col, text });
  }
  ctx.data(values, width);
  return undefined;
}

function strings(ctx: DirectiveContext, zero: boolean, cur: Cursor): ColumnError | undefined {
  while (cur.peek()) {
    if (cur.is(',')) cur.next();
    const t = cur.next();
    if (t?.kind !== 'str')
      return new ColumnError(t?.col ?? cur.col(), `expected a string, not \`${t?.text ?? ''}\``);
    ctx.bytes(zero ? [...t.bytes!, 0] : t.bytes!);
  }
  return undefined;
}

function space(ctx: DirectiveContext, cur: Cursor): ColumnError | undefined {
  const col = cur.col();
  const n = constant(ctx, cur, 'size');
  if (n instanceof ColumnError) return n;
  if (n < 0 || n > 1 << 26) return new ColumnError(col, `size \`${n}\` is out of range`);
  let fill = 0;
  if (cur.is(',')) {
    cur.next();
    const f = constant(ctx, cur, 'fill value');
    if (f instanceof ColumnError) return f;
    fill = f & 0xff;
  }
  ctx.bytes(new Array<number>(n).fill(fill));
  return end(cur);
}

function align(ctx: DirectiveContext, cur: Cursor, bytes: boolean): ColumnError | undefined {
  const col = cur.col();
  const n = constant(ctx, cur, 'alignment');
  if (n instanceof ColumnError) return n;
  const power = bytes ? Math.log2(n) : n;
  if (!Number.isInteger(power) || power < 0 || power > 16) {
    return new ColumnError(col, `alignment \`${n}\` is out of range`);
  }
  ctx.align(power);
  return undefined;
}

function globals(ctx: DirectiveContext, name: string, cur: Cursor): ColumnError | undefined {
  const t = cur.next();
  if (t?.kind !== 'ident')
    return new ColumnError(t?.col ?? cur.col(), `\`${name}\` needs a symbol name`);
  if (name !== '.extern') ctx.global(t.text);
  while (name !== '.extern' && cur.peek()) {
    if (cur.is(',')) cur.next();
    const s = cur.next();
    if (s?.kind !== 'ident') return new ColumnError(s?.col ?? cur.col(), 'expected a symbol name');
    ctx.global(s.text);
  }
  return undefined; // .extern's size operand is accepted and ignored
}

function set(ctx: DirectiveContext, name: string, cur: Cursor): ColumnError | undefined {
  const t = cur.next();
  if (t?.kind !== 'ident') return new ColumnError(t?.col ?? cur.col(), `\`${name}\` needs a name`);
  if (name === '.set' && !cur.peek()) {
    ctx.option(t.text.toLowerCase(), t.col);
    return undefined;
  }
  if (cur.is(',') || cur.is('=')) cur.next();
  const expr = parseExpr(cur);
  if (expr instanceof ColumnError) return expr;
  ctx.constant(t.text, expr, t.col);
  return end(cur);
}
