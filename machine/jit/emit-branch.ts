/**
 * Decoding of branches and jumps for the block compiler: the condition as JS, the link
 * register, whether the delay slot is annulled when not taken (the "likely" forms) and the
 * target. Mirrors the interpreter's cases; COP1 branches (bc1f/bc1t) are not compiled.
 */
import type { RegUse } from './emit.ts';

export interface Branch {
  /** JS condition over register locals; null when the branch is always taken. */
  cond: string | null;
  /** Register written with the return address (addr + 8) before the delay slot, or 0. */
  link: number;
  /** The delay slot runs only when taken (beql, bnel, blezl, bgtzl, bltzl, bgezl, …). */
  likely: boolean;
  /** Static target address, or null for jr/jalr (target in the JS local `t`). */
  target: number | null;
  /** For jr/jalr: the register holding the target. */
  targetReg: number;
}

/** The branch `inst` at `addr`, or null when it is not a branch the compiler handles. */
export function decodeBranch(inst: number, addr: number, u: RegUse): Branch | null {
  const op = inst >>> 26;
  const rs = (inst >> 21) & 31;
  const rt = (inst >> 16) & 31;
  const rel = (addr + 4 + ((inst << 16) >> 14)) | 0;
  switch (op) {
    case 0: {
      const f = inst & 63;
      if (f !== 8 && f !== 9) return null;
      return {
        cond: null,
        link: f === 9 ? (inst >> 11) & 31 : 0,
        likely: false,
        target: null,
        targetReg: rs,
      };
    }
    case 1: {
      if (!(rt <= 3 || (rt >= 16 && rt <= 19))) return null;
      const always = rs === 0 && (rt & 1) === 1; // bgez $zero / bal
      const v = u.get(rs);
      const cond = always ? null : (rt & 1) === 0 ? `${v} < 0` : `${v} >= 0`;
      return { cond, link: rt & 0x10 ? 31 : 0, likely: (rt & 2) !== 0, target: rel, targetReg: 0 };
    }
    case 2:
    case 3: {
      const target = ((addr + 4) & 0xf0000000) | ((inst & 0x3ffffff) << 2);
      return { cond: null, link: op === 3 ? 31 : 0, likely: false, target, targetReg: 0 };
    }
    case 4:
    case 5:
    case 6:
    case 7:
    case 20:
    case 21:
    case 22:
    case 23: {
      const kind = op & 3;
      const a = u.get(rs);
      let cond: string | null;
      if (kind === 0) cond = rs === rt ? null : `${a} === ${u.get(rt)}`;
      else if (kind === 1) cond = rs === rt ? 'false' : `${a} !== ${u.get(rt)}`;
      else if (kind === 2) cond = `${a} <= 0`;
      else cond = `${a} > 0`;
      return { cond, link: 0, likely: op >= 20, target: rel, targetReg: 0 };
    }
    default:
      return null;
  }
}

/** True when `inst` is any branch or jump (including ones the compiler leaves alone). */
export function isControlTransfer(inst: number): boolean {
  const op = inst >>> 26;
  if (op === 0) {
    const f = inst & 63;
    return f === 8 || f === 9;
  }
  if (op === 1) {
    const rt = (inst >> 16) & 31;
    return rt <= 3 || (rt >= 16 && rt <= 19);
  }
  if (op === 17) return ((inst >> 21) & 31) === 8;
  return (op >= 2 && op <= 7) || (op >= 20 && op <= 23);
}
