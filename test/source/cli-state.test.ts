// `exolab run --save-state / --restore-state`, run for real in subprocesses: a run stopped by
// the instruction limit and continued from its saved state prints exactly what one whole run
// prints, in the same number of cycles; a state from another program is refused.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { exolabWorkspace } from './run-exolab.ts';

const { dir, exolab } = exolabWorkspace('exolab-state-');

// Prints 0..29 each followed by a MARS random number, so the generator's state matters too.
const COUNTER = `main:   li $s0 0
loop:   move $a0 $s0
        li $v0 1
        syscall
        li $v0 41
        li $a0 0
        syscall
        li $v0 1
        syscall
        li $a0 32
        li $v0 11
        syscall
        addi $s0 $s0 1
        blt $s0 30 loop
        li $v0 10
        syscall
`;

test('a run stopped and continued from its state equals one whole run', () => {
  writeFileSync(join(dir, 'count.s'), COUNTER);
  const whole = exolab(['run', 'count.s', '--stats']);
  expect(whole.status).toBe(0);

  const first = exolab(['run', 'count.s', '--max-instructions', '200', '--save-state', 's.snap']);
  expect(first.status).toBe(3);
  const rest = exolab(['run', 'count.s', '--restore-state', 's.snap', '--stats']);
  expect(rest.status).toBe(0);

  expect(first.stdout.length).toBeGreaterThan(0);
  expect(first.stdout + rest.stdout).toBe(whole.stdout);
  const cycles = (s: string) => /cycles: (\d+)/.exec(s)?.[1];
  expect(cycles(rest.stderr)).toBe(cycles(whole.stderr));
});

test('a state is refused for another program, and a non-state file is named', () => {
  writeFileSync(join(dir, 'count.s'), COUNTER);
  writeFileSync(join(dir, 'other.s'), 'main: li $v0 10\n syscall\n');
  expect(
    exolab(['run', 'count.s', '--max-instructions', '50', '--save-state', 'c.snap']).status,
  ).toBe(3);
  const wrong = exolab(['run', 'other.s', '--restore-state', 'c.snap']);
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toBe(
    'exolab: cannot restore `c.snap`: snapshot was saved from a different program or exception handler\n',
  );
  const junk = exolab(['run', 'count.s', '--restore-state', 'other.s']);
  expect(junk.status).toBe(1);
  expect(junk.stderr).toContain('not an exolab snapshot');
});
