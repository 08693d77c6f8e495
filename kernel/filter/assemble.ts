/**
 * The filter assembler: readable text to instruction records (bytecode.ts). Statements are
 * separated by newlines or `;`; `//` starts a comment; `name:` defines a label.
 *
 *   ldh [12]; jeq #0x0800, ip, reject     // EtherType IPv4?
 *   ip: ldb [23]; jeq #17, accept, reject  // UDP?
 *
 * Jump targets are labels or the words `accept` / `reject`, which name a shared `accept` or
 * `reject` instruction appended at the end when used. A conditional jump with one target falls
 * through when false. The assembler checks syntax only; jump direction, ranges and everything
 * else are the verifier's job. Errors read `line:col: message` and quote the token.
 */
import { type Insn, OP, OPS, type OperandKind, type OpInfo } from './bytecode.ts';

export interface AsmError {
  line: number;
  col: number;
  message: string;
  /** `line:col: message`. */
  text: string;
}

export type AsmResult = { ok: true; program: Insn[] } | { ok: false; errors: AsmError[] };

interface Token {
  text: string;
  line: number;
  col: number;
}

class AsmFail extends Error {
  constructor(
    readonly tok: Token,
    msg: string,
  ) {
    super(msg);
  }
}

const TOKEN = /\s+|\/\/.*|0[xX][0-9a-fA-F]+|\d+|[A-Za-z_.][A-Za-z0-9_.]*|[#[\]+,:;*&()]|./g;

/** Splits text into tokens, dropping space and comments; every line ends with a `;` token. */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  text.split('\n').forEach((src, i) => {
    for (const m of src.matchAll(TOKEN)) {
      if (/^\s/.test(m[0]) || m[0].startsWith('//')) continue;
      out.push({ text: m[0], line: i + 1, col: m.index + 1 });
    }
    out.push({ text: ';', line: i + 1, col: src.length + 1 });
  });
  return out;
}

/** The readable form of an operand kind, for "expected" messages and the disassembler. */
export const OPERAND_FORMS: Record<OperandKind, string> = {
  none: '',
  pkt: '[k]',
  pktx: '[x+k]',
  imm: '#k',
  mem: 'M[k]',
  len: 'len',
  msh: '4*([k]&0xf)',
  x: 'x',
  target: 'L',
  'cond-k': '#k, Lt[, Lf]',
  'cond-x': 'x, Lt[, Lf]',
};

const RESERVED = new Set(['accept', 'reject', 'x', 'len', 'M']);

/** One statement's tokens being parsed; `at` is the next token. */
class Cursor {
  at = 0;
  constructor(
    readonly toks: Token[],
    readonly end: Token,
  ) {}
  peek(n = 0): Token | undefined {
    return this.toks[this.at + n];
  }
  next(what: string): Token {
    const t = this.toks[this.at++];
    if (!t) throw new AsmFail(this.end, `expected ${what} at end of statement`);
    return t;
  }
  expect(text: string): Token {
    const t = this.next(`\`${text}\``);
    if (t.text !== text) throw new AsmFail(t, `expected \`${text}\`, found \`${t.text}\``);
    return t;
  }
  number(): number {
    const t = this.next('a number');
    if (!/^(0[xX][0-9a-fA-F]+|\d+)$/.test(t.text)) {
      throw new AsmFail(t, `expected a number, found \`${t.text}\``);
    }
    const v = Number(t.text);
    if (v > 0xffffffff) throw new AsmFail(t, `number \`${t.text}\` does not fit in 32 bits`);
    return v;
  }
}

/** Decides which operand shape the statement uses from its first operand tokens. */
function operandKind(c: Cursor, mnemonic: string): OperandKind {
  const t = c.peek();
  if (!t) return 'none';
  if (t.text === '#') return mnemonic.startsWith('j') ? 'cond-k' : 'imm';
  if (t.text === '[') return c.peek(1)?.text === 'x' ? 'pktx' : 'pkt';
  if (t.text === 'M' && c.peek(1)?.text === '[') return 'mem';
  if (t.text === 'len') return 'len';
  if (t.text === '4' && c.peek(1)?.text === '*') return 'msh';
  if (t.text === 'x') return mnemonic.startsWith('j') ? 'cond-x' : 'x';
  return 'target';
}

interface Pending {
  insn: Insn;
  /** Unresolved jump targets: field to fill and the token naming it. */
  refs: { field: 'jt' | 'jf'; tok: Token }[];
}

/** Parses the operands of kind `kind` into `p`; the cursor is just past the mnemonic. */
function parseOperands(c: Cursor, kind: OperandKind, p: Pending): void {
  const target = (field: 'jt' | 'jf') => p.refs.push({ field, tok: c.next('a jump target') });
  switch (kind) {
    case 'none':
      return;
    case 'pkt':
      c.expect('[');
      p.insn.k = c.number();
      c.expect(']');
      return;
    case 'pktx':
      c.expect('[');
      c.expect('x');
      if (c.peek()?.text === '+') {
        c.expect('+');
        p.insn.k = c.number();
      }
      c.expect(']');
      return;
    case 'imm':
      c.expect('#');
      p.insn.k = c.number();
      return;
    case 'mem':
      c.expect('M');
      c.expect('[');
      p.insn.k = c.number();
      c.expect(']');
      return;
    case 'len':
    case 'x':
      c.next(kind);
      return;
    case 'msh':
      for (const s of ['4', '*', '(', '[']) c.expect(s);
      p.insn.k = c.number();
      for (const s of [']', '&']) c.expect(s);
      if (c.number() !== 0xf) throw new AsmFail(c.toks[c.at - 1]!, 'expected `0xf`');
      c.expect(')');
      return;
    case 'target':
      target('jt');
      return;
    case 'cond-k':
    case 'cond-x':
      if (kind === 'cond-k') {
        c.expect('#');
        p.insn.k = c.number();
      } else c.expect('x');
      c.expect(',');
      target('jt');
      if (c.peek()?.text === ',') {
        c.expect(',');
        target('jf');
      } else p.refs.push({ field: 'jf', tok: { ...c.end, text: '' } });
  }
}

/** Parses one statement (labels, then an optional instruction). */
function parseStatement(c: Cursor, labels: Map<string, number>, out: Pending[]): void {
  while (c.peek(1)?.text === ':') {
    const t = c.next('a label');
    if (!/^[A-Za-z_.]/.test(t.text)) throw new AsmFail(t, `bad label name \`${t.text}\``);
    if (RESERVED.has(t.text)) throw new AsmFail(t, `\`${t.text}\` is reserved, not a label`);
    if (labels.has(t.text)) throw new AsmFail(t, `label \`${t.text}\` defined twice`);
    labels.set(t.text, out.length);
    c.next(':');
  }
  const m = c.peek();
  if (!m) return;
  c.at++;
  const candidates = OPS.filter((o) => o.mnemonic === m.text);
  if (candidates.length === 0) throw new AsmFail(m, `unknown instruction \`${m.text}\``);
  const kind = operandKind(c, m.text);
  const info: OpInfo | undefined = candidates.find((o) => o.operand === kind);
  if (!info) {
    const forms = candidates.map((o) => `\`${`${m.text} ${OPERAND_FORMS[o.operand]}`.trim()}\``);
    const bad = c.peek();
    const found = bad ? `\`${bad.text}\`` : 'no operand';
    throw new AsmFail(
      bad ?? m,
      `bad operand ${found} for \`${m.text}\`; expected ${forms.join(' or ')}`,
    );
  }
  const p: Pending = { insn: { op: info.op, k: 0, jt: 0, jf: 0 }, refs: [] };
  parseOperands(c, kind, p);
  const extra = c.peek();
  if (extra) throw new AsmFail(extra, `unexpected \`${extra.text}\` after \`${m.text}\``);
  out.push(p);
}

/** Resolves label and accept/reject targets, appending shared return instructions if used. */
function resolve(pending: Pending[], labels: Map<string, number>, errs: AsmFail[]): Insn[] {
  const program = pending.map((p) => p.insn);
  const shared = new Map<string, number>();
  pending.forEach((p, i) => {
    for (const { field, tok } of p.refs) {
      if (tok.text === '') p.insn[field] = i + 1;
      else if (tok.text === 'accept' || tok.text === 'reject') {
        if (!shared.has(tok.text)) shared.set(tok.text, pending.length + shared.size);
        p.insn[field] = shared.get(tok.text)!;
      } else if (labels.has(tok.text)) p.insn[field] = labels.get(tok.text)!;
      else errs.push(new AsmFail(tok, `undefined label \`${tok.text}\``));
    }
  });
  for (const name of shared.keys()) {
    program.push({ op: name === 'accept' ? OP.ACCEPT : OP.REJECT, k: 0, jt: 0, jf: 0 });
  }
  return program;
}

/** Assembles filter text; returns the program or every error found (one per statement). */
export function assembleFilter(text: string): AsmResult {
  const toks = tokenize(text);
  const labels = new Map<string, number>();
  const pending: Pending[] = [];
  const errs: AsmFail[] = [];
  let start = 0;
  toks.forEach((t, i) => {
    if (t.text !== ';') return;
    try {
      parseStatement(new Cursor(toks.slice(start, i), t), labels, pending);
    } catch (e) {
      if (!(e instanceof AsmFail)) throw e;
      errs.push(e);
    }
    start = i + 1;
  });
  const program = resolve(pending, labels, errs);
  if (errs.length > 0) {
    const errors = errs.map(({ tok, message }) => ({
      line: tok.line,
      col: tok.col,
      message,
      text: `${tok.line}:${tok.col}: ${message}`,
    }));
    return { ok: false, errors };
  }
  return { ok: true, program };
}
