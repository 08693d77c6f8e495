/**
 * The CPU's slow memory paths: everything the translation cache in front of RAM cannot answer
 * (first touch of a page, devices, faults), plus the rarer loads and stores — lwl/lwr/swl/swr
 * and the COP1 loads and stores. A fault is left in cpu.excCode / excAddr / excUtlb for the
 * interpreter to raise; nothing here throws.
 *
 * lwl/lwr/swl/swr follow the little-endian table of the MIPS32 manual: with byte offset
 * b = addr & 3 of the aligned word W, lwl fills the register's top (b+1) bytes from W's low
 * bytes, lwr fills its low (4-b) bytes from W's high bytes, and the stores mirror them.
 */
import { EXC_ADEL, EXC_ADES, EXC_DBE } from './cp0.ts';
import type { Cpu } from './cpu.ts';
import type { AccessWidth } from './device.ts';
import { ACCESS_READ, ACCESS_WRITE } from './mmu.ts';

function fault(cpu: Cpu, code: number, addr: number, utlb: boolean): void {
  cpu.excCode = code;
  cpu.excAddr = addr;
  cpu.excUtlb = utlb;
}

/** Physical address of an aligned access, or -1 with the fault recorded. */
function translateData(cpu: Cpu, a: number, width: number, write: boolean, user: boolean): number {
  if ((a & (width - 1)) !== 0) {
    fault(cpu, write ? EXC_ADES : EXC_ADEL, a, false);
    return -1;
  }
  const p = cpu.mmu.translate(a, write ? ACCESS_WRITE : ACCESS_READ, user);
  if (p < 0) fault(cpu, cpu.mmu.faultCode, a, cpu.mmu.faultUtlb);
  return p;
}

function busRead(cpu: Cpu, p: number, width: AccessWidth, a: number): number {
  const v = cpu.bus.read(p, width);
  if (cpu.bus.error) {
    cpu.bus.error = false;
    fault(cpu, EXC_DBE, a, false);
  }
  return v;
}

function busWrite(cpu: Cpu, p: number, width: AccessWidth, v: number, a: number): void {
  cpu.bus.write(p, width, v);
  if (cpu.bus.error) {
    cpu.bus.error = false;
    fault(cpu, EXC_DBE, a, false);
  }
}

/**
 * Performs the load or store `inst` (any of opcodes 32..61) at virtual address `a` the slow
 * way, including the register write and sign or zero extension. On a fault nothing is written
 * and the exception is left pending in cpu.excCode.
 */
export function accessSlow(cpu: Cpu, inst: number, a: number, user: boolean): void {
  const rt = (inst >> 16) & 31;
  const r = cpu.regs;
  switch (inst >>> 26) {
    case 32: // lb
    case 33: // lh
    case 35: // lw
    case 36: // lbu
    case 37: // lhu
    case 48: {
      // ll
      const op = inst >>> 26;
      const width = op === 32 || op === 36 ? 1 : op === 33 || op === 37 ? 2 : 4;
      const v = loadSlow(cpu, a, width, user);
      if (cpu.excCode >= 0) return;
      if (op === 32) r[rt] = (v << 24) >> 24;
      else if (op === 33) r[rt] = (v << 16) >> 16;
      else r[rt] = v;
      if (op === 48) cpu.llBit = true;
      return;
    }
    case 40: // sb
      storeSlow(cpu, a, 1, r[rt], user);
      return;
    case 41: // sh
      storeSlow(cpu, a, 2, r[rt], user);
      return;
    case 43: // sw
      storeSlow(cpu, a, 4, r[rt], user);
      return;
    case 56: // sc: succeeds only if no exception intervened since the ll
      if (!cpu.llBit) {
        if ((a & 3) !== 0) fault(cpu, EXC_ADES, a, false);
        else r[rt] = 0;
        return;
      }
      storeSlow(cpu, a, 4, r[rt], user);
      if (cpu.excCode >= 0) return;
      r[rt] = 1;
      cpu.llBit = false;
      return;
    case 34: // lwl
    case 38: // lwr
      loadUnaligned(cpu, inst, a, user);
      return;
    case 42: // swl
    case 46: // swr
      storeUnaligned(cpu, inst, a, user);
      return;
    default:
      // lwc1, ldc1, swc1, sdc1
      fpLoadStore(cpu, inst, a, user);
      return;
  }
}

/** Loads `width` bytes at virtual `a`; bytes and halves come back zero-extended. */
function loadSlow(cpu: Cpu, a: number, width: AccessWidth, user: boolean): number {
  const p = translateData(cpu, a, width, false, user);
  return p < 0 ? 0 : busRead(cpu, p, width, a);
}

function storeSlow(cpu: Cpu, a: number, width: AccessWidth, v: number, user: boolean): void {
  const p = translateData(cpu, a, width, true, user);
  if (p >= 0) busWrite(cpu, p, width, v, a);
}

/** lwl (opcode 34) and lwr (38). */
function loadUnaligned(cpu: Cpu, inst: number, a: number, user: boolean): void {
  const p = translateData(cpu, a & ~3, 4, false, user);
  if (p < 0) {
    cpu.excAddr = a;
    return;
  }
  const w = busRead(cpu, p, 4, a);
  if (cpu.excCode >= 0) return;
  const rt = (inst >> 16) & 31;
  const old = cpu.regs[rt];
  const b = a & 3;
  if (inst >>> 26 === 34) {
    const shift = 24 - 8 * b;
    cpu.regs[rt] = b === 3 ? w : (old & ((1 << shift) - 1)) | (w << shift);
  } else {
    const shift = 8 * b;
    cpu.regs[rt] = b === 0 ? w : (old & ~(-1 >>> shift)) | (w >>> shift);
  }
}

/** swl (opcode 42) and swr (46): read-modify-write of the aligned word. */
function storeUnaligned(cpu: Cpu, inst: number, a: number, user: boolean): void {
  const p = translateData(cpu, a & ~3, 4, true, user);
  if (p < 0) {
    cpu.excAddr = a;
    return;
  }
  const w = busRead(cpu, p, 4, a);
  if (cpu.excCode >= 0) return;
  const v = cpu.regs[(inst >> 16) & 31];
  const b = a & 3;
  let merged: number;
  if (inst >>> 26 === 42) {
    const shift = 24 - 8 * b;
    merged = b === 3 ? v : (w & ~(-1 >>> shift)) | (v >>> shift);
  } else {
    const shift = 8 * b;
    merged = b === 0 ? v : (w & ((1 << shift) - 1)) | (v << shift);
  }
  busWrite(cpu, p, 4, merged, a);
}

/**
 * lwc1 (49), ldc1 (53), swc1 (57), sdc1 (61). A double occupies the even/odd register pair
 * (low word in the even register); an odd register number is rounded down to the pair.
 */
function fpLoadStore(cpu: Cpu, inst: number, a: number, user: boolean): void {
  const op = inst >>> 26;
  const ft = (inst >> 16) & 31;
  const fpr = cpu.fpu.fpr;
  const store = op >= 57;
  const double = op === 53 || op === 61;
  const p = translateData(cpu, a, double ? 8 : 4, store, user);
  if (p < 0) return;
  if (!double) {
    if (store) busWrite(cpu, p, 4, fpr[ft], a);
    else {
      const v = busRead(cpu, p, 4, a);
      if (cpu.excCode < 0) fpr[ft] = v;
    }
    return;
  }
  const even = ft & 30;
  if (store) {
    busWrite(cpu, p, 4, fpr[even], a);
    if (cpu.excCode < 0) busWrite(cpu, p + 4, 4, fpr[even + 1], a);
  } else {
    const lo = busRead(cpu, p, 4, a);
    const hi = cpu.excCode < 0 ? busRead(cpu, p + 4, 4, a) : 0;
    if (cpu.excCode < 0) {
      fpr[even] = lo;
      fpr[even + 1] = hi;
    }
  }
}
