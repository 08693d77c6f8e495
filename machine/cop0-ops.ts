/**
 * The COP0 instructions: mfc0, mtc0, tlbr, tlbwi, tlbwr, tlbp, rfe, eret and wait.
 *
 * executeCop0 returns what the interpreter must do next:
 *   COP0_EXCEPTION (-1)  an exception was taken (the CPU's PC already points at the vector)
 *   COP0_NONE       (0)  nothing changed that the interpreter caches
 *   COP0_RELOAD     (1)  mode, ASID or TLB changed: drop cached mode state and fetch page
 *   COP0_WAIT       (3)  `wait`: idle until an interrupt
 *
 * `eret` is defined for this R3000-style machine as: pop the KU/IE stack as `rfe` does, then
 * jump to EPC with no delay slot, clearing the LL bit. So handlers written MIPS32-style
 * (SPIM's) and R3000-style (`jr k0; rfe`) both work.
 */
import {
  CAUSE_WRITABLE,
  CP0_BADVADDR,
  CP0_CAUSE,
  CP0_COMPARE,
  CP0_CONTEXT,
  CP0_COUNT,
  CP0_ENTRYHI,
  CP0_ENTRYLO,
  CP0_EPC,
  CP0_INDEX,
  CP0_PRID,
  CP0_RANDOM,
  CP0_STATUS,
  ENTRYLO_WRITABLE,
  EXC_MCHECK,
  EXC_RI,
  INDEX_P,
  PRID_VALUE,
  STATUS_WRITABLE,
} from './cp0.ts';
import type { Cpu } from './cpu.ts';
import { randomIndex, TLB_MULTIPLE, TLB_NO_MATCH } from './tlb.ts';

export const COP0_EXCEPTION = -1;
export const COP0_NONE = 0;
export const COP0_RELOAD = 1;
export const COP0_WAIT = 3;

/** Executes a COP0 instruction at `at` (the CPU's pc/npc already point past it). */
export function executeCop0(cpu: Cpu, inst: number, at: number, inDelay: boolean): number {
  const rs = (inst >> 21) & 31;
  const rt = (inst >> 16) & 31;
  const rd = (inst >> 11) & 31;
  if (rs === 0) {
    if (rt !== 0) cpu.regs[rt] = readCop0(cpu, rd);
    return COP0_NONE;
  }
  if (rs === 4) return writeCop0(cpu, rd, cpu.regs[rt]);
  if (rs >= 16) {
    switch (inst & 63) {
      case 1:
        return tlbRead(cpu);
      case 2:
        return tlbWrite(cpu, (cpu.index >> 8) & 63);
      case 6:
        return tlbWrite(cpu, randomIndex(cpu.clock.cycles));
      case 8:
        return tlbProbe(cpu, at, inDelay);
      case 16:
        popStatusStack(cpu);
        return COP0_RELOAD;
      case 24:
        popStatusStack(cpu);
        cpu.llBit = false;
        cpu.pc = cpu.epc;
        cpu.npc = (cpu.epc + 4) | 0;
        cpu.inDelaySlot = false;
        return COP0_RELOAD;
      case 32:
        return COP0_WAIT;
    }
  }
  cpu.exception(EXC_RI, at, inDelay, 0);
  return COP0_EXCEPTION;
}

/** Value of CP0 register `n` as mfc0 reads it; unimplemented registers read as zero. */
export function readCop0(cpu: Cpu, n: number): number {
  switch (n) {
    case CP0_INDEX:
      return cpu.index;
    case CP0_RANDOM:
      return randomIndex(cpu.clock.cycles) << 8;
    case CP0_ENTRYLO:
      return cpu.entryLo;
    case CP0_CONTEXT:
      return cpu.context;
    case CP0_BADVADDR:
      return cpu.badVAddr;
    case CP0_COUNT:
      return cpu.timer.readCount();
    case CP0_ENTRYHI:
      return cpu.entryHi;
    case CP0_COMPARE:
      return cpu.timer.readCompare();
    case CP0_STATUS:
      return cpu.status;
    case CP0_CAUSE:
      return cpu.readCause();
    case CP0_EPC:
      return cpu.epc;
    case CP0_PRID:
      return PRID_VALUE;
    default:
      return 0;
  }
}

/** mtc0: writes the writable bits of CP0 register `n`. */
export function writeCop0(cpu: Cpu, n: number, v: number): number {
  switch (n) {
    case CP0_INDEX:
      cpu.index = (cpu.index & INDEX_P) | (v & 0x3f00);
      return COP0_NONE;
    case CP0_ENTRYLO:
      cpu.entryLo = v & ENTRYLO_WRITABLE;
      return COP0_NONE;
    case CP0_CONTEXT:
      cpu.context = (v & 0xffe00000) | (cpu.context & 0x1ffffc);
      return COP0_NONE;
    case CP0_COUNT:
      cpu.timer.writeCount(v);
      return COP0_NONE;
    case CP0_ENTRYHI:
      cpu.entryHi = v & 0xffffffc0;
      cpu.mmu.setAsid(cpu.entryHi);
      return COP0_RELOAD;
    case CP0_COMPARE:
      cpu.timer.writeCompare(v);
      return COP0_RELOAD;
    case CP0_STATUS:
      cpu.status = v & STATUS_WRITABLE;
      return COP0_RELOAD;
    case CP0_CAUSE:
      cpu.cause = (cpu.cause & ~CAUSE_WRITABLE) | (v & CAUSE_WRITABLE);
      return COP0_RELOAD;
    case CP0_EPC:
      cpu.epc = v;
      return COP0_NONE;
    default:
      // Random, BadVAddr, PRId and unimplemented registers ignore writes.
      return COP0_NONE;
  }
}

function tlbRead(cpu: Cpu): number {
  const i = (cpu.index >> 8) & 63;
  cpu.entryHi = cpu.mmu.tlb.hi[i];
  cpu.entryLo = cpu.mmu.tlb.lo[i];
  cpu.mmu.setAsid(cpu.entryHi);
  return COP0_RELOAD;
}

/**
 * Writes EntryHi/EntryLo into entry i, forgetting cached translations of the old and new
 * pages, then primes the cache with the new mapping so the access that missed does not have
 * to search the TLB again when it is retried.
 */
export function tlbWrite(cpu: Cpu, i: number): number {
  const mmu = cpu.mmu;
  mmu.flushPage(mmu.tlb.hi[i]);
  mmu.tlb.write(i, cpu.entryHi, cpu.entryLo);
  mmu.flushPage(cpu.entryHi);
  mmu.prime(i);
  return COP0_RELOAD;
}

function tlbProbe(cpu: Cpu, at: number, inDelay: boolean): number {
  const found = cpu.mmu.tlb.lookup(cpu.entryHi, cpu.entryHi & 0xfc0);
  if (found === TLB_MULTIPLE) {
    cpu.exception(EXC_MCHECK, at, inDelay, 0);
    return COP0_EXCEPTION;
  }
  cpu.index = found === TLB_NO_MATCH ? INDEX_P : found << 8;
  return COP0_NONE;
}

/** rfe: KUc/IEc <- KUp/IEp, KUp/IEp <- KUo/IEo; KUo/IEo keep their values. */
function popStatusStack(cpu: Cpu): void {
  cpu.status = (cpu.status & ~0xf) | ((cpu.status >> 2) & 0xf);
}
