/**
 * ELF32 reader for the programs bare mode runs: little-endian MIPS (`mipsel`) static executables
 * as `mipsel-linux-gnu-gcc -march=mips1|mips32 -mfp32 -static -nostdlib` produces them.
 *
 * Follows the System V ABI "Object Files" chapter and its MIPS supplement. Only what a loader needs
 * is returned: the entry point, the PT_LOAD segments and the names in .symtab. Everything read is
 * checked first, so any input, however malformed, yields `{ ok: false, error }` with a one-line
 * message naming the fault; the parser never throws.
 *
 * Layouts (all fields little-endian):
 *
 *   ELF header (52 bytes)      0x00 e_ident[16]  0x10 e_type:2  0x12 e_machine:2  0x14 e_version:4
 *                              0x18 e_entry  0x1c e_phoff  0x20 e_shoff  0x24 e_flags
 *                              0x28 e_ehsize:2  0x2a e_phentsize:2  0x2c e_phnum:2
 *                              0x2e e_shentsize:2  0x30 e_shnum:2  0x32 e_shstrndx:2
 *   program header (32 bytes)  p_type p_offset p_vaddr p_paddr p_filesz p_memsz p_flags p_align
 *   section header (40 bytes)  sh_name sh_type sh_flags sh_addr sh_offset sh_size sh_link sh_info
 *                              sh_addralign sh_entsize
 *   symbol (16 bytes)          st_name st_value st_size st_info:1 st_other:1 st_shndx:2
 */

export const EM_MIPS = 8;
export const ET_EXEC = 2;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const SHDR_SIZE = 40;
const SYM_SIZE = 16;
/** Sanity limits: real static executables have a handful of each. */
const MAX_PHNUM = 256;
const MAX_SHNUM = 4096;
/** First address above kuseg, where user programs must live. */
const KSEG0_BASE = 0x80000000;

/* e_flags fields (MIPS ABI supplement, binutils include/elf/mips.h). */
const EF_MIPS_ABI2 = 0x20;
const EF_MIPS_FP64 = 0x200;
const EF_MIPS_NAN2008 = 0x400;
const EF_MIPS_MICROMIPS = 0x02000000;
const EF_MIPS_ARCH_ASE_M16 = 0x04000000;
const EF_MIPS_ABI = 0x0000f000;
const E_MIPS_ABI_O32 = 0x1000;
const EF_MIPS_ARCH = 0xf0000000;
/** EF_MIPS_ARCH values, indexed by the field's value. */
const ARCH_NAMES = [
  'mips1',
  'mips2',
  'mips3',
  'mips4',
  'mips5',
  'mips32',
  'mips64',
  'mips32r2',
  'mips64r2',
  'mips32r6',
  'mips64r6',
];
/**
 * Accepted EF_MIPS_ARCH values: MIPS I, MIPS II, MIPS32 and MIPS32r2. The last is accepted because
 * Debian's libgcc.a is built for mips32r2, so every program linked with -lgcc is marked mips32r2
 * even when (as in test/data/elf/longlong) it only uses MIPS32r1 instructions; an r2-only
 * instruction still raises Reserved Instruction when it runs.
 */
const ARCH_OK = new Set([0, 1, 5, 7]);

export interface ElfSegment {
  vaddr: number;
  memsz: number;
  filesz: number;
  /** The segment's file bytes (a copy, `filesz` long); the loader zero-fills up to `memsz`. */
  data: Uint8Array;
  flags: { r: boolean; w: boolean; x: boolean };
}

export interface ElfImage {
  entry: number;
  /** PT_LOAD segments in ascending vaddr order, none overlapping, all inside kuseg. */
  segments: ElfSegment[];
  /** Defined symbols from .symtab (empty if stripped); a global name wins over a local one. */
  symbols: Map<string, number>;
}

export type ElfResult = { ok: true; elf: ElfImage } | { ok: false; error: string };

/** Thrown only inside this module, and always caught by parseElf. */
class ElfError {
  constructor(readonly message: string) {}
}

const hex = (n: number): string => `0x${n.toString(16)}`;

function fail(message: string): never {
  throw new ElfError(message);
}

/** Bounds-checked little-endian reads over the file. */
class Reader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get size(): number {
    return this.bytes.length;
  }
  u8(off: number): number {
    return this.view.getUint8(off);
  }
  u16(off: number): number {
    return this.view.getUint16(off, true);
  }
  u32(off: number): number {
    return this.view.getUint32(off, true);
  }
  /** Fails with "truncated ELF: WHAT runs past end of file (...)" unless [off, off+len) fits. */
  need(off: number, len: number, what: string): void {
    if (off + len > this.size) {
      fail(
        `truncated ELF: ${what} runs past end of file (offset ${hex(off)} + ${hex(len)} > size ${hex(this.size)})`,
      );
    }
  }
}

/**
 * Parses an ELF32 little-endian MIPS static executable. Returns the entry point, the loadable
 * segments and the symbol table, or a one-line error naming what is wrong. Never throws.
 */
export function parseElf(bytes: Uint8Array): ElfResult {
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: 'ELF input is not a byte array' };
  try {
    const r = new Reader(bytes);
    const entry = checkHeader(r);
    const segments = readSegments(r);
    checkEntry(entry, segments);
    const symbols = readSymbols(r);
    return { ok: true, elf: { entry, segments, symbols } };
  } catch (e) {
    if (e instanceof ElfError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Checks e_ident and the fixed header fields; returns e_entry. */
function checkHeader(r: Reader): number {
  const magic = r.size >= 4 && r.u8(0) === 0x7f && r.u8(1) === 0x45 && r.u8(2) === 0x4c;
  if (!magic || r.u8(3) !== 0x46) fail('not an ELF file (bad magic)');
  r.need(0, EHDR_SIZE, 'ELF header');
  const cls = r.u8(4);
  if (cls === 2) fail('ELF file is 64-bit (ELFCLASS64); exolab runs 32-bit programs');
  if (cls !== 1) fail(`ELF file has invalid class ${cls} (expected 1, ELFCLASS32)`);
  const data = r.u8(5);
  if (data === 2) fail('ELF file is big-endian; exolab runs little-endian (mipsel) programs');
  if (data !== 1) fail(`ELF file has invalid data encoding ${data} (expected 1, little-endian)`);
  if (r.u8(6) !== 1 || r.u32(0x14) !== 1) fail('ELF file has an unknown ELF version (expected 1)');
  const machine = r.u16(0x12);
  if (machine !== EM_MIPS) fail(`ELF file is for machine ${machine}, not MIPS (EM_MIPS = 8)`);
  const type = r.u16(0x10);
  if (type === 3) fail('ELF file is a shared object or PIE (ET_DYN); link with -static -no-pie');
  if (type === 1) fail('ELF file is a relocatable object (ET_REL); link it into an executable');
  if (type !== ET_EXEC) fail(`ELF file has type ${type}, not an executable (ET_EXEC = 2)`);
  checkFlags(r.u32(0x24));
  const ehsize = r.u16(0x28);
  if (ehsize !== EHDR_SIZE) fail(`ELF header size is ${ehsize}, expected ${EHDR_SIZE}`);
  return r.u32(0x18);
}

/** Rejects e_flags for ABIs, ISAs and FPU modes the machine does not implement. */
function checkFlags(flags: number): void {
  const arch = (flags & EF_MIPS_ARCH) >>> 28;
  if (!ARCH_OK.has(arch)) {
    const name = ARCH_NAMES[arch] ?? `architecture ${arch}`;
    fail(`ELF file is built for ${name}; exolab runs MIPS32 release 1 (-march=mips1 or mips32)`);
  }
  if (flags & (EF_MIPS_MICROMIPS | EF_MIPS_ARCH_ASE_M16)) {
    fail('ELF file uses microMIPS or MIPS16 code; exolab runs standard MIPS32 code');
  }
  const abi = flags & EF_MIPS_ABI;
  if (flags & EF_MIPS_ABI2 || (abi !== 0 && abi !== E_MIPS_ABI_O32)) {
    fail('ELF file uses a MIPS ABI other than o32');
  }
  if (flags & EF_MIPS_FP64) fail('ELF file is built with -mfp64; exolab implements -mfp32');
  if (flags & EF_MIPS_NAN2008) fail('ELF file uses IEEE 754-2008 NaNs (-mnan=2008); use legacy');
}

/** Reads and checks the program header table; returns the PT_LOAD segments sorted by vaddr. */
function readSegments(r: Reader): ElfSegment[] {
  const phoff = r.u32(0x1c);
  const phentsize = r.u16(0x2a);
  const phnum = r.u16(0x2c);
  if (phnum === 0 || phoff === 0) fail('ELF file has no program headers (nothing to load)');
  if (phnum > MAX_PHNUM) fail(`ELF file has ${phnum} program headers (more than ${MAX_PHNUM})`);
  if (phentsize !== PHDR_SIZE) {
    fail(`ELF program header size is ${phentsize}, expected ${PHDR_SIZE}`);
  }
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const off = phoff + i * PHDR_SIZE;
    r.need(off, PHDR_SIZE, `program header ${i}`);
    const type = r.u32(off);
    if (type === PT_INTERP || type === PT_DYNAMIC) {
      fail('ELF file is dynamically linked; build it with -static');
    }
    if (type === PT_LOAD) segments.push(readLoad(r, off, i));
  }
  if (segments.length === 0) fail('ELF file has no loadable (PT_LOAD) segments');
  segments.sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1]!;
    const cur = segments[i]!;
    if (prev.vaddr + prev.memsz > cur.vaddr) {
      fail(
        `ELF segments overlap: ${hex(prev.vaddr)}+${hex(prev.memsz)} and ${hex(cur.vaddr)}+${hex(cur.memsz)}`,
      );
    }
  }
  return segments;
}

/** Reads the PT_LOAD program header at file offset `off` (header number `i`). */
function readLoad(r: Reader, off: number, i: number): ElfSegment {
  const offset = r.u32(off + 4);
  const vaddr = r.u32(off + 8);
  const filesz = r.u32(off + 16);
  const memsz = r.u32(off + 20);
  const pflags = r.u32(off + 24);
  const where = `segment ${i} (vaddr ${hex(vaddr)})`;
  if (memsz < filesz) {
    fail(`ELF ${where} has memsz ${hex(memsz)} smaller than filesz ${hex(filesz)}`);
  }
  r.need(offset, filesz, `${where} file data`);
  if (vaddr + memsz > KSEG0_BASE) {
    fail(`ELF ${where} lies outside user space (ends at ${hex(vaddr + memsz)}, past 0x7fffffff)`);
  }
  return {
    vaddr,
    memsz,
    filesz,
    data: r.bytes.slice(offset, offset + filesz),
    flags: { r: (pflags & PF_R) !== 0, w: (pflags & PF_W) !== 0, x: (pflags & PF_X) !== 0 },
  };
}

/** Requires the entry point to be word-aligned and inside an executable segment. */
function checkEntry(entry: number, segments: ElfSegment[]): void {
  if (entry % 4 !== 0) fail(`ELF entry point ${hex(entry)} is not word-aligned`);
  const seg = segments.find((s) => entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (!seg) fail(`ELF entry point ${hex(entry)} is not inside any loadable segment`);
  if (!seg.flags.x) fail(`ELF entry point ${hex(entry)} is in a segment that is not executable`);
}

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

/** Reads the section header table, if any (a stripped file may have none). */
function readSections(r: Reader): Section[] {
  const shoff = r.u32(0x20);
  const shentsize = r.u16(0x2e);
  const shnum = r.u16(0x30);
  if (shoff === 0 || shnum === 0) return [];
  if (shnum > MAX_SHNUM) fail(`ELF file has ${shnum} section headers (more than ${MAX_SHNUM})`);
  if (shentsize !== SHDR_SIZE)
    fail(`ELF section header size is ${shentsize}, expected ${SHDR_SIZE}`);
  const sections: Section[] = [];
  for (let i = 0; i < shnum; i++) {
    const off = shoff + i * SHDR_SIZE;
    r.need(off, SHDR_SIZE, `section header ${i}`);
    sections.push({
      type: r.u32(off + 4),
      offset: r.u32(off + 16),
      size: r.u32(off + 20),
      link: r.u32(off + 24),
      entsize: r.u32(off + 36),
    });
  }
  return sections;
}

/** Collects the defined, named symbols of the first SHT_SYMTAB section. */
function readSymbols(r: Reader): Map<string, number> {
  const symbols = new Map<string, number>();
  const sections = readSections(r);
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) return symbols;
  if (symtab.entsize !== SYM_SIZE) fail(`ELF .symtab entry size is ${symtab.entsize}, expected 16`);
  r.need(symtab.offset, symtab.size, '.symtab');
  const strtab = sections[symtab.link];
  if (!strtab || strtab.type !== SHT_STRTAB) {
    fail(`ELF .symtab links to section ${symtab.link}, which is not a string table`);
  }
  r.need(strtab.offset, strtab.size, '.strtab');
  const globals = new Set<string>();
  const count = Math.floor(symtab.size / SYM_SIZE);
  for (let i = 1; i < count; i++) {
    const off = symtab.offset + i * SYM_SIZE;
    const info = r.u8(off + 12);
    const kind = info & 0xf;
    const bind = info >> 4;
    // Skip undefined symbols, sections (3) and file names (4): they are not addresses.
    if (r.u16(off + 14) === 0 || kind === 3 || kind === 4) continue;
    const name = readString(r, strtab, r.u32(off));
    if (name === '') continue;
    const global = bind === 1 || bind === 2;
    if (symbols.has(name) && (globals.has(name) || !global)) continue;
    symbols.set(name, r.u32(off + 4));
    if (global) globals.add(name);
  }
  return symbols;
}

/** Reads the NUL-terminated name at `index` in a string table, as Latin-1. */
function readString(r: Reader, strtab: Section, index: number): string {
  if (index >= strtab.size) fail(`ELF symbol name offset ${hex(index)} is outside .strtab`);
  const end = strtab.offset + strtab.size;
  let s = '';
  for (let p = strtab.offset + index; p < end; p++) {
    const c = r.u8(p);
    if (c === 0) return s;
    s += String.fromCharCode(c);
  }
  return fail('ELF .strtab is not NUL-terminated');
}
