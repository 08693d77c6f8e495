/**
 * Coprocessor 1, the floating-point unit, as MIPS32 Release 1 defines it with Status.FR = 0
 * (-mfp32): 32 single-precision registers, a double in the even/odd pair 2n (low word) and
 * 2n+1 (high word). Follows the MIPS32 Architecture Volume II (COP1 instructions) and Volume I
 * chapter 5; the IEEE arithmetic itself is in machine/fpu-ieee.ts. The CPU decodes BC1T/BC1F
 * and the integer MOVF/MOVT itself, asking `condition(cc)`; everything else with primary
 * opcode COP1 (0x11) comes to `execute`, which returns 0 or a Cause.ExcCode and never throws.
 *
 *   COP1 word   31..26 0x11 | 25..21 fmt/rs | 20..16 ft/rt | 15..11 fs | 10..6 fd | 5..0 funct
 *   rs          0 MFC1  2 CFC1  4 MTC1  6 CTC1  8 BC1 (the CPU's)  16 S  17 D  20 W
 *   FCSR (31)   31..25 FCC7..1 | 24 FS | 23 FCC0 | 17..12 Cause E V Z O U I
 *               | 11..7 Enables V Z O U I | 6..2 Flags V Z O U I | 1..0 RM
 *   FIR (0)     17 D | 16 S | 15..8 implementation 3 | 7..0 revision 0x20 (as PRId)
 *   FCCR (25) = FCC7..0;  FEXR (26) = Cause and Flags;  FENR (28) = Enables, FS at 2, RM
 *
 * Choices where the manual says UNPREDICTABLE or leaves room, all deterministic:
 * - An odd register named as a .d operand or result is a Reserved Instruction (10), as are
 *   nonzero bits in fields the encoding requires to be zero, control registers other than
 *   0/25/26/28/31, CTC1 to FIR, and the 64-bit/paired forms (.l, .ps, MFHC1, recip, rsqrt).
 * - NaNs use the legacy MIPS encoding: the fraction's top bit set means signalling. The default
 *   NaN is 0x7fbfffff / 0x7ff7ffff_ffffffff. An operation with a signalling NaN operand raises
 *   Invalid and yields the default NaN; otherwise a quiet NaN operand propagates bit for bit (fs
 *   before ft). Format conversions of any NaN yield the target format's default NaN.
 * - MOV, NEG and ABS are non-arithmetic (as with the later ABS2008 bit): bit copies that flip or
 *   clear the sign, never raise, and leave Cause alone. FS (flush to zero) is stored, not acted on.
 * - When an enabled exception is taken the destination and the Flags are left unchanged and
 *   Cause holds every exception the operation raised (Volume I, 5.8).
 * The host must be little-endian (every Node host is) so the Float64Array sees pairs as above.
 */
import { EXC_FPE, EXC_RI } from './cp0.ts';
import { executeDouble } from './fpu-double.ts';
import {
  COP1_CF,
  COP1_CT,
  COP1_MF,
  COP1_MT,
  F_CVT_D,
  F_CVT_S,
  FMT_D,
  FMT_S,
  FMT_W,
  OP_COP1,
} from './fpu-encoding.ts';
import { EXC_E, EXC_U, IeeeArith } from './fpu-ieee.ts';
import { executeSingle } from './fpu-single.ts';

export * from './fpu-encoding.ts';

export const FCR_FIR = 0;
export const FCR_FCCR = 25;
export const FCR_FEXR = 26;
export const FCR_FENR = 28;
export const FCR_FCSR = 31;

export const FCSR_RM_MASK = 3;
export const FCSR_FLAGS_SHIFT = 2;
export const FCSR_ENABLES_SHIFT = 7;
export const FCSR_CAUSE_SHIFT = 12;
export const FCSR_CAUSE_MASK = 0x3f << FCSR_CAUSE_SHIFT;
export const FCSR_FCC0 = 1 << 23;
export const FCSR_FS = 1 << 24;
/** Bits of FCSR that exist; 22..18 read as zero. */
export const FCSR_WRITABLE = 0xff83ffff | 0;
export const FIR_VALUE = (1 << 17) | (1 << 16) | 0x0320;

const FEXR_BITS = 0x0003f07c;

/** Bit of FCSR that holds condition code cc. */
function ccBit(cc: number): number {
  return cc === 0 ? FCSR_FCC0 : 1 << (24 + cc);
}

export interface FpuState {
  fpr: number[];
  fcsr: number;
}

export class Fpu {
  readonly fpr = new Int32Array(32);
  /** The same 32 registers read as binary32. */
  readonly f32 = new Float32Array(this.fpr.buffer);
  /** The same registers as 16 binary64 pairs: f64[n] is fpr[2n] (low) and fpr[2n+1] (high). */
  readonly f64 = new Float64Array(this.fpr.buffer);
  fcsr = 0;
  readonly fir = FIR_VALUE;
  /** Arithmetic unit shared by the format handlers; see arm(). */
  readonly ieee = new IeeeArith();

  /** Executes one COP1 word (not BC1); returns 0, EXC_RI (10) or EXC_FPE (15). */
  execute(inst: number, gpr: Int32Array): number {
    if (inst >>> 26 !== OP_COP1) return EXC_RI;
    switch ((inst >>> 21) & 31) {
      case FMT_S:
        return executeSingle(this, inst, gpr);
      case FMT_D:
        return executeDouble(this, inst, gpr);
      case FMT_W:
        return this.executeWord(inst);
      case COP1_MF:
      case COP1_MT:
      case COP1_CF:
      case COP1_CT:
        return (inst & 0x7ff) !== 0 ? EXC_RI : this.transfer(inst, gpr);
      default:
        return EXC_RI;
    }
  }

  /** True when FP condition code cc (0..7) is set. */
  condition(cc: number): boolean {
    return (this.fcsr & ccBit(cc)) !== 0;
  }

  /** Sets or clears condition code cc. */
  setCondition(cc: number, value: boolean): void {
    this.fcsr = value ? this.fcsr | ccBit(cc) : this.fcsr & ~ccBit(cc);
  }

  reset(): void {
    this.fpr.fill(0);
    this.fcsr = 0;
  }

  save(): FpuState {
    return { fpr: Array.from(this.fpr), fcsr: this.fcsr };
  }

  restore(state: FpuState): void {
    for (let i = 0; i < 32; i++) this.fpr[i] = state.fpr[i] | 0;
    this.fcsr = state.fcsr & FCSR_WRITABLE;
  }

  /** Loads rounding mode and underflow enable into the arithmetic unit; returns it. */
  arm(): IeeeArith {
    const ieee = this.ieee;
    ieee.rm = this.fcsr & FCSR_RM_MASK;
    ieee.trapUnderflow = (this.fcsr & (EXC_U << FCSR_ENABLES_SHIFT)) !== 0;
    return ieee;
  }

  /**
   * Ends an arithmetic operation that raised `cause` (EXC_* bits): replaces Cause, and returns
   * true when an enabled (or unimplemented) exception must be taken, else ORs Flags and
   * returns false. The caller writes its result only on false.
   */
  raise(cause: number): boolean {
    const fcsr = (this.fcsr & ~FCSR_CAUSE_MASK) | (cause << FCSR_CAUSE_SHIFT);
    const enables = (fcsr >>> FCSR_ENABLES_SHIFT) & 31;
    if ((cause & (enables | EXC_E)) !== 0) {
      this.fcsr = fcsr;
      return true;
    }
    this.fcsr = fcsr | ((cause & 31) << FCSR_FLAGS_SHIFT);
    return false;
  }

  /** Ends a compare: sets or clears cc unless an enabled Invalid traps. */
  compareResult(cc: number, cause: number, value: boolean): number {
    if (this.raise(cause)) return EXC_FPE;
    this.setCondition(cc, value);
    return 0;
  }

  /** cvt.s.w and cvt.d.w; nothing else exists in format W on MIPS32 R1. */
  private executeWord(inst: number): number {
    const fs = (inst >>> 11) & 31;
    const fd = (inst >>> 6) & 31;
    if (((inst >>> 16) & 31) !== 0) return EXC_RI;
    const funct = inst & 0x3f;
    if (funct === F_CVT_S) {
      const r = this.arm().toSingle(this.fpr[fs]);
      if (this.raise(this.ieee.cause)) return EXC_FPE;
      this.f32[fd] = r;
      return 0;
    }
    if (funct === F_CVT_D && (fd & 1) === 0) {
      this.raise(0);
      this.f64[fd >> 1] = this.fpr[fs];
      return 0;
    }
    return EXC_RI;
  }

  /** MFC1, MTC1, CFC1, CTC1. */
  private transfer(inst: number, gpr: Int32Array): number {
    const rt = (inst >>> 16) & 31;
    const fs = (inst >>> 11) & 31;
    switch ((inst >>> 21) & 31) {
      case COP1_MF:
        if (rt !== 0) gpr[rt] = this.fpr[fs];
        return 0;
      case COP1_MT:
        this.fpr[fs] = gpr[rt];
        return 0;
      case COP1_CF: {
        const value = this.readControl(fs);
        if (value === undefined) return EXC_RI;
        if (rt !== 0) gpr[rt] = value;
        return 0;
      }
      default:
        return this.writeControl(fs, gpr[rt]);
    }
  }

  /** Control register fs, or undefined when there is none. */
  private readControl(fs: number): number | undefined {
    const fcsr = this.fcsr;
    switch (fs) {
      case FCR_FIR:
        return this.fir;
      case FCR_FCCR:
        return ((fcsr >>> 24) & 0xfe) | ((fcsr >>> 23) & 1);
      case FCR_FEXR:
        return fcsr & FEXR_BITS;
      case FCR_FENR:
        return (fcsr & 0xf83) | ((fcsr >>> 22) & 4);
      case FCR_FCSR:
        return fcsr;
      default:
        return undefined;
    }
  }

  /** CTC1: writes control register fs; a Cause bit that is enabled (or E) traps at once. */
  private writeControl(fs: number, value: number): number {
    const fcsr = this.fcsr;
    switch (fs) {
      case FCR_FCCR:
        this.fcsr = (fcsr & ~0xfe800000) | ((value & 0xfe) << 24) | ((value & 1) << 23);
        return 0;
      case FCR_FEXR:
        this.fcsr = (fcsr & ~FEXR_BITS) | (value & FEXR_BITS);
        break;
      case FCR_FENR:
        this.fcsr = (fcsr & ~(0xf83 | FCSR_FS)) | (value & 0xf83) | ((value & 4) << 22);
        break;
      case FCR_FCSR:
        this.fcsr = value & FCSR_WRITABLE;
        break;
      default:
        return EXC_RI;
    }
    const cause = (this.fcsr >>> FCSR_CAUSE_SHIFT) & 63;
    return (cause & (((this.fcsr >>> FCSR_ENABLES_SHIFT) & 31) | EXC_E)) !== 0 ? EXC_FPE : 0;
  }
}
