/**
 * Whole programs under the exokernel and ExOS against the same recorded outputs bare mode is
 * checked against (test/data): SPIM programs (spim's stdout and exit status) and mipsel ELF
 * programs (qemu-mipsel's). The library OS must give byte-for-byte the same results.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUnderExos } from './helpers.ts';

const PROGRAMS = join(import.meta.dirname, '../../data/programs');
const ELF = join(import.meta.dirname, '../../data/elf');
const LIMIT = 200_000_000;

function optional(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}

describe('SPIM programs under ExOS produce what spim produced', () => {
  const names = readdirSync(PROGRAMS)
    .filter((f) => f.endsWith('.s'))
    .map((f) => f.slice(0, -2));
  it('has programs to run', () => expect(names.length).toBeGreaterThan(10));
  for (const name of names) {
    it(name, () => {
      const run = loadUnderExos(
        `${name}.s`,
        new Uint8Array(readFileSync(join(PROGRAMS, `${name}.s`))),
        optional(join(PROGRAMS, `${name}.in`)),
      );
      const result = run.kernel.run(LIMIT);
      expect(result.reason).toBe('halted');
      expect(run.env.state).toBe('exited');
      expect(run.output()).toBe(readFileSync(join(PROGRAMS, `${name}.out`), 'utf8'));
      const status = optional(join(PROGRAMS, `${name}.status`));
      if (status) expect(run.env.exitCode).toBe(Number(status.toString().trim()));
      expect(run.kernel.frames.ownedBy(run.env.id)).toEqual([]);
    });
  }
});

describe('mipsel ELF programs under ExOS produce what qemu-mipsel produced', () => {
  const names = readdirSync(ELF)
    .filter((f) => f.endsWith('.out'))
    .map((f) => f.slice(0, -4));
  it('has programs to run', () => expect(names.length).toBeGreaterThan(5));
  for (const name of names) {
    it(name, () => {
      const run = loadUnderExos(
        name,
        new Uint8Array(readFileSync(join(ELF, name))),
        optional(join(ELF, `${name}.in`)),
      );
      const result = run.kernel.run(LIMIT);
      expect(result.reason).toBe('halted');
      expect(run.output()).toBe(readFileSync(join(ELF, `${name}.out`), 'utf8'));
      expect(run.env.exitCode).toBe(
        Number(readFileSync(join(ELF, `${name}.status`), 'utf8').trim()),
      );
      expect(run.kernel.frames.ownedBy(run.env.id)).toEqual([]);
    });
  }
});
