/**
 * Rows of the instruction table for coprocessor 1, the floating-point unit: single (fmt 16) and
 * double (fmt 17) arithmetic, conversions to and from word (fmt 20), compares into the eight
 * condition flags, branches on them, conditional moves, transfers and loads/stores.
 *
 *   COP1 (op 0x11): 25..21 fmt/rs | 20..16 ft/rt | 15..11 fs | 10..6 fd | 5..0 funct
 *   c.cond.fmt: funct 0x30 | cond, cc in 10..8;  bc1x: rs 8, cc in 20..18, nd 17, tf 16
 *
 * Manual: MIPS32 Vol. II (MD00086) table A.10–A.13.
 */
import { C_CONDITIONS, FMT_D, FMT_S, FMT_W, OP_COP1 } from '../fpu-encoding.ts';

import type { Row } from './table.ts';

const COP1 = OP_COP1 << 26;

const cop1 = (rs: number) => (COP1 | (rs << 21)) >>> 0;
const fpu = (fmt: number, funct: number) => (COP1 | (fmt << 21) | funct) >>> 0;

const ARITH: readonly [string, number, string][] = [
  ['add', 0, 'fd,fs,ft'],
  ['sub', 1, 'fd,fs,ft'],
  ['mul', 2, 'fd,fs,ft'],
  ['div', 3, 'fd,fs,ft'],
  ['sqrt', 4, 'fd,fs'],
  ['abs', 5, 'fd,fs'],
  ['mov', 6, 'fd,fs'],
  ['neg', 7, 'fd,fs'],
  ['round.w', 0xc, 'fd,fs'],
  ['trunc.w', 0xd, 'fd,fs'],
  ['ceil.w', 0xe, 'fd,fs'],
  ['floor.w', 0xf, 'fd,fs'],
  ['cvt.w', 0x24, 'fd,fs'],
  ['movf', 0x11, 'fd,fs,cc'],
  ['movt', 0x11 | (1 << 16), 'fd,fs,cc'],
  ['movz', 0x12, 'fd,fs,rt'],
  ['movn', 0x13, 'fd,fs,rt'],
];

function perFormat(fmt: number, suffix: string): Row[] {
  const rows: Row[] = ARITH.map(([m, fn, syn]): Row => [`${m}.${suffix}`, fpu(fmt, fn), syn]);
  C_CONDITIONS.forEach((cond, i) => {
    rows.push([`c.${cond}.${suffix}`, fpu(fmt, 0x30 | i), 'fs,ft']);
    rows.push([`c.${cond}.${suffix}`, fpu(fmt, 0x30 | i), 'ccc,fs,ft']);
  });
  return rows;
}

const BRANCHES: readonly [string, number][] = [
  ['bc1f', 0],
  ['bc1t', 1],
  ['bc1fl', 2],
  ['bc1tl', 3],
];

// biome-ignore format: a table reads best in rows
export const COP1_ENTRIES: Row[] = [
  ['mfc1', cop1(0), 'rt,fs'], ['cfc1', cop1(2), 'rt,fcr'],
  ['mtc1', cop1(4), 'rt,fs'], ['ctc1', cop1(6), 'rt,fcr'],
  ...BRANCHES.flatMap(([m, ndtf]): Row[] => [
    [m, cop1(8) | (ndtf << 16), 'label'],
    [m, cop1(8) | (ndtf << 16), 'cc,label'],
  ]),
  ...perFormat(FMT_S, 's'),
  ...perFormat(FMT_D, 'd'),
  ['cvt.s.d', fpu(FMT_D, 0x20), 'fd,fs'], ['cvt.s.w', fpu(FMT_W, 0x20), 'fd,fs'],
  ['cvt.d.s', fpu(FMT_S, 0x21), 'fd,fs'], ['cvt.d.w', fpu(FMT_W, 0x21), 'fd,fs'],
  ['lwc1', (0x31 << 26) >>> 0, 'ft,offset(base)'], ['ldc1', (0x35 << 26) >>> 0, 'ft,offset(base)'],
  ['swc1', (0x39 << 26) >>> 0, 'ft,offset(base)'], ['sdc1', (0x3d << 26) >>> 0, 'ft,offset(base)'],
];
