/**
 * Plain-data shapes shared by the CPU and its helpers: why a run stopped, what a syscall hook
 * answers, and the CPU's saved state.
 */

/** Why Cpu.run returned before spending its whole budget (or STOP_NONE if it did). */
export const STOP_NONE = 0;
/** A syscall hook asked the machine to halt (program exit). */
export const STOP_HALT = 1;
/** A syscall hook needs input that is not there yet; PC still points at the syscall. */
export const STOP_BLOCKED = 2;
/** `wait` executed: idle until the next interrupt. */
export const STOP_WAIT = 3;
/** Reached an address in the breakpoint set (before executing it). */
export const STOP_BREAKPOINT = 4;
/** Ended the slice early so pending device events and interrupts get looked at. */
export const STOP_YIELD = 5;

/** What a syscall hook answers (bare mode services `syscall` in the host, as SPIM does). */
export const SYSCALL_DONE = 0;
export const SYSCALL_EXIT = 1;
export const SYSCALL_BLOCK = 2;
/** Not a host call: take the architectural Syscall exception. */
export const SYSCALL_EXCEPTION = 3;

/** The Count/Compare timer as the CPU sees it (CP0 registers 9 and 11). */
export interface CountCompare {
  readCount(): number;
  writeCount(value: number): void;
  readCompare(): number;
  writeCompare(value: number): void;
}

export interface CpuState {
  regs: number[];
  hi: number;
  lo: number;
  pc: number;
  npc: number;
  inDelaySlot: boolean;
  llBit: boolean;
  cp0: {
    index: number;
    entryLo: number;
    context: number;
    badVAddr: number;
    entryHi: number;
    status: number;
    cause: number;
    epc: number;
  };
  stallCycles: number;
  utlbRefills?: number;
}
