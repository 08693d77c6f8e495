/**
 * The command language's tokenizer: one line of input into words. It is shared by the REPL,
 * `exolab script` and the SSH shell, so it never throws: a malformed line gives an error that
 * names the column.
 *
 *   frame_alloc                      a symbol
 *   bind 0x20000000 $c1 1            numbers (decimal, 0x hex, a leading `-`) and a variable
 *   bind 0x20001000 cap:frame:300:rw:e0:0123456789abcdef 1     a capability literal
 *   load alice "my prog.s"           a quoted string ('single' or "double"; \" \\ \n \t escapes)
 *   step 3   # a comment             `#` at the start of a word starts a comment
 *
 * Tokens keep the text typed, so an error can quote it; a word that only looks like a number
 * (`0xzz`) stays a symbol and the argument parser says what was wanted instead.
 */

export type TokenKind = 'symbol' | 'number' | 'string' | 'cap' | 'var';

export interface Token {
  kind: TokenKind;
  /** The text as typed (for a string: its contents after escapes). */
  text: string;
  /** For a number: its value (not yet wrapped to 32 bits). */
  value?: number;
  /** 1-based column of the token's first character. */
  col: number;
}

export type TokenizeResult =
  | { ok: true; tokens: Token[] }
  | { ok: false; error: string; col: number };

const NUMBER = /^-?(0x[0-9a-f]+|[0-9]+)$/i;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" };

/** The kind of an unquoted word. */
export function classify(text: string): TokenKind {
  if (NUMBER.test(text)) return 'number';
  if (text.startsWith('cap:')) return 'cap';
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(text)) return 'var';
  return 'symbol';
}

/** The value of a number token's text (decimal or 0x hex, optional `-`). */
export function numberValue(text: string): number {
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  const magnitude = /^0x/i.test(digits) ? Number.parseInt(digits.slice(2), 16) : Number(digits);
  return negative ? -magnitude : magnitude;
}

/** Splits `line` into tokens, dropping a trailing `#` comment. */
export function tokenize(line: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '#') break;
    if (c === '"' || c === "'") {
      const quoted = readQuoted(line, i);
      if (!quoted.ok) return quoted;
      tokens.push({ kind: 'string', text: quoted.text, col: i + 1 });
      i = quoted.end;
      continue;
    }
    let end = i;
    while (end < line.length && !/[\s"']/.test(line[end])) end++;
    const text = line.slice(i, end);
    const kind = classify(text);
    const token: Token = { kind, text, col: i + 1 };
    if (kind === 'number') token.value = numberValue(text);
    tokens.push(token);
    i = end;
  }
  return { ok: true, tokens };
}

type Quoted = { ok: true; text: string; end: number } | { ok: false; error: string; col: number };

/** Reads the quoted string opening at `start`; `end` is the index after its closing quote. */
function readQuoted(line: string, start: number): Quoted {
  const quote = line[start];
  let text = '';
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i];
    if (c === quote) return { ok: true, text, end: i + 1 };
    if (c === '\\' && i + 1 < line.length) {
      const escaped = ESCAPES[line[i + 1]];
      if (escaped === undefined) {
        return { ok: false, error: `unknown escape \`\\${line[i + 1]}\``, col: i + 1 };
      }
      text += escaped;
      i++;
      continue;
    }
    text += c;
  }
  return { ok: false, error: `unterminated string (opened with ${quote})`, col: start + 1 };
}
