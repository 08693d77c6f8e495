/**
 * The one symbol space shared by all files: labels (addresses), constants from `.eqv`/`.set`/`=`,
 * and GNU-style local numeric labels. `1:` may be defined many times; `1b` means the latest
 * definition before the reference and `1f` the next one after it, within the same file. Local
 * labels get internal names starting with NUL, which never appear in the public symbol map.
 */

import { ColumnError } from './errors.ts';
import { type Expr, evaluate, firstUndefined } from './expr.ts';
import type { Token } from './lexer.ts';

interface Deferred {
  expr: Expr;
  here: number;
}

export class SymbolTable {
  private readonly labels = new Map<string, number>();
  private readonly constants = new Map<string, number>();
  /** Constants whose value names labels: evaluated in pass 2. */
  private readonly deferred = new Map<string, Deferred>();
  private file = 0;
  private localCounts = new Map<string, number>();
  private evaluating = new Set<string>();

  startFile(_name: string): void {
    this.file++;
    this.localCounts = new Map();
  }

  private localName(n: string, instance: number): string {
    return `\0${this.file}:${n}:${instance}`;
  }

  /** Internal name of the label a `1f`/`1b` reference means at this point. */
  localRef(ref: string): string {
    const n = String(Number(ref.slice(0, -1)));
    const count = this.localCounts.get(n) ?? 0;
    return this.localName(n, ref.endsWith('f') ? count : count - 1);
  }

  private defined(name: string): boolean {
    return this.labels.has(name) || this.constants.has(name) || this.deferred.has(name);
  }

  /** Define label `tok` (an identifier or a local number) at `address`; returns its name. */
  defineLabel(tok: Token, address: number): string | ColumnError {
    if (tok.kind === 'num') {
      const n = String(tok.value);
      const count = this.localCounts.get(n) ?? 0;
      this.localCounts.set(n, count + 1);
      const name = this.localName(n, count);
      this.labels.set(name, address);
      return name;
    }
    if (this.defined(tok.text)) {
      return new ColumnError(tok.col, `label \`${tok.text}\` is already defined`);
    }
    this.labels.set(tok.text, address);
    return tok.text;
  }

  /** Move a label SPIM's automatic alignment has pushed forward. */
  moveLabel(name: string, address: number): void {
    this.labels.set(name, address);
  }

  /** Define a constant; `value` is undefined when the expression names labels. */
  defineConstant(
    name: string,
    expr: Expr,
    value: number | undefined,
    here: number,
    col: number,
  ): ColumnError | undefined {
    if (this.labels.has(name)) return new ColumnError(col, `\`${name}\` is already a label`);
    this.deferred.delete(name);
    this.constants.delete(name);
    if (value !== undefined) this.constants.set(name, value);
    else this.deferred.set(name, { expr, here });
    return undefined;
  }

  isConstant(name: string): boolean {
    return this.constants.has(name);
  }

  constant(name: string): number | undefined {
    return this.constants.get(name);
  }

  /** Value of any symbol once pass 1 is over; undefined if it has none. */
  lookup = (name: string): number | undefined => {
    const v = this.labels.get(name) ?? this.constants.get(name);
    if (v !== undefined) return v;
    const d = this.deferred.get(name);
    if (!d || this.evaluating.has(name)) return undefined;
    this.evaluating.add(name);
    const ok = firstUndefined(d.expr, this.lookup) === undefined;
    const value = ok ? evaluate(d.expr, this.lookup, d.here) : undefined;
    this.evaluating.delete(name);
    return value;
  };

  /** Every named label (local numeric labels left out), as unsigned addresses. */
  publicLabels(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, addr] of this.labels) if (!name.startsWith('\0')) out.set(name, addr >>> 0);
    return out;
  }
}
