// `exolab run --kernel exos|mono`: the portable fork and Appel–Li examples print their
// expected output under both kernels from the real command line, and the flags that only
// make sense on the bare machine are refused with a one-line usage error.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exolabWorkspace } from './run-exolab.ts';

const root = new URL('../../', import.meta.url);
const path = (p: string) => new URL(p, root).pathname;
const expected = (name: string) => readFileSync(path(`examples/expected/${name}.out`), 'utf8');
const ws = exolabWorkspace('exolab-run-kernel-');

describe('exolab run --kernel', () => {
  for (const kernel of ['exos', 'mono']) {
    for (const name of ['fork', 'appel-li']) {
      it(`${name}.s under ${kernel} prints its expected output and exits 0`, () => {
        const r = ws.exolab(['run', '--kernel', kernel, path(`examples/${name}.s`)]);
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(expected(name));
        expect(r.status).toBe(0);
      });
    }
  }

  it('refuses an unknown kernel and bare-only flags with a usage error', () => {
    const bad = ws.exolab(['run', '--kernel', 'linux', path('examples/fork.s')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('exolab: --kernel takes `bare`, `exos` or `mono`, not `linux`\n');
    const trace = ws.exolab(['run', '--kernel', 'mono', '--trace', path('examples/fork.s')]);
    expect(trace.status).toBe(2);
    expect(trace.stderr).toBe(
      'exolab: --trace applies to the bare machine only, not with --kernel mono\n',
    );
  });
});
