// The exolab command line, run for real in a subprocess (`node bin/exolab.js …`) as a user
// would, from a fresh temporary directory. Each subprocess costs about half a second, so each
// test checks several things about one run.
import { describe, expect, test } from 'vitest';
import { exolabWorkspace } from './run-exolab.ts';

const { exolab, file: program } = exolabWorkspace('exolab-cli-');

describe('usage', () => {
  test('--help describes the commands and exits 0', () => {
    const r = exolab(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('exolab run FILE');
    expect(r.stdout).toContain('exolab bench emulator');
    expect(r.stderr).toBe('');
  });

  test('with no command and no terminal, one line says what else there is, exit 0', () => {
    const r = exolab([]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('the full-screen shell needs a terminal');
    expect(r.stdout).toContain('exolab script FILE');
  });

  test('an unknown command is named in one line, exit 2', () => {
    const r = exolab(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('unknown command `frobnicate`');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  test('an unknown flag is named with the right form, exit 2', () => {
    const r = exolab(['run', 'prog.s', '--turbo']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('unknown flag `--turbo`');
    expect(r.stderr).toContain('exolab run FILE.s|FILE.elf');
  });

  test('a missing file is one clear line, exit 1', () => {
    const r = exolab(['run', 'nowhere.s']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('exolab: cannot read program `nowhere.s`: no such file\n');
  });
});

describe('exolab run', () => {
  test('hello world prints through syscall 4; --stats reports on stderr', () => {
    const file = program(
      'hello.s',
      `        .data
msg:    .asciiz "hello, world\\n"
        .text
        .globl main
main:   li $v0, 4
        la $a0, msg
        syscall
        li $v0, 10
        syscall
`,
    );
    const r = exolab(['run', file, '--stats']);
    expect(r.stdout).toBe('hello, world\n');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^instructions: [1-9]\d*$/m);
    expect(r.stderr).toMatch(/^cycles: [1-9]\d*$/m);
    expect(r.stderr).toMatch(/^mips: \d+\.\d$/m);
  });

  test('an assembly error is reported as file:line:col, exit 1', () => {
    const file = program(
      'bad.s',
      '        .text\nmain:   li $v0, 10\n        frob $t0, $t1\n        syscall\n',
    );
    const r = exolab(['run', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.s:3:\d+: /);
    expect(r.stderr).toContain('frob');
  });

  test('exit2 sets the exit status; stdin is read by syscall 5', () => {
    const file = program(
      'exit2.s',
      `        .text
main:   li $v0, 5
        syscall
        move $a0, $v0
        li $v0, 17
        syscall
`,
    );
    const r = exolab(['run', file], '42\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(42);
  });

  test('--max-instructions stops an infinite loop with status 3', () => {
    const file = program('loop.s', '        .text\nmain:   addiu $t0, $t0, 1\n        j main\n');
    const r = exolab(['run', file, '--max-instructions', '100000']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^exolab: instruction limit \(100000\) reached at pc 0x[0-9a-f]{8}$/m);
  });
});

describe('exolab bench', () => {
  test('bench emulator --json runs every program and reports positive numbers', () => {
    const r = exolab(['bench', 'emulator', '--seconds', '0.1', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { results: Record<string, number | string>[] };
    expect(report.results.map((p) => `${p.program} ${p.engine}`)).toEqual([
      'sieve.s interp',
      'sieve.s jit',
      'tlb-heavy.s interp',
      'tlb-heavy.s jit',
    ]);
    for (const p of report.results) {
      for (const key of ['instructions', 'cycles', 'seconds', 'mips', 'runs']) {
        expect(p[key]).toBeGreaterThan(0);
      }
    }
    expect(report.results[0].output).toBe('6542');
    expect(report.results[2].output).toBe(String(tlbHeavyChecksum(300)));
    // Both engines: same instructions, same cycles.
    expect(report.results[1].cycles).toBe(report.results[0].cycles);
    expect(report.results[3].cycles).toBe(report.results[2].cycles);
  });
});

/** What bench/tlb-heavy.s prints after `reps` repetitions. */
function tlbHeavyChecksum(reps: number): number {
  let sum = 0;
  for (let r = reps; r >= 1; r--) for (let i = 0; i < 512; i++) sum = (sum + (i ^ r)) | 0;
  return sum;
}
