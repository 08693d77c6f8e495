/**
 * Where a branch goes: for software that must resume after an instruction in a branch delay
 * slot (Cause.BD set, EPC = the branch), as a kernel's "compute return EPC" does. Given the
 * branch word at `pc` and the registers, returns the address execution continues at after the
 * delay slot: the target if taken, pc + 8 if not.
 */
import type { Fpu } from './fpu.ts';

export function addressAfterDelaySlot(
  word: number,
  pc: number,
  regs: Int32Array,
  fpu: Fpu,
): number {
  const op = word >>> 26;
  const rs = regs[(word >> 21) & 31];
  const rt = regs[(word >> 16) & 31];
  const target = (pc + 4 + ((word << 16) >> 14)) | 0;
  const fallThrough = (pc + 8) | 0;
  const pick = (taken: boolean) => (taken ? target : fallThrough);
  switch (op) {
    case 0: // jr, jalr
      return rs;
    case 1: // bltz, bgez and their -al / -l forms: rt bit 0 selects
      return pick(((word >> 16) & 1) === 0 ? rs < 0 : rs >= 0);
    case 2: // j
    case 3: // jal
      return ((pc + 4) & 0xf0000000) | ((word & 0x3ffffff) << 2);
    case 17: // bc1f, bc1t
      return pick(fpu.condition((word >> 18) & 7) === ((word & 0x10000) !== 0));
    default:
      switch (op & 3) {
        case 0: // beq, beql
          return pick(rs === rt);
        case 1: // bne, bnel
          return pick(rs !== rt);
        case 2: // blez, blezl
          return pick(rs <= 0);
        default: // bgtz, bgtzl
          return pick(rs > 0);
      }
  }
}
