/**
 * Regenerates test/data/asm/encodings.json: ground-truth instruction words from GNU binutils.
 * For every real (non-alias) table entry it writes one sample instruction, plus a list of
 * pseudo-instructions whose expansion we make the same way GNU as does, assembles each with
 * `mipsel-linux-gnu-as` and records the words. The tests only read the JSON; binutils is needed
 * only to rerun this (`apt-get install binutils-mipsel-linux-gnu`, then `npx tsx scripts/gen-asm-expected.ts`).
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FieldName } from '../machine/isa/fields.ts';
import { TABLE } from '../machine/isa/table.ts';

const SAMPLE: Record<FieldName, string> = {
  rs: '$a1',
  rt: '$t2',
  rd: '$s3',
  base: '$sp',
  rdt: '$t4',
  fs: '$f4',
  ft: '$f6',
  fd: '$f8',
  c0: '$12',
  fcr: '$31',
  sel: '2',
  cc: '$fcc3',
  ccc: '$fcc5',
  sa: '7',
  imm: '-1234',
  uimm: '0x1234',
  offset: '-8',
  label: '1b',
  target: '',
  code: '5',
  code2: '3',
  code20: '0x12345',
  tcode: '9',
};

/** Pseudo-instructions expanded exactly as GNU as (mips32, noreorder) expands them. */
const PSEUDO_CASES = [
  'li $t0,5',
  'li $t0,-5',
  'li $t0,0x8000',
  'li $t0,0x12345678',
  'li $t0,0x10000',
  'li $t0,-0x12345',
  'li $t0,0xffffffff',
  'negu $t0,$t1',
  'neg $t0,$t1',
  'not $t0,$t1',
  'add $t0,$t1,5',
  'addu $t0,$t1,-5',
  'sub $t0,$t1,5',
  'subu $t0,$t1,5',
  'and $t0,$t1,0x1234',
  'or $t0,$t1,0x12345',
  'xor $t0,$t1,-1',
  'slt $t0,$t1,5',
  'sltu $t0,$t1,100',
  'seq $t0,$t1,$t2',
  'sne $t0,$t1,$t2',
  'sge $t0,$t1,$t2',
  'sgeu $t0,$t1,$t2',
  'sle $t0,$t1,$t2',
  'sleu $t0,$t1,$t2',
  'sgt $t0,$t1,$t2',
  'sgtu $t0,$t1,$t2',
  'blt $t0,$t1,1b',
  'bgt $t0,$t1,1b',
  'ble $t0,$t1,1b',
  'bge $t0,$t1,1b',
  'bltu $t0,$t1,1b',
  'bgtu $t0,$t1,1b',
  'bleu $t0,$t1,1b',
  'bgeu $t0,$t1,1b',
  'blt $t0,$zero,1b',
  'bge $t0,$zero,1b',
  'beq $t0,5,1b',
  'bne $t0,0,1b',
  'b 1b',
  'bal 1b',
  'beqz $t0,1b',
  'bnez $t0,1b',
  'sw $t0,0x12345($t1)',
  'sw $t0,0x12345',
  'lw $t0,($t1)',
  'la $t0,8($t1)',
  'la $t0,0x12345678',
  'rol $t0,$t1,$t2',
  'ror $t0,$t1,$t2',
  'rol $t0,$t1,5',
  'ror $t0,$t1,5',
  'sll $t0,$t1,$t2',
  'jalr $t9',
  'j $ra',
  'ulw $t0,4($t1)',
  'usw $t0,4($t1)',
  'ulh $t0,4($t1)',
  'ulhu $t0,4($t1)',
  'ush $t0,4($t1)',
  'ulw $t0,($t1)',
  'nop',
  'move $t0,$t1',
];

function sample(syntax: string): string | undefined {
  if (syntax.includes('target')) return undefined;
  return syntax.replace(/[a-z0-9]+/g, (name) => SAMPLE[name as FieldName] ?? name);
}

function gnuWords(dir: string, source: string, march: string): number[] {
  const src = join(dir, 'case.s');
  writeFileSync(src, `\t.set noreorder\n1:\t${source}\n\t.word ${MARKER}\n`);
  execFileSync('mipsel-linux-gnu-as', [
    `-march=${march}`,
    '-mabi=32',
    '-EL',
    '-mno-fix-loongson3-llsc',
    '-o',
    join(dir, 'case.o'),
    src,
  ]);
  execFileSync('mipsel-linux-gnu-objcopy', [
    '-O',
    'binary',
    '-j',
    '.text',
    join(dir, 'case.o'),
    join(dir, 'case.bin'),
  ]);
  const bin = readFileSync(join(dir, 'case.bin'));
  const words: number[] = [];
  for (let i = 0; i + 4 <= bin.length; i += 4) words.push(bin.readUInt32LE(i));
  return words.slice(0, words.indexOf(MARKER));
}

/** Marks the end of a case: .text is padded to 16 bytes. */
const MARKER = 0xdeadbeef;

const dir = mkdtempSync(join(tmpdir(), 'exolab-asm-'));
const cases: { source: string; words: number[] }[] = [];
const seen = new Set<string>();
for (const entry of TABLE) {
  if (entry.alias) continue;
  const ops = sample(entry.syntax);
  if (ops === undefined) continue;
  // GNU as expands two-operand div/divu as a checked macro; `div $zero,…` is the bare instruction.
  const written = /^divu?$/.test(entry.mnemonic) ? `$zero,${ops}` : ops;
  const source = ops === '' ? entry.mnemonic : `${entry.mnemonic} ${written}`;
  if (seen.has(source)) continue;
  seen.add(source);
  const march = entry.mnemonic === 'rfe' ? 'r3000' : 'mips32';
  cases.push({ source, words: gnuWords(dir, source, march) });
}
for (const source of PSEUDO_CASES) cases.push({ source, words: gnuWords(dir, source, 'mips32') });
const out = join(import.meta.dirname, '..', 'test', 'data', 'asm', 'encodings.json');
writeFileSync(out, `[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
console.log(`wrote ${cases.length} cases to ${out}`);
