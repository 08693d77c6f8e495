/**
 * A seeded generator of random kernel-mode MIPS programs for comparing the interpreter with the
 * block compiler. A program mixes ALU work, loads and stores (aligned, misaligned, unaligned
 * lwl/lwr/swl/swr, ll/sc) to unmapped kseg0 data and to TLB-mapped kuseg pages, forward
 * branches of every kind with random delay slots, counted loops, calls, traps, overflow,
 * syscall/break, TLB writes and ASID changes, self-modifying stores into code that runs later,
 * device reads and a Count/Compare timer interrupt. Its exception handler maps missing pages
 * (tlbwr, so the slot chosen depends on the exact cycle), sets D on Mod, re-arms the timer and
 * skips any other faulting instruction (and its branch when it sat in a delay slot), counting
 * exceptions in memory.
 *
 * Register use: $at holds the current memory address, $gp the kseg0 data base, $s7 the mapped
 * base, $fp the loop counter, $sp a scratch value for code patches, $k0/$k1 the handler's;
 * random instructions write only POOL.
 */

/** A small seeded PRNG (mulberry32): the same seed gives the same program everywhere. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A register value worth testing: small, boundary or random. */
  value(): number {
    const specials = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 0x8000, 0xffff, 4096, -4096];
    if (this.chance(0.3)) return this.pick(specials);
    if (this.chance(0.4)) return this.int(256) - 128;
    return (this.next() * 4294967296) | 0;
  }
}

const POOL = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25];
const reg = (n: number) => `$${n}`;

/** Physical layout (the machine has 1 MiB). */
export const CODE_BASE = 0x80001000 | 0;
const DATA_BASE = 0x80010000 | 0;
const COUNTER = 0x80014000 | 0;
const MAPPED_BASE = 0x00400000;

const THREE = ['addu', 'subu', 'and', 'or', 'xor', 'nor', 'slt', 'sltu', 'sllv', 'srlv', 'srav'];
const CHECKED = ['add', 'sub'];
const IMM = ['addiu', 'slti', 'sltiu', 'andi', 'ori', 'xori'];
const SHIFT = ['sll', 'srl', 'sra'];
const MULDIV = ['mult', 'multu', 'div', 'divu', 'madd', 'maddu', 'msub', 'msubu'];
const TRAPS = ['teq', 'tne', 'tge', 'tgeu', 'tlt', 'tltu'];
const TRAPS_IMM = ['teqi', 'tnei', 'tgei', 'tgeiu', 'tlti', 'tltiu'];
const LOADS = ['lw', 'lh', 'lhu', 'lb', 'lbu', 'lwl', 'lwr', 'll'];
const STORES = ['sw', 'sh', 'sb', 'swl', 'swr', 'sc'];
const BRANCH2 = ['beq', 'bne', 'beql', 'bnel'];
const BRANCH1 = [
  'blez',
  'bgtz',
  'bltz',
  'bgez',
  'blezl',
  'bgtzl',
  'bltzl',
  'bgezl',
  'bltzal',
  'bgezal',
];

export interface ProgramOptions {
  /** Allow instructions that write $ra (jal, bltzal …); off inside subroutines. */
  link: boolean;
}

class Generator {
  private label = 0;
  private readonly patches: string[] = [];
  private readonly subs: string[][] = [];

  constructor(private readonly rng: Rng) {}

  private fresh(prefix: string): string {
    return `${prefix}${this.label++}`;
  }

  private r(): string {
    return reg(this.rng.pick(POOL));
  }

  /** One instruction that is safe in a delay slot: ALU, trap or memory at $at. */
  single(lines: string[]): void {
    const g = this.rng;
    const roll = g.int(100);
    if (roll < 45) {
      lines.push(`${g.pick(THREE)} ${this.r()}, ${this.r()}, ${this.r()}`);
    } else if (roll < 60) {
      const op = g.pick(IMM);
      const imm =
        op === 'andi' || op === 'ori' || op === 'xori' ? g.int(65536) : g.int(65536) - 32768;
      lines.push(`${op} ${this.r()}, ${this.r()}, ${imm}`);
    } else if (roll < 68) {
      lines.push(`${g.pick(SHIFT)} ${this.r()}, ${this.r()}, ${g.int(32)}`);
    } else if (roll < 72) {
      lines.push(`${g.pick(CHECKED)} ${this.r()}, ${this.r()}, ${this.r()}`);
    } else if (roll < 74) {
      lines.push(`addi ${this.r()}, ${this.r()}, ${g.int(65536) - 32768}`);
    } else if (roll < 80) {
      const op = g.pick(MULDIV);
      lines.push(`${op} ${this.r()}, ${this.r()}`);
    } else if (roll < 83) {
      lines.push(`${g.pick(['mfhi', 'mflo'])} ${this.r()}`);
    } else if (roll < 84) {
      lines.push(`${g.pick(['mthi', 'mtlo'])} ${this.r()}`);
    } else if (roll < 86) {
      lines.push(`${g.pick(['movz', 'movn', 'mul'])} ${this.r()}, ${this.r()}, ${this.r()}`);
    } else if (roll < 87) {
      lines.push(`${g.pick(['clz', 'clo'])} ${this.r()}, ${this.r()}`);
    } else if (roll < 89) {
      if (g.chance(0.5)) lines.push(`${g.pick(TRAPS)} ${this.r()}, ${this.r()}`);
      else lines.push(`${g.pick(TRAPS_IMM)} ${this.r()}, ${g.int(17) - 8}`);
    } else {
      const off = g.chance(0.85) ? 4 * g.int(8) : g.int(32);
      if (g.chance(0.5)) lines.push(`${g.pick(LOADS)} ${this.r()}, ${off}($1)`);
      else lines.push(`${g.pick(STORES)} ${this.r()}, ${off}($1)`);
    }
  }

  /** Points $at at kseg0 data, a mapped page, or (rarely) a device register. */
  address(lines: string[]): void {
    const g = this.rng;
    const roll = g.int(100);
    if (roll < 55) lines.push(`andi $1, ${this.r()}, 0x3ffc`, 'addu $1, $1, $28');
    else if (roll < 97) lines.push(`andi $1, ${this.r()}, 0x7ffc`, 'addu $1, $1, $23');
    else lines.push('lui $1, 0xbfe0');
  }

  /** A forward branch over a few instructions. */
  branch(lines: string[], opts: ProgramOptions): void {
    const g = this.rng;
    const skip = this.fresh('f');
    const kinds = opts.link ? BRANCH1 : BRANCH1.filter((b) => !b.endsWith('al'));
    if (g.chance(0.5)) lines.push(`${g.pick(BRANCH2)} ${this.r()}, ${this.r()}, ${skip}`);
    else lines.push(`${g.pick(kinds)} ${this.r()}, ${skip}`);
    this.single(lines);
    const n = g.int(4);
    for (let i = 0; i < n; i++) this.single(lines);
    lines.push(`${skip}:`);
  }

  /** A self-modifying store: writes a harmless ALU instruction over a patch slot. */
  patch(lines: string[]): void {
    const g = this.rng;
    if (this.patches.length === 0) return;
    const target = g.pick(this.patches);
    const rt = g.pick(POOL);
    const rs = g.pick(POOL);
    const word = ((9 << 26) | (rs << 21) | (rt << 16) | g.int(65536)) >>> 0;
    lines.push(`la $1, ${target}`, `li $29, 0x${word.toString(16)}`, 'sw $29, 0($1)');
  }

  /** Some statement-level item (no loops). */
  item(lines: string[], opts: ProgramOptions): void {
    const g = this.rng;
    const roll = g.int(100);
    if (roll < 40) this.single(lines);
    else if (roll < 55) this.address(lines);
    else if (roll < 75) this.branch(lines, opts);
    else if (roll < 79) {
      const slot = this.fresh('p');
      this.patches.push(slot);
      lines.push(`${slot}: nop`);
    } else if (roll < 83) this.patch(lines);
    else if (roll < 85) lines.push(g.pick(['syscall', 'break']));
    else if (roll < 88) {
      // ASID change
      lines.push(`li $1, ${g.int(4) << 6}`, 'mtc0 $1, $10');
      this.address(lines);
    } else if (roll < 90) {
      // An explicit TLB write of a mapped page, sometimes read-only (Mod on store).
      const vpn = (MAPPED_BASE >>> 12) + g.int(8);
      const pfn = 0x20 + g.int(16);
      const flags = g.chance(0.7) ? 0x600 : 0x200;
      lines.push(
        `li $1, ${(8 + g.int(56)) << 8}`,
        'mtc0 $1, $0',
        `li $1, 0x${((vpn << 12) | (g.int(4) << 6)).toString(16)}`,
        'mtc0 $1, $10',
        `li $1, 0x${((pfn << 12) | flags).toString(16)}`,
        'mtc0 $1, $2',
        g.chance(0.8) ? 'tlbwi' : 'tlbwr',
      );
      this.address(lines);
    } else if (roll < 91) {
      lines.push('tlbp', 'mfc0 $2, $0');
    } else if (roll < 94 && opts.link && this.subs.length > 0) {
      const sub = this.rng.int(this.subs.length);
      if (g.chance(0.5)) lines.push(`jal sub${sub}`);
      else lines.push(`la $29, sub${sub}`, 'jalr $29');
      this.single(lines);
    } else if (roll < 97) {
      const over = this.fresh('j');
      lines.push(`j ${over}`);
      this.single(lines);
      this.single(lines);
      lines.push(`${over}:`);
    } else {
      lines.push(`mfc0 ${this.r()}, ${g.pick(['$9', '$12', '$13', '$14', '$8', '$1'])}`);
    }
  }

  /** A counted loop whose body is random items; $fp counts down. */
  loop(lines: string[], opts: ProgramOptions): void {
    const g = this.rng;
    const top = this.fresh('l');
    lines.push(`li $30, ${1 + g.int(24)}`, `${top}:`);
    const n = 2 + g.int(10);
    for (let i = 0; i < n; i++) this.item(lines, opts);
    lines.push('addiu $30, $30, -1', g.chance(0.5) ? `bgtz $30, ${top}` : `bnel $30, $0, ${top}`);
    this.single(lines);
  }

  program(): string {
    const g = this.rng;
    // Subroutines first (so calls can name them); they never write $ra.
    const nsubs = g.int(3);
    for (let s = 0; s < nsubs; s++) {
      const body: string[] = [`sub${s}:`];
      const n = 1 + g.int(6);
      for (let i = 0; i < n; i++) this.item(body, { link: false });
      body.push('jr $31');
      this.single(body);
      this.subs.push(body);
    }
    const main: string[] = [];
    for (const r of POOL) main.push(`li ${reg(r)}, ${g.value()}`);
    main.push('move $1, $28');
    if (g.chance(0.7)) {
      // Timer interrupt: IM7 and IEc on, Compare a little ahead.
      main.push(
        'mfc0 $1, $9',
        `addiu $1, $1, ${50 + g.int(400)}`,
        'mtc0 $1, $11',
        'li $1, 0x30008001',
        'mtc0 $1, $12',
        'move $1, $28',
      );
    }
    const items = 6 + g.int(14);
    for (let i = 0; i < items; i++) {
      if (g.chance(0.35)) this.loop(main, { link: true });
      else this.item(main, { link: true });
    }
    return [
      '        .set noreorder',
      '        .ktext 0x80000000',
      'utlb:   j refill',
      '        nop',
      '        .ktext 0x80000080',
      `general: lui $k1, ${(COUNTER >>> 16) & 0xffff}`,
      `        lw $k0, ${COUNTER & 0xffff}($k1)`,
      '        addiu $k0, $k0, 1',
      `        sw $k0, ${COUNTER & 0xffff}($k1)`,
      '        mfc0 $k0, $13',
      '        andi $k0, $k0, 0x7c',
      '        beq $k0, $0, intr',
      '        addiu $k1, $k0, -8',
      '        beq $k1, $0, refill',
      '        addiu $k1, $k0, -12',
      '        beq $k1, $0, refill',
      '        addiu $k1, $k0, -4',
      '        beq $k1, $0, mod',
      '        nop',
      'skip:   mfc0 $k0, $13',
      '        nop',
      '        bltz $k0, skip8',
      '        mfc0 $k0, $14',
      '        addiu $k0, $k0, 4',
      '        mtc0 $k0, $14',
      '        eret',
      'skip8:  addiu $k0, $k0, 8',
      '        mtc0 $k0, $14',
      '        eret',
      'intr:   mfc0 $k0, $9',
      `        addiu $k0, $k0, ${200 + g.int(900)}`,
      '        mtc0 $k0, $11',
      '        eret',
      'refill: mfc0 $k0, $10',
      '        srl $k1, $k0, 12',
      '        andi $k1, $k1, 15',
      '        sll $k1, $k1, 12',
      '        lui $k0, 0x0002',
      '        addu $k1, $k1, $k0',
      '        ori $k1, $k1, 0x600',
      '        mtc0 $k1, $2',
      '        tlbwr',
      '        eret',
      'mod:    tlbp',
      '        tlbr',
      '        mfc0 $k1, $2',
      '        ori $k1, $k1, 0x400',
      '        mtc0 $k1, $2',
      '        tlbwi',
      '        eret',
      `        .ktext 0x${(CODE_BASE >>> 0).toString(16)}`,
      'start:  nop',
      `        li $28, 0x${(DATA_BASE >>> 0).toString(16)}`,
      `        li $23, 0x${MAPPED_BASE.toString(16)}`,
      ...main,
      'done:   j done',
      '        nop',
      ...this.subs.flat(),
    ].join('\n');
  }
}

/** The random program for `seed`, as assembler source with `start` and `done` labels. */
export function randomProgram(seed: number): string {
  return new Generator(new Rng(seed)).program();
}
