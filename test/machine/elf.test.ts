import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseElf } from '../../machine/elf.ts';

const ELF_DIR = fileURLToPath(new URL('../data/elf/', import.meta.url));

/** The committed ELF binaries: files in test/data/elf/ without an extension. */
const binaries = readdirSync(ELF_DIR).filter((f) => !f.includes('.'));

function load(name: string): Uint8Array {
  return new Uint8Array(readFileSync(ELF_DIR + name));
}

function parseOk(bytes: Uint8Array) {
  const r = parseElf(bytes);
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`);
  return r.elf;
}

function errorOf(bytes: Uint8Array): string {
  const r = parseElf(bytes);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

/** mulberry32: a tiny seeded PRNG so the fuzz cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function withU8(bytes: Uint8Array, off: number, v: number): Uint8Array {
  const b = bytes.slice();
  b[off] = v;
  return b;
}

function withU16(bytes: Uint8Array, off: number, v: number): Uint8Array {
  const b = bytes.slice();
  new DataView(b.buffer).setUint16(off, v, true);
  return b;
}

function withU32(bytes: Uint8Array, off: number, v: number): Uint8Array {
  const b = bytes.slice();
  new DataView(b.buffer).setUint32(off, v >>> 0, true);
  return b;
}

/** File offset of the first PT_LOAD program header. */
function firstLoadHeader(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  const phoff = dv.getUint32(0x1c, true);
  for (let i = 0; i < dv.getUint16(0x2c, true); i++) {
    if (dv.getUint32(phoff + 32 * i, true) === 1) return phoff + 32 * i;
  }
  throw new Error('no PT_LOAD');
}

describe('parseElf on the committed binaries', () => {
  it('finds the binaries', () => {
    expect(binaries).toContain('hello');
    expect(binaries.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of binaries) {
    it(`parses ${name} into sane segments`, () => {
      const bytes = load(name);
      const elf = parseOk(bytes);
      const text = elf.segments.find((s) => elf.entry >= s.vaddr && elf.entry < s.vaddr + s.memsz);
      expect(text?.flags.x).toBe(true);
      expect(text?.flags.r).toBe(true);
      expect(text?.flags.w).toBe(false);
      expect(elf.entry % 4).toBe(0);
      expect(elf.symbols.get('__start')).toBe(elf.entry);
      expect(elf.symbols.has('main')).toBe(true);
      let end = 0;
      for (const s of elf.segments) {
        expect(s.vaddr).toBeGreaterThanOrEqual(end);
        expect(s.filesz).toBeLessThanOrEqual(s.memsz);
        expect(s.data.length).toBe(s.filesz);
        expect(s.vaddr + s.memsz).toBeLessThanOrEqual(0x80000000);
        end = s.vaddr + s.memsz;
      }
      // The first word at the entry point is `lui $gp, %hi(_gp)` from rt.h's __start.
      const off = elf.entry - text!.vaddr;
      const word = new DataView(text!.data.buffer).getUint32(off, true);
      expect(word >>> 16).toBe(0x3c1c);
    });
  }

  it('returns the data segment bytes and symbols of checksum', () => {
    const elf = parseOk(load('checksum'));
    expect(elf.segments.length).toBe(2);
    const data = elf.segments[1]!;
    expect(data.flags).toEqual({ r: true, w: true, x: false });
    expect(data.memsz).toBeGreaterThan(data.filesz); // .bss arrays
    const words = elf.symbols.get('words')!;
    expect(words).toBeGreaterThanOrEqual(data.vaddr);
    expect(words + 512 * 4).toBeLessThanOrEqual(data.vaddr + data.memsz);
  });

  it('accepts libgcc-linked programs marked mips32r2', () => {
    const elf = parseOk(load('longlong'));
    expect(elf.symbols.has('__udivdi3')).toBe(true);
  });
});

describe('parseElf error messages', () => {
  const hello = load('hello');

  it('rejects a non-ELF file', () => {
    expect(errorOf(new Uint8Array([1, 2, 3]))).toBe('not an ELF file (bad magic)');
    expect(errorOf(new TextEncoder().encode('main: li $v0, 10\n'))).toBe(
      'not an ELF file (bad magic)',
    );
  });

  it('names a truncated header', () => {
    expect(errorOf(hello.slice(0, 20))).toMatch(/^truncated ELF: ELF header runs past end of file/);
  });

  it('rejects the wrong class, byte order, machine and type', () => {
    expect(errorOf(withU8(hello, 4, 2))).toMatch(/64-bit/);
    expect(errorOf(withU8(hello, 5, 2))).toBe(
      'ELF file is big-endian; exolab runs little-endian (mipsel) programs',
    );
    expect(errorOf(withU16(hello, 0x12, 62))).toBe(
      'ELF file is for machine 62, not MIPS (EM_MIPS = 8)',
    );
    expect(errorOf(withU16(hello, 0x10, 3))).toMatch(/ET_DYN/);
    expect(errorOf(withU16(hello, 0x10, 1))).toMatch(/ET_REL/);
  });

  it('rejects unsupported ISAs and float modes', () => {
    expect(errorOf(withU32(hello, 0x24, 0x90001000))).toMatch(/mips32r6/);
    expect(errorOf(withU32(hello, 0x24, 0x20001000))).toMatch(/mips3/);
    expect(errorOf(withU32(hello, 0x24, 0x00001200))).toMatch(/-mfp64/);
  });

  it('rejects bad header sizes', () => {
    expect(errorOf(withU16(hello, 0x28, 64))).toBe('ELF header size is 64, expected 52');
    expect(errorOf(withU16(hello, 0x2a, 56))).toBe('ELF program header size is 56, expected 32');
    expect(errorOf(withU16(hello, 0x2c, 0))).toMatch(/no program headers/);
  });

  it('names a program header table that runs past the end', () => {
    const size = hello.length;
    const err = errorOf(withU32(hello, 0x1c, size - 40));
    const hex = (n: number) => `0x${n.toString(16)}`;
    expect(err).toBe(
      `truncated ELF: program header 1 runs past end of file (offset ${hex(size - 8)} + 0x20 > size ${hex(size)})`,
    );
  });

  it('checks PT_LOAD ranges', () => {
    const ph = firstLoadHeader(hello);
    expect(errorOf(withU32(hello, ph + 4, hello.length))).toMatch(
      /^truncated ELF: segment \d+ \(vaddr 0x400000\) file data runs past end of file/,
    );
    expect(errorOf(withU32(hello, ph + 20, 0x10))).toMatch(/memsz 0x10 smaller than filesz/);
    expect(errorOf(withU32(hello, ph + 8, 0x7fffff00))).toMatch(/outside user space/);
    expect(errorOf(withU32(hello, ph + 8, 0x80000000))).toMatch(/outside user space/);
  });

  it('checks overlap and the entry point', () => {
    const bytes = load('checksum');
    const dv = new DataView(bytes.buffer);
    const phoff = dv.getUint32(0x1c, true);
    const loads: number[] = [];
    for (let i = 0; i < dv.getUint16(0x2c, true); i++) {
      if (dv.getUint32(phoff + 32 * i, true) === 1) loads.push(phoff + 32 * i);
    }
    expect(errorOf(withU32(bytes, loads[1]! + 8, 0x400100))).toMatch(/^ELF segments overlap/);
    expect(errorOf(withU32(hello, 0x18, 0x10000000))).toBe(
      'ELF entry point 0x10000000 is not inside any loadable segment',
    );
    expect(errorOf(withU32(hello, 0x18, 0x400132))).toMatch(/not word-aligned/);
    const ph = firstLoadHeader(hello);
    expect(errorOf(withU32(hello, ph + 24, 4))).toMatch(/not executable/);
    expect(errorOf(withU32(hello, ph, 3))).toMatch(/dynamically linked/);
  });

  it('rejects a corrupt symbol table', () => {
    const dv = new DataView(hello.buffer, hello.byteOffset);
    const shoff = dv.getUint32(0x20, true);
    expect(errorOf(withU32(hello, 0x20, hello.length - 8))).toMatch(/section header 0 runs past/);
    let symtab = -1;
    for (let i = 0; i < dv.getUint16(0x30, true); i++) {
      if (dv.getUint32(shoff + 40 * i + 4, true) === 2) symtab = shoff + 40 * i;
    }
    expect(errorOf(withU32(hello, symtab + 20, 0x100000))).toMatch(/\.symtab runs past/);
    expect(errorOf(withU32(hello, symtab + 24, 0))).toMatch(/not a string table/);
  });

  it('parses a file with no section headers, giving no symbols', () => {
    const elf = parseOk(withU16(hello, 0x30, 0));
    expect(elf.symbols.size).toBe(0);
  });
});

describe('parseElf never throws', () => {
  it('handles every truncation of a real binary', () => {
    for (const name of ['hello', 'checksum']) {
      const bytes = load(name);
      for (let n = 0; n <= bytes.length; n++) {
        const r = parseElf(bytes.subarray(0, n));
        expect(typeof r.ok).toBe('boolean');
      }
    }
  });

  it('handles seeded random mutations', () => {
    const rand = prng(0x5eed);
    const sources = binaries.map(load);
    let oks = 0;
    for (let i = 0; i < 4000; i++) {
      const b = sources[i % sources.length]!.slice();
      const edits = 1 + Math.floor(rand() * 8);
      for (let k = 0; k < edits; k++) {
        // Mostly hit the headers, where the parser's decisions are.
        const span = rand() < 0.7 ? Math.min(b.length, 0x120) : b.length;
        const at = Math.floor(rand() * span);
        b[at] = rand() < 0.3 ? 0xff : Math.floor(rand() * 256);
      }
      const r = parseElf(b);
      if (r.ok) oks++;
      else expect(r.error).not.toMatch(/\n/);
    }
    expect(oks).toBeGreaterThan(0);
    expect(oks).toBeLessThan(4000);
  });

  it('handles section-table mutations and random bytes', () => {
    const rand = prng(42);
    const hello = load('hello');
    const shoff = new DataView(hello.buffer).getUint32(0x20, true);
    for (let i = 0; i < 2000; i++) {
      const b = hello.slice();
      const at = shoff + Math.floor(rand() * (b.length - shoff));
      b[at] = Math.floor(rand() * 256);
      expect(typeof parseElf(b).ok).toBe('boolean');
    }
    for (let i = 0; i < 200; i++) {
      const b = new Uint8Array(Math.floor(rand() * 200));
      for (let k = 0; k < b.length; k++) b[k] = Math.floor(rand() * 256);
      b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1].slice(0, b.length));
      expect(typeof parseElf(b).ok).toBe('boolean');
    }
  });
});
