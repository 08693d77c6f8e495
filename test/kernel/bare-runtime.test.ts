/**
 * Bare-mode runtime behaviour beyond the oracle programs: blocking input, demand paging
 * through the refill routine, bad addresses, determinism, and snapshot/restore.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBareProgram } from '../../kernel/bare/index.ts';
import { restoreSnapshot, saveSnapshot } from '../../machine/snapshot.ts';
import { loadProgram } from './bare-helpers.ts';

const SORT = readFileSync(join(import.meta.dirname, '../data/programs/sort.s'), 'utf8');
const SORT_INPUT = readFileSync(join(import.meta.dirname, '../data/programs/sort.in'), 'utf8');

describe('bare mode', () => {
  it('blocks on read_int until input arrives, then continues', () => {
    let out = '';
    const loaded = loadBareProgram(
      {
        name: 'echo.s',
        bytes: new TextEncoder().encode(
          'main: li $v0 5\n syscall\n move $a0 $v0\n addi $a0 $a0 1\n li $v0 1\n syscall\n li $v0 10\n syscall\n',
        ),
      },
      {
        output: { write: (b) => (out += typeof b === 'string' ? b : new TextDecoder().decode(b)) },
      },
    );
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const s = loaded.session;
    expect(s.run(1_000_000).reason).toBe('blocked');
    expect(out).toBe('');
    s.feedInput('41\n');
    expect(s.run(1_000_000).reason).toBe('halted');
    expect(out).toBe('42');
  });

  it('maps stack and heap pages on first touch through the refill routine', () => {
    const run = loadProgram(
      'touch.s',
      `main: li $t0 0x7f000000
        li $t1 1234
        sw $t1 0($t0)
        lw $a0 0($t0)
        li $v0 1
        syscall
        li $a0 100000
        li $v0 9
        syscall
        addiu $t2 $v0 90000
        sw $t1 0($t2)
        lw $a0 0($t2)
        li $v0 1
        syscall
        li $v0 10
        syscall`,
    );
    expect(run.session.run(1_000_000).reason).toBe('halted');
    expect(run.output()).toBe('12341234');
  });

  it('reports a load from an unmapped address as a bad data address, as SPIM does', () => {
    const run = loadProgram(
      'null.s',
      'main: lw $t0 0($zero)\n li $v0 4\n la $a0 msg\n syscall\n li $v0 10\n syscall\n .data\nmsg: .asciiz "after\\n"\n',
    );
    expect(run.session.run(1_000_000).reason).toBe('halted');
    expect(run.output()).toBe('  Exception 7  [Bad data address]  occurred and ignored\nafter\n');
    const main = run.session.symbols.get('main')!;
    expect(run.diagnostics()).toContain(
      `Exception occurred at PC=0x${main.toString(16).padStart(8, '0')}`,
    );
  });

  it('gives the same cycles, instructions and output on every run', () => {
    const runs = [0, 1].map(() => {
      const run = loadProgram('sort.s', SORT, SORT_INPUT);
      run.session.run(50_000_000);
      const m = run.session.machine;
      return {
        cycles: m.clock.cycles,
        retired: m.retired,
        out: run.output(),
        regs: [...m.cpu.regs],
      };
    });
    expect(runs[0].cycles).toBeGreaterThan(1000);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('restores a snapshot and continues exactly as the original run', () => {
    const original = loadProgram('sort.s', SORT, SORT_INPUT);
    original.session.run(500);
    const snapshot = saveSnapshot(original.session.machine);
    original.session.run(50_000_000);

    const copy = loadProgram('sort.s', SORT, SORT_INPUT);
    expect(restoreSnapshot(copy.session.machine, snapshot)).toBeNull();
    const outBefore = original.output();
    copy.session.run(50_000_000);
    const a = original.session.machine;
    const b = copy.session.machine;
    expect(b.clock.cycles).toBe(a.clock.cycles);
    expect([...b.cpu.regs]).toEqual([...a.cpu.regs]);
    expect(outBefore.endsWith(copy.output())).toBe(true);
    expect(copy.output().length).toBeGreaterThan(0);
  });

  it('refuses a damaged snapshot and leaves the machine as it was', () => {
    const run = loadProgram('sort.s', SORT, SORT_INPUT);
    run.session.run(2000);
    const pc = run.session.machine.cpu.pc;
    const snap = saveSnapshot(run.session.machine);
    expect(restoreSnapshot(run.session.machine, snap.subarray(0, 40))).toMatch(/truncated|corrupt/);
    expect(restoreSnapshot(run.session.machine, new Uint8Array(100))).toMatch(
      /not an exolab snapshot/,
    );
    expect(run.session.machine.cpu.pc).toBe(pc);
  });
});
