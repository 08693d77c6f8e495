// The command language's tokenizer: words, numbers, strings, variables, capability literals
// and comments, and errors that name the column.
import { describe, expect, test } from 'vitest';
import { tokenize } from '../../../source/repl/tokenizer.ts';

function kinds(line: string) {
  const result = tokenize(line);
  if (!result.ok) throw new Error(result.error);
  return result.tokens.map((t) => [t.kind, t.text, t.value]);
}

describe('tokenize', () => {
  test('symbols, decimal and hex numbers, negative numbers', () => {
    expect(kinds('bind 0x20000000 $c1 1')).toEqual([
      ['symbol', 'bind', undefined],
      ['number', '0x20000000', 0x20000000],
      ['var', '$c1', undefined],
      ['number', '1', 1],
    ]);
    expect(kinds('x -12 0XfF -0x10')).toEqual([
      ['symbol', 'x', undefined],
      ['number', '-12', -12],
      ['number', '0XfF', 255],
      ['number', '-0x10', -16],
    ]);
  });

  test('a word that only looks like a number stays a symbol', () => {
    expect(kinds('bind 0xzz 12a')).toEqual([
      ['symbol', 'bind', undefined],
      ['symbol', '0xzz', undefined],
      ['symbol', '12a', undefined],
    ]);
  });

  test('capability literals are one token', () => {
    expect(kinds('frame_free cap:frame:42:rw:e3:9f2c0a1be4d57788')).toEqual([
      ['symbol', 'frame_free', undefined],
      ['cap', 'cap:frame:42:rw:e3:9f2c0a1be4d57788', undefined],
    ]);
  });

  test('quoted strings keep spaces and # and understand escapes', () => {
    expect(kinds(`load alice "my prog.s" 'a#b' "q\\"\\n"`)).toEqual([
      ['symbol', 'load', undefined],
      ['symbol', 'alice', undefined],
      ['string', 'my prog.s', undefined],
      ['string', 'a#b', undefined],
      ['string', 'q"\n', undefined],
    ]);
  });

  test('# starts a comment; blank and comment-only lines have no tokens', () => {
    expect(kinds('step 3   # three instructions')).toEqual([
      ['symbol', 'step', undefined],
      ['number', '3', 3],
    ]);
    expect(kinds('')).toEqual([]);
    expect(kinds('   # only a comment')).toEqual([]);
  });

  test('columns are 1-based', () => {
    const result = tokenize('  mem  0x10');
    expect(result.ok && result.tokens.map((t) => t.col)).toEqual([3, 8]);
  });

  test('an unterminated string or unknown escape names its column', () => {
    expect(tokenize('load alice "prog.s')).toEqual({
      ok: false,
      error: 'unterminated string (opened with ")',
      col: 12,
    });
    const bad = tokenize('load "a\\qb"');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toBe('unknown escape `\\q`');
  });
});
