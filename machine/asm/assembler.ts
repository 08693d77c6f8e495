/**
 * The two-pass assembler. Pass 1 reads every statement of every file into one symbol space:
 * it defines labels, expands pseudo-instructions (choosing their size from what is known now, so
 * addresses never move), fills delay slots under `.set reorder`, and lays out data with SPIM's
 * natural alignment. Pass 2 (pass2.ts) encodes. Every error in every file is collected, up to
 * MAX_ERRORS, each at file:line:col.
 *
 *   defaults: .text 0x00400000  .data 0x10010000  .ktext 0x80000180  .kdata 0x80040000
 */

import { FIELDS } from '../isa/fields.ts';
import { entriesFor } from '../isa/table.ts';
import {
  type DataValue,
  type DirectiveContext,
  directive,
  type SegmentKind,
} from './directives.ts';
import { type AssemblyError, ColumnError } from './errors.ts';
import { Cursor, type Expr, evaluate, isConstantExpr, parseExpr } from './expr.ts';
import type { Item, Where } from './items.ts';
import { lexLine, type Token } from './lexer.ts';
import { matchReal } from './match.ts';
import { type Operand, parseOperands } from './operands.ts';
import { ins, type MachineOp } from './ops.ts';
import { PSEUDOS } from './pseudos.ts';
import { SymbolTable } from './symbols.ts';

export const MAX_ERRORS = 100;

export const DEFAULT_BASES: Record<SegmentKind, number> = {
  text: 0x00400000,
  data: 0x10010000,
  ktext: 0x80000180,
  kdata: 0x80040000,
};

/** Pass-1 state over all files. */
export class Pass1 implements DirectiveContext {
  readonly items: Item[] = [];
  readonly errors: AssemblyError[] = [];
  readonly symbols = new SymbolTable();
  readonly globals = new Set<string>();
  readonly loc: Record<SegmentKind, number>;
  seg: SegmentKind = 'text';
  reorder = true;
  atAllowed = true;
  autoAlign = true;
  /** Labels defined since the last emission; they follow SPIM's automatic alignment. */
  pending: string[] = [];
  where: Where = { file: '', line: 0, col: 1 };

  constructor(bases: Record<SegmentKind, number>) {
    this.loc = { ...bases };
  }

  get full(): boolean {
    return this.errors.length >= MAX_ERRORS;
  }

  error(col: number, message: string): void {
    if (this.full) return;
    this.errors.push({ file: this.where.file, line: this.where.line, col, message });
    if (this.full) {
      this.errors.push({
        ...this.errors[this.errors.length - 1]!,
        message: 'too many errors, stopping',
      });
    }
  }

  /** Assemble one file's statements; options reset per file as GNU as does. */
  file(name: string, text: string): void {
    this.seg = 'text';
    this.reorder = true;
    this.atAllowed = true;
    this.autoAlign = true;
    this.symbols.startFile(name);
    const lines = text.split('\n');
    for (let i = 0; i < lines.length && !this.full; i++) {
      this.where = { file: name, line: i + 1, col: 1 };
      this.line(lines[i]!.replace(/\r$/, ''));
    }
  }

  private line(text: string): void {
    const statements = lexLine(text);
    if (statements instanceof ColumnError) {
      this.error(statements.col, statements.message);
      return;
    }
    for (const tokens of statements) {
      const err = this.statement(tokens, text);
      if (err) {
        this.error(err.col, err.message);
        return;
      }
    }
  }

  private statement(tokens: Token[], text: string): ColumnError | undefined {
    const cur = new Cursor(tokens, (ref) => this.symbols.localRef(ref));
    while ((cur.peek()?.kind === 'ident' || cur.peek()?.kind === 'num') && cur.is(':', 1)) {
      const label = cur.next()!;
      cur.next();
      const name = this.symbols.defineLabel(label, this.loc[this.seg]);
      if (name instanceof ColumnError) return name;
      this.pending.push(name);
    }
    const head = cur.next();
    if (!head) return undefined;
    this.where = { ...this.where, col: head.col };
    if (head.kind === 'ident' && cur.is('=')) {
      cur.next();
      const e = parseExpr(cur);
      if (e instanceof ColumnError) return e;
      return this.constantDef(head.text, e, head.col);
    }
    if (head.kind !== 'ident') return new ColumnError(head.col, `unexpected \`${head.text}\``);
    if (head.text.startsWith('.')) return directive(this, head, cur, text);
    return this.instruction(head, cur, text);
  }

  private instruction(head: Token, cur: Cursor, text: string): ColumnError | undefined {
    const operands = parseOperands(cur, text);
    if (operands instanceof ColumnError) return operands;
    const ops = this.expand(head, operands);
    if (ops instanceof ColumnError) return ops;
    const userAt = operands.some((o) => (o.kind === 'gpr' || o.kind === 'mem') && regOf(o) === 1);
    if (!this.atAllowed && usesAt(ops) && !userAt) {
      return new ColumnError(head.col, `\`${head.text}\` needs $at, which \`.set noat\` forbids`);
    }
    if (this.reorder && ops[ops.length - 1]!.entry.delaySlot) ops.push(ins('nop'));
    const address = this.reserve(ops.length * 4, 4, true);
    this.items.push({ kind: 'inst', seg: this.seg, address, ops, where: this.where });
    return undefined;
  }

  /** Real instruction if the operands fit one, else a pseudo-instruction expansion. */
  private expand(head: Token, operands: Operand[]): MachineOp[] | ColumnError {
    const name = head.text.toLowerCase();
    const pseudo = PSEUDOS[name];
    const entries = entriesFor(name).filter((e) => !(e.alias && pseudo));
    const real = matchReal(entries, operands, (e) => this.constOf(e));
    if (real.kind === 'ok') return [real.op];
    const expanded = pseudo?.(operands, (e) => this.constOf(e));
    if (expanded) return expanded;
    if (real.kind === 'range') return new ColumnError(real.col, real.message);
    if (entries.length === 0 && !pseudo) {
      return new ColumnError(head.col, `unknown instruction \`${head.text}\``);
    }
    const forms = entries.map((e) => `\`${e.mnemonic} ${e.syntax}\``.replace(' `', '`'));
    const expected = forms.length > 0 ? ` (expected ${[...new Set(forms)].join(' or ')})` : '';
    return new ColumnError(
      operands[0]?.col ?? head.col,
      `invalid operands for \`${head.text}\`${expected}`,
    );
  }

  /** The value of `e` if it names only constants defined so far, else undefined. */
  constOf(e: Expr): number | undefined {
    if (!isConstantExpr(e, (n) => this.symbols.isConstant(n))) return undefined;
    return evaluate(e, (n) => this.symbols.constant(n), 0);
  }

  /**
   * Claim `size` bytes at the location counter, first padding to `align` (always for
   * instructions, for data unless `.align 0`); pending labels move to the aligned address.
   */
  reserve(size: number, align: number, always = false): number {
    const at = this.loc[this.seg];
    if ((always || this.autoAlign) && align > 1 && at % align !== 0) {
      const pad = align - (at % align);
      this.pushBytes(new Array<number>(pad).fill(0));
      for (const name of this.pending) this.symbols.moveLabel(name, this.loc[this.seg]);
    }
    this.pending = [];
    const address = this.loc[this.seg];
    this.loc[this.seg] = (address + size) >>> 0;
    return address;
  }

  private pushBytes(bytes: number[]): void {
    const address = this.loc[this.seg];
    this.items.push({ kind: 'bytes', seg: this.seg, address, bytes, where: this.where });
    this.loc[this.seg] = (address + bytes.length) >>> 0;
  }

  // DirectiveContext

  segment(kind: SegmentKind, address: number | undefined): void {
    this.seg = kind;
    this.autoAlign = true;
    this.pending = [];
    if (address !== undefined) this.loc[kind] = address;
  }

  data(values: DataValue[], width: number): void {
    const address = this.reserve(values.length === 0 ? 0 : values.length * values[0]!.width, width);
    if (values.length > 0) {
      this.items.push({ kind: 'values', seg: this.seg, address, values, where: this.where });
    }
  }

  bytes(bytes: number[]): void {
    this.reserve(0, 1);
    this.pushBytes(bytes);
  }

  align(power: number): void {
    if (power === 0) this.autoAlign = false;
    const n = 2 ** power;
    const at = this.loc[this.seg];
    if (at % n !== 0) this.pushBytes(new Array<number>(n - (at % n)).fill(0));
  }

  option(name: string, col: number): void {
    if (name === 'reorder' || name === 'noreorder') this.reorder = name === 'reorder';
    else if (name === 'at' || name === 'noat') this.atAllowed = name === 'at';
    else if (
      !/^(no)?(macro|mips16|micromips|volatile|move|bopt)$|^(push|pop|mips\w*|arch=.*)$/.test(name)
    ) {
      this.error(col, `unknown option \`.set ${name}\``);
    }
  }

  constant(name: string, expr: Expr, col: number): void {
    const err = this.constantDef(name, expr, col);
    if (err) this.error(err.col, err.message);
  }

  private constantDef(name: string, expr: Expr, col: number): ColumnError | undefined {
    return this.symbols.defineConstant(name, expr, this.constOf(expr), this.loc[this.seg], col);
  }

  global(name: string): void {
    this.globals.add(name);
  }
}

/** True if any operation reads or writes $at through a register field. */
function usesAt(ops: MachineOp[]): boolean {
  return ops.some((op) =>
    op.entry.operands.some((name, i) => FIELDS[name].kind === 'gpr' && op.args[i] === 1),
  );
}

function regOf(o: Operand): number | undefined {
  return o.kind === 'gpr' ? o.n : o.kind === 'mem' ? o.base : undefined;
}
