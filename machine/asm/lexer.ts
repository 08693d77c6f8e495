/**
 * Lexer for one line of MIPS assembly, GNU as and SPIM syntax alike: `#` starts a comment, `;`
 * separates statements, `$name` is a register, `1f`/`1b` refer to local numeric labels, `'a'` is a
 * character constant, and strings take the escapes \n \t \r \\ \" \' \0 \xHH and octal \ooo.
 * Columns are 1-based, counted in UTF-16 code units of the line.
 */

import { ColumnError } from './errors.ts';
export type TokenKind =
  | 'ident' // symbol, mnemonic or directive (`main`, `c.eq.s`, `.word`, `%hi`)
  | 'reg' // `$t0`, `$8`, `$f2`, `$fcc1`
  | 'num' // integer or character constant; value in `value`
  | 'float' // number with a fraction or exponent
  | 'local' // `1f` / `1b`
  | 'str' // string literal; bytes in `bytes`
  | 'punct'; // , ( ) : + - * / % << >> & | ^ ~ = !

export interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based column of the first character. */
  col: number;
  /** Column just past the last character. */
  end: number;
  value: number;
  bytes?: number[];
}

const UTF8 = new TextEncoder();
const IDENT_START = /[A-Za-z_.]/;
const IDENT_CHAR = /[A-Za-z0-9_.$]/;
const ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  '\\': 92,
  '"': 34,
  "'": 39,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
};

/** Split a line into statements (on `;` outside strings), each a token list. */
export function lexLine(line: string): Token[][] | ColumnError {
  const statements: Token[][] = [[]];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '#') break;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === ';') {
      statements.push([]);
      i++;
      continue;
    }
    const tok = lexToken(line, i);
    if (tok instanceof ColumnError) return tok;
    statements[statements.length - 1]!.push(tok);
    i = tok.end - 1;
  }
  return statements.filter((s) => s.length > 0);
}

function make(kind: TokenKind, line: string, start: number, end: number, value = 0): Token {
  return { kind, text: line.slice(start, end), col: start + 1, end: end + 1, value };
}

function lexToken(line: string, i: number): Token | ColumnError {
  const c = line[i]!;
  if (IDENT_START.test(c)) return make('ident', line, i, scan(line, i + 1, IDENT_CHAR));
  if (c === '$') return make('reg', line, i, scan(line, i + 1, /[A-Za-z0-9_]/));
  if (c >= '0' && c <= '9') return lexNumber(line, i);
  if (c === '"') return lexString(line, i);
  if (c === "'") return lexChar(line, i);
  if (c === '%' && /^%(hi|lo)\b/i.test(line.slice(i, i + 4))) return make('ident', line, i, i + 3);
  const two = line.slice(i, i + 2);
  if (two === '<<' || two === '>>') return make('punct', line, i, i + 2);
  if (',():+-*/%&|^~=!'.includes(c)) return make('punct', line, i, i + 1);
  return new ColumnError(i + 1, `unexpected character \`${printable(c)}\``);
}

/** A character as it may be quoted in a message (control and binary bytes escaped). */
export function printable(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0xfffd) {
    return `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return c;
}

function scan(line: string, i: number, re: RegExp): number {
  while (i < line.length && re.test(line[i]!)) i++;
  return i;
}

function lexNumber(line: string, i: number): Token | ColumnError {
  const end = scan(line, i, /[A-Za-z0-9_.]/);
  let text = line.slice(i, end);
  // Exponent sign: 1.5e-3
  let stop = end;
  if (/^\d+(\.\d*)?[eE]$/.test(text) && /[+-]/.test(line[end] ?? '')) {
    stop = scan(line, end + 1, /[0-9]/);
    text = line.slice(i, stop);
  }
  if (/^\d+[fb]$/.test(text)) return make('local', line, i, stop);
  if (/^\d+\.\d*([eE][+-]?\d+)?$|^\d+[eE][+-]?\d+$/.test(text)) {
    return make('float', line, i, stop, Number(text));
  }
  const value = parseInteger(text);
  if (value === undefined) return new ColumnError(i + 1, `bad number \`${text}\``);
  return make('num', line, i, stop, value);
}

function parseInteger(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^0[bB][01]+$/.test(t)) return Number.parseInt(t.slice(2), 2);
  if (/^\d+$/.test(t)) return Number.parseInt(t, 10);
  return undefined;
}

/** One possibly escaped character at `i`; returns its code and the index after it. */
function readChar(line: string, i: number): [number, number] | ColumnError {
  const c = line[i]!;
  if (c !== '\\') return [line.charCodeAt(i), i + 1];
  const e = line[i + 1];
  if (e === undefined) return new ColumnError(i + 1, 'unfinished escape `\\`');
  if (e === 'x' || e === 'X') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(line.slice(i + 2));
    if (!m) return new ColumnError(i + 1, 'bad escape `\\x`');
    return [Number.parseInt(m[0], 16), i + 2 + m[0].length];
  }
  if (e >= '0' && e <= '7') {
    const m = /^[0-7]{1,3}/.exec(line.slice(i + 1))!;
    return [Number.parseInt(m[0], 8) & 0xff, i + 1 + m[0].length];
  }
  const code = ESCAPES[e];
  if (code === undefined) return new ColumnError(i + 1, `unknown escape \`\\${printable(e)}\``);
  return [code, i + 2];
}

function lexString(line: string, start: number): Token | ColumnError {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < line.length && line[i] !== '"') {
    const code = line.codePointAt(i)!;
    if (line[i] !== '\\' && code >= 0x80) {
      // Source text is Unicode; the guest sees it UTF-8 encoded. Escapes are raw bytes.
      const ch = String.fromCodePoint(code);
      bytes.push(...UTF8.encode(ch));
      i += ch.length;
      continue;
    }
    const r = readChar(line, i);
    if (r instanceof ColumnError) return r;
    bytes.push(r[0] & 0xff);
    i = r[1];
  }
  if (i >= line.length) return new ColumnError(start + 1, 'unterminated string');
  const tok = make('str', line, start, i + 1);
  tok.bytes = bytes;
  return tok;
}

function lexChar(line: string, start: number): Token | ColumnError {
  if (start + 1 >= line.length)
    return new ColumnError(start + 1, 'unterminated character constant');
  const r = readChar(line, start + 1);
  if (r instanceof ColumnError) return r;
  if (line[r[1]] !== "'") return new ColumnError(start + 1, 'unterminated character constant');
  return make('num', line, start, r[1] + 1, r[0]);
}
