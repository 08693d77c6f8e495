// Tab completion: command names, then each argument by its kind (environments, stored
// capabilities, labels, flags).
import { describe, expect, test } from 'vitest';
import { complete } from '../../../source/repl/complete.ts';
import { Session } from '../../../source/repl/index.ts';

function session(): Session {
  const s = new Session({ memoryBytes: 4 << 20 });
  for (const line of ['env new alice', 'env new bob', 'frame_alloc', 'frame_alloc']) {
    if (!s.execute(line).ok) throw new Error(line);
  }
  return s;
}

describe('complete', () => {
  test('command names at the start of a line, after `!` too', () => {
    const s = session();
    const frames = complete(s, 'frame_');
    expect(frames).toMatchObject({ start: 0, kind: 'command' });
    expect(frames.candidates).toEqual(expect.arrayContaining(['frame_alloc', 'frame_free']));
    expect(frames.candidates.every((n) => n.startsWith('frame_'))).toBe(true);
    expect(complete(s, '! E_BADCAP bi').candidates).toEqual(['bind']);
    expect(complete(s, '!fr').candidates).toContain('!frames');
  });

  test('arguments by kind: capabilities, environments, flags, commands', () => {
    const s = session();
    expect(complete(s, 'bind 0x20000000 $')).toEqual({
      start: 16,
      candidates: ['$c1', '$c2'],
      kind: 'cap',
    });
    expect(complete(s, 'as a').candidates).toEqual(['alice']);
    expect(complete(s, 'frames ').candidates).toEqual(['1', '2', 'alice', 'bob']);
    expect(complete(s, 'mem -').candidates).toEqual(['-p']);
    expect(complete(s, 'help ste').candidates).toEqual(['step']);
    expect(complete(s, 'cap_narrow $c1 r').candidates).toEqual(['r', 'rg', 'rw', 'rwg']);
  });

  test('nothing for numbers, past the last argument, or inside a string', () => {
    const s = session();
    expect(complete(s, 'bind 0x2').candidates).toEqual([]);
    expect(complete(s, 'env_self x').candidates).toEqual([]);
    expect(complete(s, 'load x "pr').candidates).toEqual([]);
    expect(complete(s, 'load x pr').kind).toBe('file');
  });
});
