/**
 * The block compiler's emitter for coprocessor 0: mfc0, mtc0, tlbr, tlbwi, tlbwr, tlbp and rfe
 * call the interpreter's own executeCop0/readCop0 (machine/cop0-ops.ts) with the clock made
 * current (Count and Random are functions of it). In user mode each first checks Status.CU0, as
 * the interpreter does. An instruction that may change the mode (rfe, a write to Status) ends
 * the block right after it with EXIT_RELOAD, so the dispatcher re-reads the mode and ends the
 * slice if an interrupt became pending, exactly where the interpreter would; other state
 * changes (TLB, ASID, Compare, Cause) end it only when an interrupt is now pending, or when the
 * block runs from a mapped segment (the change might remap the code itself).
 * eret (it jumps) and wait (it idles) are left to the interpreter.
 */
import { EXC_CPU } from '../cp0.ts';
import { EXIT_EXCEPTION, EXIT_RELOAD, leaveAfter, type RegUse, raise, type Site } from './emit.ts';

/** rs >= 16 function codes compiled: tlbr 1, tlbwi 2, tlbwr 6, tlbp 8, rfe 16. */
const CO_FUNCTIONS = new Set([1, 2, 6, 8, 16]);

/** True when `inst` is a COP0 instruction this emitter compiles. */
export function isCop0(inst: number): boolean {
  if (inst >>> 26 !== 16) return false;
  const rs = (inst >> 21) & 31;
  if (rs === 0 || rs === 4) return true;
  return rs >= 16 && CO_FUNCTIONS.has(inst & 63);
}

/** JS statements for a COP0 instruction, or null when it is not one this emitter compiles. */
export function emitCop0(site: Site, u: RegUse): string | null {
  const inst = site.inst;
  if (!isCop0(inst)) return null;
  const rs = (inst >> 21) & 31;
  const rt = (inst >> 16) & 31;
  const rd = (inst >> 11) & 31;
  const guard = site.user
    ? `if ((cpu.status & 0x10000000) === 0) ${raise(site, String(EXC_CPU))} `
    : '';
  const clock = `clock.cycles = base + n + ${site.count}; `;
  if (rs === 0) {
    if (rt === 0) return guard;
    return `${guard}${clock}${u.set(rt, `readCop0(cpu, ${rd})`)}`;
  }
  const sync = rs === 4 && rt !== 0 ? `r[${rt}] = ${u.get(rt)}; ` : '';
  // Writes to Status and rfe may change the mode, which picks the block and its tables: leave.
  // The others (TLB writes, EntryHi, Compare, Cause) leave the mode alone and the block reads
  // the live translation tables, so code in kseg0/kseg1 (never remapped) goes on unless an
  // interrupt is now pending, which is when the interpreter ends its slice.
  const modeChange = (rs >= 16 && (inst & 63) === 16) || (rs === 4 && rd === 12);
  // Code in a mapped segment could itself be remapped by a TLB or ASID change: leave too.
  const unmapped = site.addr >>> 0 >= 0x80000000 && site.addr >>> 0 < 0xc0000000;
  const reload = modeChange || !unmapped ? 'e !== 0' : 'e !== 0 && cpu.interruptPending()';
  return (
    `${guard}{ ${clock}${sync}const e = cop0(cpu, ${inst}, ${site.addr | 0}, ${site.inDelay}); ` +
    `if (e < 0) { n += ${site.count}; k = ${EXIT_EXCEPTION}; break L; } ` +
    `if (${reload}) { k = ${EXIT_RELOAD}; ${leaveAfter(site)} } }`
  );
}
