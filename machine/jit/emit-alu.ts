/**
 * The block compiler's emitter for instructions that only compute: ALU, shifts, multiply and
 * divide, HI/LO moves, conditional moves, traps and `break`. Each case mirrors the
 * interpreter's (machine/cpu.ts) line for line, so the two tiers cannot disagree; an
 * instruction this file does not know returns null and ends the block before it.
 *
 * HI and LO stay in the CPU object (cpu.hi, cpu.lo): they are touched rarely enough. Every
 * value assigned to a register local must be an int32 (`>>>` results get `| 0`), because
 * locals are compared as JS numbers before they are stored back into the Int32Array.
 */
import { EXC_BP, EXC_OV, EXC_TR } from '../cp0.ts';
import { type RegUse, raise, type Site, simm, uimm } from './emit.ts';

/** Trap condition by the low 3 bits of the funct (tge 0, tgeu 1, tlt 2, tltu 3, teq 4, tne 6). */
function trapCondition(kind: number, a: string, b: string): string {
  switch (kind) {
    case 0:
      return `${a} >= ${b}`;
    case 1:
      return `${a} >>> 0 >= ${b} >>> 0`;
    case 2:
      return `${a} < ${b}`;
    case 3:
      return `${a} >>> 0 < ${b} >>> 0`;
    case 4:
      return `${a} === ${b}`;
    default:
      return `${a} !== ${b}`;
  }
}

/** An overflow-checked add or subtract (add, sub, addi). */
function checked(site: Site, u: RegUse, dest: number, expr: string): string {
  return `{ const s = ${expr}; if (s > 2147483647 || s < -2147483648) ${raise(site, String(EXC_OV))} ${u.set(dest, 's')} }`;
}

/** SPECIAL (opcode 0) computational instructions; null for anything else. */
function emitSpecial(site: Site, u: RegUse): string | null {
  const inst = site.inst;
  const rs = (inst >> 21) & 31;
  const rt = (inst >> 16) & 31;
  const rd = (inst >> 11) & 31;
  const sa = (inst >> 6) & 31;
  const src = () => u.get(rs);
  const tgt = () => u.get(rt);
  switch (inst & 63) {
    case 0:
      return u.set(rd, `${tgt()} << ${sa}`);
    case 2:
      return u.set(rd, `(${tgt()} >>> ${sa}) | 0`);
    case 3:
      return u.set(rd, `${tgt()} >> ${sa}`);
    case 4:
      return u.set(rd, `${tgt()} << (${src()} & 31)`);
    case 6:
      return u.set(rd, `(${tgt()} >>> (${src()} & 31)) | 0`);
    case 7:
      return u.set(rd, `${tgt()} >> (${src()} & 31)`);
    case 10:
      return rd === 0 ? '' : `if (${tgt()} === 0) ${u.set(rd, src())}`;
    case 11:
      return rd === 0 ? '' : `if (${tgt()} !== 0) ${u.set(rd, src())}`;
    case 13:
      return raise(site, String(EXC_BP));
    case 15:
      return '';
    case 16:
      return u.set(rd, 'cpu.hi');
    case 17:
      return `cpu.hi = ${src()};`;
    case 18:
      return u.set(rd, 'cpu.lo');
    case 19:
      return `cpu.lo = ${src()};`;
    case 24:
      return `{ const a = ${src()}, b = ${tgt()}; cpu.lo = Math.imul(a, b); cpu.hi = mulHi(a, b); }`;
    case 25:
      return `{ const a = ${src()}, b = ${tgt()}; cpu.lo = Math.imul(a, b); cpu.hi = mulHiU(a, b); }`;
    case 26:
      return `{ const b = ${tgt()}; if (b !== 0) { const a = ${src()}; cpu.lo = (a / b) | 0; cpu.hi = (a % b) | 0; } }`;
    case 27:
      return `{ const b = ${tgt()} >>> 0; if (b !== 0) { const a = ${src()} >>> 0; cpu.lo = (a / b) | 0; cpu.hi = (a % b) | 0; } }`;
    case 32:
      return checked(site, u, rd, `${src()} + ${tgt()}`);
    case 33:
      return u.set(rd, `(${src()} + ${tgt()}) | 0`);
    case 34:
      return checked(site, u, rd, `${src()} - ${tgt()}`);
    case 35:
      return u.set(rd, `(${src()} - ${tgt()}) | 0`);
    case 36:
      return u.set(rd, `${src()} & ${tgt()}`);
    case 37:
      return u.set(rd, `${src()} | ${tgt()}`);
    case 38:
      return u.set(rd, `${src()} ^ ${tgt()}`);
    case 39:
      return u.set(rd, `~(${src()} | ${tgt()})`);
    case 42:
      return u.set(rd, `${src()} < ${tgt()} ? 1 : 0`);
    case 43:
      return u.set(rd, `${src()} >>> 0 < ${tgt()} >>> 0 ? 1 : 0`);
    case 48:
    case 49:
    case 50:
    case 51:
    case 52:
    case 54:
      return `if (${trapCondition(inst & 7, src(), tgt())}) ${raise(site, String(EXC_TR))}`;
    default:
      return null;
  }
}

/** SPECIAL2 (opcode 28): mul, clz, clo, madd, maddu, msub, msubu. */
function emitSpecial2(site: Site, u: RegUse): string | null {
  const inst = site.inst;
  const rs = (inst >> 21) & 31;
  const rt = (inst >> 16) & 31;
  const rd = (inst >> 11) & 31;
  const f = inst & 63;
  if (f === 2) return u.set(rd, `Math.imul(${u.get(rs)}, ${u.get(rt)})`);
  if (f === 32) return u.set(rd, `Math.clz32(${u.get(rs)})`);
  if (f === 33) return u.set(rd, `clo(${u.get(rs)})`);
  if (f === 0 || f === 1 || f === 4 || f === 5) {
    const high = f & 1 ? 'mulHiU' : 'mulHi';
    const sign = f < 4 ? 1 : -1;
    return `{ const a = ${u.get(rs)}, b = ${u.get(rt)}; const acc = acc64(cpu.hi, cpu.lo, ${high}(a, b), Math.imul(a, b), ${sign}); cpu.hi = acc[0]; cpu.lo = acc[1]; }`;
  }
  return null;
}

/** REGIMM traps (tgei … tnei); branches are the branch emitter's. */
function emitRegimmTrap(site: Site, u: RegUse): string | null {
  const rt = (site.inst >> 16) & 31;
  if (rt < 8 || rt > 14 || rt === 13) return null;
  const kind = rt === 12 ? 4 : rt === 14 ? 6 : rt & 3;
  const cond = trapCondition(kind, u.get((site.inst >> 21) & 31), `(${simm(site.inst)})`);
  return `if (${cond}) ${raise(site, String(EXC_TR))}`;
}

/**
 * JS statements for a computational instruction, or null when it is not one this emitter
 * handles (branches, loads and stores, coprocessor and system instructions).
 */
export function emitAlu(site: Site, u: RegUse): string | null {
  const inst = site.inst;
  const rs = (inst >> 21) & 31;
  const rt = (inst >> 16) & 31;
  const imm = simm(inst);
  switch (inst >>> 26) {
    case 0:
      return emitSpecial(site, u);
    case 1:
      return emitRegimmTrap(site, u);
    case 8:
      return checked(site, u, rt, `${u.get(rs)} + (${imm})`);
    case 9:
      return u.set(rt, `(${u.get(rs)} + (${imm})) | 0`);
    case 10:
      return u.set(rt, `${u.get(rs)} < (${imm}) ? 1 : 0`);
    case 11:
      return u.set(rt, `${u.get(rs)} >>> 0 < ${imm >>> 0} ? 1 : 0`);
    case 12:
      return u.set(rt, `${u.get(rs)} & ${uimm(inst)}`);
    case 13:
      return u.set(rt, `${u.get(rs)} | ${uimm(inst)}`);
    case 14:
      return u.set(rt, `${u.get(rs)} ^ ${uimm(inst)}`);
    case 15:
      return u.set(rt, String(inst << 16));
    case 28:
      return emitSpecial2(site, u);
    case 51: // pref
      return '';
    default:
      return null;
  }
}

/** True for an instruction that always leaves the block (break). */
export function alwaysRaises(inst: number): boolean {
  return inst >>> 26 === 0 && (inst & 63) === 13;
}
