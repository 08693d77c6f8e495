// `exolab script`, run for real in a subprocess as a user would: exit statuses, FILE:LINE
// messages, the --json shape, stdin, and every script under examples/ succeeding.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exolabWorkspace } from './run-exolab.ts';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;
const { exolab, file: script } = exolabWorkspace('exolab-script-');

describe('exolab script', () => {
  test('echoes each command after a prompt, then its output; exit 0', () => {
    const file = script(
      'ok.exo',
      '# a comment\nenv new alice\n\nframe_alloc   # $c1\n! bind 0 $c9 1\n',
    );
    const r = exolab(['script', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('exo> env new alice');
    expect(lines[1]).toBe('created env 1 (alice, asid 1); acting as alice');
    expect(lines[2]).toBe('alice> frame_alloc   # $c1');
    expect(lines[4]).toMatch(/^\$c1 = cap:frame:/);
    expect(lines[5]).toBe('alice> ! bind 0 $c9 1');
    expect(lines[6]).toContain('(refused, as expected)');
  });

  test('stops at the first failing command with FILE:LINE: message, exit 1', () => {
    const file = script('bad.exo', 'env new alice\nframe_alloc\nbind 0xzz $c1 1\nenvs\n');
    const r = exolab(['script', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'bad.exo:3: bind: `0xzz` is not an address; form: bind VADDR CAP WRITABLE\n',
    );
    expect(r.stdout).toContain('alice> bind 0xzz $c1 1');
    expect(r.stdout).not.toContain('envs');
  });

  test('a refusal by the kernel fails the script; a `!` line that succeeds does too', () => {
    const refused = script(
      'refused.exo',
      'env new m\nbind 0 cap:frame:300:rw:e0:0000000000000000 1\n',
    );
    const r = exolab(['script', refused]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'refused.exo:2: bind: E_BADCAP (bad capability (forged, malformed or no such resource))\n',
    );
    const wrong = script('wrong.exo', 'env new m\nexpect-fail env_self\n');
    const w = exolab(['script', wrong]);
    expect(w.status).toBe(1);
    expect(w.stderr).toBe('wrong.exo:2: `env_self` was expected to fail but succeeded\n');
  });

  test('--json prints one object per command; stdin with `-`', () => {
    const r = exolab(['script', '-', '--json'], 'env new alice\n# note\nframe_alloc\nframe_aloc\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      '<stdin>:4: unknown command `frame_aloc`; did you mean `frame_alloc`? (`help` lists every command)\n',
    );
    const objects = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(objects).toHaveLength(3);
    expect(objects[1]).toMatchObject({
      line: 3,
      command: 'frame_alloc',
      name: 'frame_alloc',
      ok: true,
      expectFail: false,
      error: null,
      data: { call: 'frame_alloc', env: 1, error: 'E_OK', stored: '$c1' },
    });
    expect(objects[1].output[1]).toMatch(/^\$c1 = cap:frame:/);
    expect(objects[2]).toMatchObject({ line: 4, name: null, ok: false, output: [] });
  });

  test('the seed decides the capabilities; the same seed gives the same output', () => {
    const text = 'env new a\nframe_alloc\n';
    const one = exolab(['script', '-', '--seed', '7'], text).stdout;
    expect(exolab(['script', '-', '--seed', '7'], text).stdout).toBe(one);
    expect(exolab(['script', '-'], text).stdout).not.toBe(one);
  });

  test('usage mistakes exit 2; an unreadable file exits 1', () => {
    const missing = exolab(['script']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('`exolab script` needs a FILE');
    expect(exolab(['script', 'x.exo', '--seed', 'q']).stderr).toContain('`--seed`');
    const none = exolab(['script', 'nowhere.exo']);
    expect(none.status).toBe(1);
    expect(none.stderr).toBe('exolab: cannot read script `nowhere.exo`: no such file\n');
  });
});

describe('examples', () => {
  const scripts = readdirSync(EXAMPLES).filter((f) => f.endsWith('.exo'));

  test('there are examples', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(3);
  });

  test.each(scripts)('%s runs to the end (exit 0)', (name) => {
    const r = exolab(['script', join(EXAMPLES, name)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
