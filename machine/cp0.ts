/**
 * Coprocessor 0 of the R3000 as System/161 models it: register numbers, bit fields and the
 * exception codes the CPU writes into Cause.ExcCode.
 *
 *   Status (12)  31..28 CU3..CU0  |  15..8 IM7..IM0  |  5 KUo 4 IEo  3 KUp 2 IEp  1 KUc 0 IEc
 *                KUx = 1 means user mode, IEx = 1 means interrupts enabled. An exception pushes
 *                the (KU, IE) pair stack two bits left with KUc = IEc = 0; `rfe` (and our
 *                `eret`) pops it.
 *   Cause  (13)  31 BD  |  29..28 CE (coprocessor number on CpU)  |  15..8 IP7..IP0  |  6..2 ExcCode
 *   EntryHi (10) 31..12 VPN  |  11..6 ASID
 *   EntryLo (2)  31..12 PFN  |  11 N (uncached)  10 D (writable)  9 V (valid)  8 G (global)
 *   Index  (0)   31 P (probe failed)  |  13..8 index
 *   Random (1)   13..8 random index, cycling 63..8 (entries 0..7 are wired)
 *   Context (4)  31..21 PTEBase  |  20..2 BadVPN
 */

export const CP0_INDEX = 0;
export const CP0_RANDOM = 1;
export const CP0_ENTRYLO = 2;
export const CP0_CONTEXT = 4;
export const CP0_BADVADDR = 8;
export const CP0_COUNT = 9;
export const CP0_ENTRYHI = 10;
export const CP0_COMPARE = 11;
export const CP0_STATUS = 12;
export const CP0_CAUSE = 13;
export const CP0_EPC = 14;
export const CP0_PRID = 15;

/** PRId: company 0, implementation 3 (R3000A), revision 0x20 — the DECstation 5000/125's CPU. */
export const PRID_VALUE = 0x0320;

export const STATUS_IEC = 1 << 0;
export const STATUS_KUC = 1 << 1;
export const STATUS_CU0 = 1 << 28;
export const STATUS_CU1 = 1 << 29;
/** Bits of Status that software may write; the rest read as zero. */
export const STATUS_WRITABLE = 0xf000ff3f | 0;

export const CAUSE_BD = 1 << 31;
export const CAUSE_IP_SHIFT = 8;
/** Only the two software interrupt bits IP1..IP0 of Cause are writable. */
export const CAUSE_WRITABLE = 0x300;

export const ENTRYHI_VPN_MASK = 0xfffff000 | 0;
export const ENTRYHI_ASID_MASK = 0xfc0;
export const ENTRYHI_ASID_SHIFT = 6;
export const ENTRYLO_PFN_MASK = 0xfffff000 | 0;
export const ENTRYLO_N = 1 << 11;
export const ENTRYLO_D = 1 << 10;
export const ENTRYLO_V = 1 << 9;
export const ENTRYLO_G = 1 << 8;
export const ENTRYLO_WRITABLE = 0xffffff00 | 0;
export const INDEX_P = 1 << 31;

export const TLB_ENTRIES = 64;
export const TLB_WIRED = 8;

/** Interrupt line of the Count/Compare timer (IP7, Cause bit 15). */
export const IRQ_TIMER = 7;

/** Exception vectors of the R3000 (Status.BEV = 0). */
export const VECTOR_UTLB = 0x80000000 | 0;
export const VECTOR_GENERAL = 0x80000080 | 0;

/** Cause.ExcCode values (MIPS I / R3000 numbering, as SPIM reports them). */
export const EXC_INT = 0;
export const EXC_MOD = 1;
export const EXC_TLBL = 2;
export const EXC_TLBS = 3;
export const EXC_ADEL = 4;
export const EXC_ADES = 5;
export const EXC_IBE = 6;
export const EXC_DBE = 7;
export const EXC_SYS = 8;
export const EXC_BP = 9;
export const EXC_RI = 10;
export const EXC_CPU = 11;
export const EXC_OV = 12;
export const EXC_TR = 13;
export const EXC_FPE = 15;
/** Machine check: two TLB entries matched one address. */
export const EXC_MCHECK = 24;

export const EXCEPTION_NAMES: Readonly<Record<number, string>> = {
  [EXC_INT]: 'Interrupt',
  [EXC_MOD]: 'TLB modification',
  [EXC_TLBL]: 'TLB miss on load or fetch',
  [EXC_TLBS]: 'TLB miss on store',
  [EXC_ADEL]: 'Address error on load or fetch',
  [EXC_ADES]: 'Address error on store',
  [EXC_IBE]: 'Bus error on fetch',
  [EXC_DBE]: 'Bus error on data access',
  [EXC_SYS]: 'Syscall',
  [EXC_BP]: 'Breakpoint',
  [EXC_RI]: 'Reserved instruction',
  [EXC_CPU]: 'Coprocessor unusable',
  [EXC_OV]: 'Arithmetic overflow',
  [EXC_TR]: 'Trap',
  [EXC_FPE]: 'Floating-point exception',
  [EXC_MCHECK]: 'Machine check',
};

/** Human name of an exception code, for messages and traces. */
export function exceptionName(code: number): string {
  return EXCEPTION_NAMES[code] ?? `Exception ${code}`;
}
