/**
 * The kernel's hands on the hardware TLB: writing an entry for the current environment on a
 * refill, and breaking entries (by page and ASID, by frame, by ASID) when bindings go away.
 * A broken entry is given a distinct kseg0 VPN, which no translation ever looks up, so it can
 * never match or duplicate another.
 */
import { tlbWrite } from '../../machine/cop0-ops.ts';
import type { Cpu } from '../../machine/cpu.ts';
import { randomIndex, unmatchableHi } from '../../machine/tlb.ts';

const VPN_MASK = 0xfffff000 | 0;
const ASID_SHIFT = 6;

/** Writes (vaddr's page, asid) -> entryLo into a random non-wired entry, as tlbwr would. */
export function refillTlb(cpu: Cpu, vaddr: number, asid: number, entryLo: number): void {
  cpu.entryHi = (vaddr & VPN_MASK) | (asid << ASID_SHIFT);
  cpu.entryLo = entryLo;
  tlbWrite(cpu, randomIndex(cpu.clock.cycles));
}

/** Breaks every entry `matches` selects; returns how many. */
function breakEntries(cpu: Cpu, matches: (hi: number, lo: number) => boolean): number {
  const tlb = cpu.mmu.tlb;
  let broken = 0;
  for (let i = 0; i < tlb.hi.length; i++) {
    if ((tlb.lo[i] & (1 << 9)) === 0 || !matches(tlb.hi[i], tlb.lo[i])) continue;
    cpu.mmu.flushPage(tlb.hi[i]);
    tlb.write(i, unmatchableHi(i), 0);
    broken++;
  }
  return broken;
}

export function breakPage(cpu: Cpu, vpn: number, asid: number): number {
  return breakEntries(cpu, (hi) => hi >>> 12 === vpn && ((hi >>> ASID_SHIFT) & 63) === asid);
}

export function breakFrame(cpu: Cpu, frame: number): number {
  return breakEntries(cpu, (_hi, lo) => lo >>> 12 === frame);
}

export function breakAsid(cpu: Cpu, asid: number): number {
  return breakEntries(cpu, (hi) => hi >= 0 && ((hi >>> ASID_SHIFT) & 63) === asid);
}
