/**
 * Whole programs in bare mode against outputs recorded from real tools: SPIM-style programs
 * (expected stdout and exit status from Debian's spim) and freestanding mipsel ELF programs
 * (from qemu-mipsel). The data and the script that regenerates it are in test/data/ and
 * scripts/make-oracle-data.sh.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgram } from './bare-helpers.ts';

const PROGRAMS = join(import.meta.dirname, '../data/programs');
const ELF = join(import.meta.dirname, '../data/elf');
const LIMIT = 200_000_000;

function optional(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}

describe('SPIM programs produce what spim produced', () => {
  const names = readdirSync(PROGRAMS)
    .filter((f) => f.endsWith('.s'))
    .map((f) => f.slice(0, -2));
  it('has programs to run', () => expect(names.length).toBeGreaterThan(10));
  for (const name of names) {
    it(name, () => {
      const run = loadProgram(
        `${name}.s`,
        readFileSync(join(PROGRAMS, `${name}.s`)),
        optional(join(PROGRAMS, `${name}.in`)),
      );
      const result = run.session.run(LIMIT);
      expect(result.reason).toBe('halted');
      expect(run.output()).toBe(readFileSync(join(PROGRAMS, `${name}.out`), 'utf8'));
      const status = optional(join(PROGRAMS, `${name}.status`));
      if (status) expect(run.session.exitCode).toBe(Number(status.toString().trim()));
    });
  }
});

describe('mipsel ELF programs produce what qemu-mipsel produced', () => {
  const names = readdirSync(ELF)
    .filter((f) => f.endsWith('.out'))
    .map((f) => f.slice(0, -4));
  it('has programs to run', () => expect(names.length).toBeGreaterThan(5));
  for (const name of names) {
    it(name, () => {
      const run = loadProgram(
        name,
        new Uint8Array(readFileSync(join(ELF, name))),
        optional(join(ELF, `${name}.in`)),
      );
      const result = run.session.run(LIMIT);
      expect(result.reason).toBe('halted');
      expect(run.output()).toBe(readFileSync(join(ELF, `${name}.out`), 'utf8'));
      expect(run.session.exitCode).toBe(
        Number(readFileSync(join(ELF, `${name}.status`), 'utf8').trim()),
      );
    });
  }
});
