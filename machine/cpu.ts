/**
 * The CPU: a MIPS32 release 1 integer core with R3000 CP0 semantics, interpreted.
 *
 * Interface (System/161's shape): run(budget) executes until `budget` cycles are spent or
 * something stops it, and returns the cycles actually spent; the machine loop in between
 * fires clock events and samples interrupts with checkInterrupts().
 *
 * Hot-path rules (DESIGN.md "How the emulator gets fast"): guest values are int32; registers
 * live in one Int32Array; loads, stores and fetches first try the MMU's translation cache and
 * only then call the slow path; a guest fault never throws — the slow path returns a code and
 * exception() redirects the PC. Branch delay slots are real: `npc` is the address after the
 * current instruction, and a branch sets it. Loads are interlocked (MIPS32): a loaded value is
 * visible to the next instruction, unlike the R3000's load delay slot.
 *
 * Timing: one cycle per retired instruction; taking an exception costs STALL_CYCLES.exception
 * cycles instead (the faulting instruction does not retire).
 */
import { accumulate64, countLeadingOnes, mulHighSigned, mulHighUnsigned } from './arith.ts';
import type { Bus } from './bus.ts';
import { type Clock, STALL_CYCLES } from './clock.ts';
import { executeCop0 } from './cop0-ops.ts';
import {
  CAUSE_BD,
  CAUSE_IP_SHIFT,
  EXC_ADEL,
  EXC_ADES,
  EXC_BP,
  EXC_CPU,
  EXC_IBE,
  EXC_INT,
  EXC_MOD,
  EXC_OV,
  EXC_RI,
  EXC_SYS,
  EXC_TLBL,
  EXC_TLBS,
  EXC_TR,
  STATUS_CU1,
  STATUS_IEC,
  STATUS_KUC,
  VECTOR_GENERAL,
  VECTOR_UTLB,
} from './cp0.ts';
import { accessSlow } from './cpu-memory.ts';
import {
  type CountCompare,
  type CpuState,
  STOP_BLOCKED,
  STOP_BREAKPOINT,
  STOP_HALT,
  STOP_NONE,
  STOP_WAIT,
  STOP_YIELD,
  SYSCALL_BLOCK,
  SYSCALL_DONE,
  SYSCALL_EXIT,
} from './cpu-state.ts';
import type { InterruptLines } from './device.ts';
import type { Fpu } from './fpu.ts';
import type { PhysicalMemory } from './memory.ts';
import { ACCESS_FETCH, CACHE_MASK, type Mmu } from './mmu.ts';

/**
 * A kernel written in TypeScript (the exokernel) in place of code at the exception vectors.
 * After the CPU has taken an exception exactly as hardware does (CP0 state recorded, kernel
 * mode, PC at the vector), trap() runs with the clock current; it may change registers, CP0
 * state and the PC (to resume the program or to upcall into it), charge cycles for the work it
 * models with cpu.charge(), and stop the run with cpu.requestStop().
 */
export interface TrapHook {
  trap(cpu: Cpu): void;
}

/**
 * A host service for `syscall` (bare mode). An object with a method rather than a closure so
 * that the interpreter's call site always sees the same target and V8 keeps it optimised.
 */
export interface SyscallHook {
  handle(cpu: Cpu): number;
}

/** The block compiler as the CPU sees it: it runs a slice the way run() would. */
export interface BlockEngine {
  run(budget: number): number;
  /** Forgets every compiled block (reset, restore). */
  flush(): void;
}

export class Cpu {
  readonly regs = new Int32Array(32);
  hi = 0;
  lo = 0;
  pc = 0;
  /** Address of the instruction after the one at pc (a branch target once a branch ran). */
  npc = 4;
  /** True when the instruction at pc sits in a branch delay slot. */
  inDelaySlot = false;
  llBit = false;

  // CP0 registers (Count and Compare live in the timer).
  index = 0;
  entryLo = 0;
  context = 0;
  badVAddr = 0;
  entryHi = 0;
  status = 0;
  /** Cause without the hardware IP bits, which are read live from the interrupt lines. */
  cause = 0;
  epc = 0;

  /** Why the last run() returned (STOP_*). */
  stopReason = STOP_NONE;
  /** Cycles spent on exceptions and idling rather than retiring instructions. */
  stallCycles = 0;
  /** Exceptions taken through the UTLB refill vector (kuseg TLB misses), for statistics. */
  utlbRefills = 0;
  /** Host service for `syscall` (bare mode); returns SYSCALL_*. */
  syscallHook: SyscallHook | null = null;
  /** The kernel in TypeScript, if one runs this machine; null for code at the vectors. */
  trapHook: TrapHook | null = null;
  /** An exception was taken and trapHook has not seen it yet (read by the block dispatcher). */
  trapPending = false;
  /** Cycles charged by trapHook not yet added to the clock (read by the block dispatcher). */
  charged = 0;
  /** A stop asked for by trapHook (STOP_*), honoured at the next instruction boundary. */
  stopRequest = STOP_NONE;
  /**
   * Calls into host code that may have written guest memory behind the CPU's back (trapHook,
   * syscallHook). The block compiler re-checks its code against memory when this moves.
   */
  hostCalls = 0;
  /**
   * Where the last interpret() cut its run short because a trap scheduled a clock event
   * before its end (an absolute cycle; +Infinity when it did not), so the block compiler,
   * which calls it, stops at the same place.
   */
  cutAt = Number.POSITIVE_INFINITY;
  /** The second execution tier (machine/jit/), or null to interpret everything. */
  jit: BlockEngine | null = null;
  /** Addresses at which run() stops before executing; null when there are none. */
  breakpoints: Set<number> | null = null;
  /** The breakpoint address run() is resuming from, which it must not stop at again. */
  private resumeAt = -1;

  /** Pending exception from a slow-path helper (-1 when none), its bad address and vector. */
  excCode = -1;
  excAddr = 0;
  excUtlb = false;

  constructor(
    readonly memory: PhysicalMemory,
    readonly bus: Bus,
    readonly mmu: Mmu,
    readonly fpu: Fpu,
    readonly clock: Clock,
    readonly irq: InterruptLines,
    readonly timer: CountCompare,
  ) {}

  reset(pc: number): void {
    this.regs.fill(0);
    this.hi = this.lo = 0;
    this.pc = pc | 0;
    this.npc = (pc + 4) | 0;
    this.inDelaySlot = false;
    this.llBit = false;
    this.index = this.entryLo = this.context = this.badVAddr = this.entryHi = 0;
    this.status = 0;
    this.cause = 0;
    this.epc = 0;
    this.stallCycles = 0;
    this.utlbRefills = 0;
    this.excCode = -1;
    this.mmu.setAsid(0);
    this.mmu.flushAll();
    this.jit?.flush();
  }

  get userMode(): boolean {
    return (this.status & STATUS_KUC) !== 0;
  }

  /** Cause as software reads it: the stored bits plus the live hardware interrupt lines. */
  readCause(): number {
    return this.cause | ((this.irq.pending & 0xfc) << CAUSE_IP_SHIFT);
  }

  /** True when an enabled interrupt is pending. */
  interruptPending(): boolean {
    if ((this.status & STATUS_IEC) === 0) return false;
    return (this.readCause() & this.status & 0xff00) !== 0;
  }

  /** Takes the interrupt exception if one is pending and enabled; returns whether it did. */
  checkInterrupts(): boolean {
    if (!this.interruptPending()) return false;
    this.exception(EXC_INT, this.pc, this.inDelaySlot, 0);
    this.clock.cycles += STALL_CYCLES.exception;
    this.settleTrap();
    return true;
  }

  /** For trapHook: cycles of modelled kernel work (not retired instructions). */
  charge(cycles: number): void {
    this.charged += cycles;
    this.stallCycles += cycles;
  }

  /** For trapHook: stop the run (STOP_HALT, STOP_BLOCKED, …) before the next instruction. */
  requestStop(reason: number): void {
    this.stopRequest = reason;
  }

  /**
   * Between runs: lets trapHook handle an exception still pending, adds its charges to the
   * clock, and returns a stop it requested (STOP_NONE if none), clearing it.
   */
  settleTrap(): number {
    if (this.trapPending) {
      this.trapPending = false;
      this.hostCalls++;
      this.trapHook!.trap(this);
    }
    this.clock.cycles += this.charged;
    this.charged = 0;
    const stop = this.stopRequest;
    this.stopRequest = STOP_NONE;
    return stop;
  }

  /**
   * Enters the exception handler: records Cause/EPC/BadVAddr (and Context/EntryHi for TLB
   * faults), pushes the KU/IE stack into kernel mode with interrupts off, and jumps to the
   * UTLB vector for a kuseg TLB miss or to the general vector otherwise.
   */
  exception(
    code: number,
    at: number,
    inDelay: boolean,
    badAddr: number,
    utlb = false,
    ce = 0,
  ): void {
    if (this.trapHook !== null) this.trapPending = true;
    this.cause = (this.cause & 0x300) | (code << 2) | (ce << 28) | (inDelay ? CAUSE_BD : 0);
    this.epc = inDelay ? (at - 4) | 0 : at;
    if (
      code === EXC_ADEL ||
      code === EXC_ADES ||
      code === EXC_TLBL ||
      code === EXC_TLBS ||
      code === EXC_MOD
    ) {
      this.badVAddr = badAddr;
      if (code !== EXC_ADEL && code !== EXC_ADES) {
        this.context = (this.context & 0xffe00000) | (((badAddr >>> 12) & 0x7ffff) << 2);
        this.entryHi = (badAddr & 0xfffff000) | (this.entryHi & 0xfc0);
      }
    }
    this.status = (this.status & ~0x3f) | ((this.status << 2) & 0x3c);
    this.llBit = false;
    this.stallCycles += STALL_CYCLES.exception;
    if (utlb) this.utlbRefills++;
    const vector = utlb ? VECTOR_UTLB : VECTOR_GENERAL;
    this.pc = vector;
    this.npc = (vector + 4) | 0;
    this.inDelaySlot = false;
  }

  /** Takes the exception a slow-path helper left pending for the instruction at `at`. */
  private raisePending(at: number, inDelay: boolean): void {
    this.exception(this.excCode, at, inDelay, this.excAddr, this.excUtlb);
    this.excCode = -1;
  }

  /**
   * Runs until `budget` cycles are spent or something stops it; returns cycles spent. With a
   * block engine attached and no breakpoints set, compiled blocks run where they can.
   */
  run(budget: number): number {
    if (this.jit !== null && this.breakpoints === null) return this.jit.run(budget);
    return this.interpret(budget, false);
  }

  /**
   * The interpreter: runs until `budget` cycles are spent or something stops it; returns
   * cycles spent. With `untilBranch` it also ends once a branch or jump and its delay slot
   * have run, so the block dispatcher gets a look at every branch target.
   */
  interpret(budget: number, untilBranch: boolean): number {
    const clock = this.clock;
    const start = clock.cycles;
    const r = this.regs;
    const mem32 = this.memory.i32;
    const mem16 = this.memory.i16;
    const memu16 = this.memory.u16;
    const mem8 = this.memory.i8;
    const memu8 = this.memory.u8;
    const mmu = this.mmu;
    const stall = STALL_CYCLES.exception;
    let c = 0;
    this.stopReason = STOP_NONE;
    this.bus.touchedDevice = false;
    this.cutAt = Number.POSITIVE_INFINITY;

    outer: while (c < budget) {
      if (this.trapPending) {
        this.trapPending = false;
        clock.cycles = start + c;
        this.hostCalls++;
        this.trapHook!.trap(this);
        // The kernel may have scheduled an event (a timer armed by a kernel call) before the
        // end of this run: stop there so the machine's loop fires it on time.
        const due = clock.nextEventAt() - start;
        if (due < budget) {
          budget = Math.max(c, due);
          this.cutAt = start + budget;
        }
      }
      if (this.charged !== 0) {
        c += this.charged;
        this.charged = 0;
      }
      if (this.stopRequest !== STOP_NONE) {
        this.stopReason = this.stopRequest;
        this.stopRequest = STOP_NONE;
        break;
      }
      const table = (this.status & STATUS_KUC) !== 0 ? 3 : 0;
      const rTag = mmu.tags[table];
      const rBase = mmu.bases[table];
      const wTag = mmu.tags[table + 1];
      const wBase = mmu.bases[table + 1];
      const fTag = mmu.tags[table + 2];
      const fBase = mmu.bases[table + 2];
      const user = table === 3;
      let pc = this.pc;
      let npc = this.npc;
      let delay = this.inDelaySlot;
      let fVpn = -1;
      let fPage = 0;

      while (c < budget) {
        // ---- fetch ----
        if (pc >>> 12 !== fVpn) {
          const vpn = pc >>> 12;
          const slot = vpn & CACHE_MASK;
          if ((pc & 3) === 0 && fTag[slot] === vpn && !this.breakpoints) {
            fVpn = vpn;
            fPage = fBase[slot];
          } else {
            this.pc = pc;
            this.npc = npc;
            this.inDelaySlot = delay;
            if (this.breakpoints?.has(pc >>> 0) && this.resumeAt !== pc) {
              this.stopReason = STOP_BREAKPOINT;
              this.resumeAt = pc;
              break outer;
            }
            this.resumeAt = -1;
            const p = this.fetchSlow(pc, user);
            if (p < 0) {
              c += stall;
              continue outer;
            }
            if (!this.breakpoints) fVpn = vpn;
            fPage = p - (p & 4095);
          }
        }
        const inst = mem32[(fPage | (pc & 4095)) >> 2];
        const cur = pc;
        const isDelay = delay;
        delay = false;
        pc = npc;
        npc = (npc + 4) | 0;
        c++;
        r[0] = 0;

        switch (inst >>> 26) {
          case 0: {
            // SPECIAL
            const rs = (inst >> 21) & 31;
            const rt = (inst >> 16) & 31;
            const rd = (inst >> 11) & 31;
            switch (inst & 63) {
              case 0: // sll
                r[rd] = r[rt] << ((inst >> 6) & 31);
                break;
              case 1: // movf / movt
                if (this.fpuUnusable(cur, isDelay)) {
                  c += stall - 1;
                  continue outer;
                }
                if (this.fpu.condition((inst >> 18) & 7) === ((inst & 0x10000) !== 0))
                  r[rd] = r[rs];
                break;
              case 2: // srl
                r[rd] = r[rt] >>> ((inst >> 6) & 31);
                break;
              case 3: // sra
                r[rd] = r[rt] >> ((inst >> 6) & 31);
                break;
              case 4: // sllv
                r[rd] = r[rt] << (r[rs] & 31);
                break;
              case 6: // srlv
                r[rd] = r[rt] >>> (r[rs] & 31);
                break;
              case 7: // srav
                r[rd] = r[rt] >> (r[rs] & 31);
                break;
              case 8: {
                // jr
                const t = r[rs];
                npc = t;
                delay = true;
                if ((t & 3) !== 0) fVpn = -1;
                break;
              }
              case 9: {
                // jalr
                const t = r[rs];
                r[rd] = (cur + 8) | 0;
                npc = t;
                delay = true;
                if ((t & 3) !== 0) fVpn = -1;
                break;
              }
              case 10: // movz
                if (r[rt] === 0) r[rd] = r[rs];
                break;
              case 11: // movn
                if (r[rt] !== 0) r[rd] = r[rs];
                break;
              case 12: {
                // syscall
                const hook = this.syscallHook;
                if (hook !== null) {
                  this.pc = pc;
                  this.npc = npc;
                  this.inDelaySlot = false;
                  clock.cycles = start + c;
                  this.hostCalls++;
                  const outcome = hook.handle(this);
                  if (outcome === SYSCALL_DONE) {
                    if (this.pc !== pc) continue outer;
                    break;
                  }
                  if (outcome === SYSCALL_EXIT) {
                    this.stopReason = STOP_HALT;
                    break outer;
                  }
                  if (outcome === SYSCALL_BLOCK) {
                    c--;
                    this.pc = cur;
                    this.npc = (cur + 4) | 0;
                    this.inDelaySlot = isDelay;
                    this.stopReason = STOP_BLOCKED;
                    break outer;
                  }
                }
                this.exception(EXC_SYS, cur, isDelay, 0);
                c += stall - 1;
                continue outer;
              }
              case 13: // break
                this.exception(EXC_BP, cur, isDelay, 0);
                c += stall - 1;
                continue outer;
              case 15: // sync
                break;
              case 16: // mfhi
                r[rd] = this.hi;
                break;
              case 17: // mthi
                this.hi = r[rs];
                break;
              case 18: // mflo
                r[rd] = this.lo;
                break;
              case 19: // mtlo
                this.lo = r[rs];
                break;
              case 24: {
                // mult
                const a = r[rs];
                const b = r[rt];
                this.lo = Math.imul(a, b);
                this.hi = mulHighSigned(a, b);
                break;
              }
              case 25: {
                // multu
                const a = r[rs];
                const b = r[rt];
                this.lo = Math.imul(a, b);
                this.hi = mulHighUnsigned(a, b);
                break;
              }
              case 26: {
                // div: quotient truncates toward zero; division by zero leaves HI/LO unchanged
                const b = r[rt];
                if (b !== 0) {
                  const a = r[rs];
                  this.lo = (a / b) | 0;
                  this.hi = (a % b) | 0;
                }
                break;
              }
              case 27: {
                // divu
                const b = r[rt] >>> 0;
                if (b !== 0) {
                  const a = r[rs] >>> 0;
                  this.lo = (a / b) | 0;
                  this.hi = (a % b) | 0;
                }
                break;
              }
              case 32: {
                // add (traps on signed overflow)
                const s = r[rs] + r[rt];
                if (s > 0x7fffffff || s < -0x80000000) {
                  this.exception(EXC_OV, cur, isDelay, 0);
                  c += stall - 1;
                  continue outer;
                }
                r[rd] = s;
                break;
              }
              case 33: // addu
                r[rd] = (r[rs] + r[rt]) | 0;
                break;
              case 34: {
                // sub (traps on signed overflow)
                const s = r[rs] - r[rt];
                if (s > 0x7fffffff || s < -0x80000000) {
                  this.exception(EXC_OV, cur, isDelay, 0);
                  c += stall - 1;
                  continue outer;
                }
                r[rd] = s;
                break;
              }
              case 35: // subu
                r[rd] = (r[rs] - r[rt]) | 0;
                break;
              case 36: // and
                r[rd] = r[rs] & r[rt];
                break;
              case 37: // or
                r[rd] = r[rs] | r[rt];
                break;
              case 38: // xor
                r[rd] = r[rs] ^ r[rt];
                break;
              case 39: // nor
                r[rd] = ~(r[rs] | r[rt]);
                break;
              case 42: // slt
                r[rd] = r[rs] < r[rt] ? 1 : 0;
                break;
              case 43: // sltu
                r[rd] = r[rs] >>> 0 < r[rt] >>> 0 ? 1 : 0;
                break;
              case 48: // tge
              case 49: // tgeu
              case 50: // tlt
              case 51: // tltu
              case 52: // teq
              case 54: // tne
                if (trapCondition(inst & 7, r[rs], r[rt])) {
                  this.exception(EXC_TR, cur, isDelay, 0);
                  c += stall - 1;
                  continue outer;
                }
                break;
              default:
                this.exception(EXC_RI, cur, isDelay, 0);
                c += stall - 1;
                continue outer;
            }
            break;
          }
          case 1: {
            // REGIMM: bltz 0, bgez 1, bltzl 2, bgezl 3, traps 8..14, bltzal 16 .. bgezall 19
            const rt = (inst >> 16) & 31;
            const v = r[(inst >> 21) & 31];
            const kind = regimmKind(rt);
            if (kind === REGIMM_RESERVED) {
              this.exception(EXC_RI, cur, isDelay, 0);
              c += stall - 1;
              continue outer;
            }
            if (kind === REGIMM_TRAP) {
              if (trapCondition(rt === 12 ? 4 : rt === 14 ? 6 : rt & 3, v, (inst << 16) >> 16)) {
                this.exception(EXC_TR, cur, isDelay, 0);
                c += stall - 1;
                continue outer;
              }
              break;
            }
            if (rt & 0x10) r[31] = (cur + 8) | 0;
            if ((rt & 1) === 0 ? v < 0 : v >= 0) {
              npc = (cur + 4 + ((inst << 16) >> 14)) | 0;
              delay = true;
            } else if (rt & 2) {
              pc = npc;
              npc = (npc + 4) | 0;
            } else {
              delay = true;
            }
            break;
          }
          case 2: // j
            npc = ((cur + 4) & 0xf0000000) | ((inst & 0x3ffffff) << 2);
            delay = true;
            break;
          case 3: // jal
            r[31] = (cur + 8) | 0;
            npc = ((cur + 4) & 0xf0000000) | ((inst & 0x3ffffff) << 2);
            delay = true;
            break;
          case 4: // beq
            if (r[(inst >> 21) & 31] === r[(inst >> 16) & 31])
              npc = (cur + 4 + ((inst << 16) >> 14)) | 0;
            delay = true;
            break;
          case 5: // bne
            if (r[(inst >> 21) & 31] !== r[(inst >> 16) & 31])
              npc = (cur + 4 + ((inst << 16) >> 14)) | 0;
            delay = true;
            break;
          case 6: // blez
            if (r[(inst >> 21) & 31] <= 0) npc = (cur + 4 + ((inst << 16) >> 14)) | 0;
            delay = true;
            break;
          case 7: // bgtz
            if (r[(inst >> 21) & 31] > 0) npc = (cur + 4 + ((inst << 16) >> 14)) | 0;
            delay = true;
            break;
          case 8: {
            // addi (traps on signed overflow)
            const s = r[(inst >> 21) & 31] + ((inst << 16) >> 16);
            if (s > 0x7fffffff || s < -0x80000000) {
              this.exception(EXC_OV, cur, isDelay, 0);
              c += stall - 1;
              continue outer;
            }
            r[(inst >> 16) & 31] = s;
            break;
          }
          case 9: // addiu
            r[(inst >> 16) & 31] = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            break;
          case 10: // slti
            r[(inst >> 16) & 31] = r[(inst >> 21) & 31] < (inst << 16) >> 16 ? 1 : 0;
            break;
          case 11: // sltiu (the immediate is sign-extended, then compared unsigned)
            r[(inst >> 16) & 31] = r[(inst >> 21) & 31] >>> 0 < ((inst << 16) >> 16) >>> 0 ? 1 : 0;
            break;
          case 12: // andi
            r[(inst >> 16) & 31] = r[(inst >> 21) & 31] & (inst & 0xffff);
            break;
          case 13: // ori
            r[(inst >> 16) & 31] = r[(inst >> 21) & 31] | (inst & 0xffff);
            break;
          case 14: // xori
            r[(inst >> 16) & 31] = r[(inst >> 21) & 31] ^ (inst & 0xffff);
            break;
          case 15: // lui
            r[(inst >> 16) & 31] = inst << 16;
            break;
          case 16: {
            // COP0: privileged unless in kernel mode or Status.CU0 is set
            if (user && (this.status & 0x10000000) === 0) {
              this.exception(EXC_CPU, cur, isDelay, 0, false, 0);
              c += stall - 1;
              continue outer;
            }
            this.pc = pc;
            this.npc = npc;
            this.inDelaySlot = delay;
            clock.cycles = start + c;
            const effect = executeCop0(this, inst, cur, isDelay);
            if (effect < 0) {
              c += stall - 1;
              continue outer;
            }
            if (effect === 0) break;
            // Mode, TLB or interrupt state may have changed: reload, or end the slice.
            if (effect === 3) {
              this.stopReason = STOP_WAIT;
              break outer;
            }
            if (this.interruptPending()) {
              this.stopReason = STOP_YIELD;
              break outer;
            }
            continue outer;
          }
          case 17: {
            // COP1
            if (this.fpuUnusable(cur, isDelay)) {
              c += stall - 1;
              continue outer;
            }
            if (((inst >> 21) & 31) === 8) {
              // bc1f / bc1t / bc1fl / bc1tl
              const taken = this.fpu.condition((inst >> 18) & 7) === ((inst & 0x10000) !== 0);
              if (taken) {
                npc = (cur + 4 + ((inst << 16) >> 14)) | 0;
                delay = true;
              } else if (inst & 0x20000) {
                pc = npc;
                npc = (npc + 4) | 0;
              } else {
                delay = true;
              }
              break;
            }
            const code = this.fpu.execute(inst, r);
            if (code !== 0) {
              this.exception(code, cur, isDelay, 0);
              c += stall - 1;
              continue outer;
            }
            break;
          }
          case 20: // beql
          case 21: // bnel
          case 22: // blezl
          case 23: {
            // bgtzl
            const a = r[(inst >> 21) & 31];
            const op = inst >>> 26;
            const taken =
              op === 20
                ? a === r[(inst >> 16) & 31]
                : op === 21
                  ? a !== r[(inst >> 16) & 31]
                  : op === 22
                    ? a <= 0
                    : a > 0;
            if (taken) {
              npc = (cur + 4 + ((inst << 16) >> 14)) | 0;
              delay = true;
            } else {
              pc = npc;
              npc = (npc + 4) | 0;
            }
            break;
          }
          case 28: {
            // SPECIAL2
            const rs = (inst >> 21) & 31;
            const rt = (inst >> 16) & 31;
            const rd = (inst >> 11) & 31;
            const f = inst & 63;
            if (f === 2) {
              r[rd] = Math.imul(r[rs], r[rt]);
            } else if (f === 32) {
              r[rd] = Math.clz32(r[rs]);
            } else if (f === 33) {
              r[rd] = countLeadingOnes(r[rs]);
            } else if (f === 0 || f === 1 || f === 4 || f === 5) {
              const a = r[rs];
              const b = r[rt];
              const pHi = f & 1 ? mulHighUnsigned(a, b) : mulHighSigned(a, b);
              const acc = accumulate64(this.hi, this.lo, pHi, Math.imul(a, b), f < 4 ? 1 : -1);
              this.hi = acc[0];
              this.lo = acc[1];
            } else {
              this.exception(EXC_RI, cur, isDelay, 0);
              c += stall - 1;
              continue outer;
            }
            break;
          }
          // Loads and stores: the translation cache answers most accesses inline; everything
          // else (first touch, devices, faults, unaligned and FP accesses) goes to accessSlow.
          case 32: {
            // lb
            const a = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            const vpn = a >>> 12;
            const s = vpn & CACHE_MASK;
            if (rTag[s] === vpn) {
              r[(inst >> 16) & 31] = mem8[rBase[s] | (a & 4095)];
              break;
            }
            clock.cycles = start + c;
            accessSlow(this, inst, a, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 33: {
            // lh
            const a = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            const vpn = a >>> 12;
            const s = vpn & CACHE_MASK;
            if ((a & 1) === 0 && rTag[s] === vpn) {
              r[(inst >> 16) & 31] = mem16[(rBase[s] | (a & 4095)) >> 1];
              break;
            }
            clock.cycles = start + c;
            accessSlow(this, inst, a, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 35: {
            // lw
            const a = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            const vpn = a >>> 12;
            const s = vpn & CACHE_MASK;
            if ((a & 3) === 0 && rTag[s] === vpn) {
              r[(inst >> 16) & 31] = mem32[(rBase[s] | (a & 4095)) >> 2];
              break;
            }
            clock.cycles = start + c;
            accessSlow(this, inst, a, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 36: {
            // lbu
            const a = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            const vpn = a >>> 12;
            const s = vpn & CACHE_MASK;
            if (rTag[s] === vpn) {
              r[(inst >> 16) & 31] = memu8[rBase[s] | (a & 4095)];
              break;
            }
            clock.cycles = start + c;
            accessSlow(this, inst, a, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 37: {
            // lhu
            const a = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            const vpn = a >>> 12;
            const s = vpn & CACHE_MASK;
            if ((a & 1) === 0 && rTag[s] === vpn) {
              r[(inst >> 16) & 31] = memu16[(rBase[s] | (a & 4095)) >> 1];
              break;
            }
            clock.cycles = start + c;
            accessSlow(this, inst, a, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 40: {
            // sb
            const a = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            const vpn = a >>> 12;
            const s = vpn & CACHE_MASK;
            if (wTag[s] === vpn) {
              memu8[wBase[s] | (a & 4095)] = r[(inst >> 16) & 31];
              break;
            }
            clock.cycles = start + c;
            accessSlow(this, inst, a, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 41: {
            // sh
            const a = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            const vpn = a >>> 12;
            const s = vpn & CACHE_MASK;
            if ((a & 1) === 0 && wTag[s] === vpn) {
              memu16[(wBase[s] | (a & 4095)) >> 1] = r[(inst >> 16) & 31];
              break;
            }
            clock.cycles = start + c;
            accessSlow(this, inst, a, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 43: {
            // sw
            const a = (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0;
            const vpn = a >>> 12;
            const s = vpn & CACHE_MASK;
            if ((a & 3) === 0 && wTag[s] === vpn) {
              mem32[(wBase[s] | (a & 4095)) >> 2] = r[(inst >> 16) & 31];
              break;
            }
            clock.cycles = start + c;
            accessSlow(this, inst, a, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 49: // lwc1
          case 53: // ldc1
          case 57: // swc1
          case 61: // sdc1
            if (this.fpuUnusable(cur, isDelay)) {
              c += stall - 1;
              continue outer;
            }
          // falls through: the access itself is an ordinary slow-path one
          case 34: // lwl
          case 38: // lwr
          case 42: // swl
          case 46: // swr
          case 48: // ll
          case 56: {
            // sc
            clock.cycles = start + c;
            accessSlow(this, inst, (r[(inst >> 21) & 31] + ((inst << 16) >> 16)) | 0, user);
            if (this.excCode >= 0) {
              this.raisePending(cur, isDelay);
              c += stall - 1;
              continue outer;
            }
            if (this.bus.touchedDevice) budget = c;
            break;
          }
          case 47: // cache: no caches are modelled; privileged like COP0
            if (user && (this.status & 0x10000000) === 0) {
              this.exception(EXC_CPU, cur, isDelay, 0);
              c += stall - 1;
              continue outer;
            }
            break;
          case 51: // pref
            break;
          case 18: // COP2
          case 19: // COP3
          case 50: // lwc2
          case 54: // ldc2
          case 58: // swc2
          case 62: // sdc2
            this.exception(EXC_CPU, cur, isDelay, 0, false, (inst >>> 26) & 3);
            c += stall - 1;
            continue outer;
          default:
            this.exception(EXC_RI, cur, isDelay, 0);
            c += stall - 1;
            continue outer;
        }
        // A branch just ran: stop after its delay slot when the block dispatcher asked to.
        if (delay && untilBranch && c + 1 < budget) budget = c + 1;
      }
      r[0] = 0;
      this.pc = pc;
      this.npc = npc;
      this.inDelaySlot = delay;
    }
    r[0] = 0;
    clock.cycles = start + c;
    if (this.stopReason === STOP_NONE && this.bus.touchedDevice) this.stopReason = STOP_YIELD;
    return c;
  }

  /** Raises Coprocessor Unusable (CE = 1) unless Status.CU1 is set; returns whether it did. */
  private fpuUnusable(at: number, inDelay: boolean): boolean {
    if ((this.status & STATUS_CU1) !== 0) return false;
    this.exception(EXC_CPU, at, inDelay, 0, false, 1);
    return true;
  }

  /** Translates a fetch address, taking the exception on failure. Returns the physical address or -1. */
  private fetchSlow(pc: number, user: boolean): number {
    if ((pc & 3) !== 0) {
      this.exception(EXC_ADEL, pc, this.inDelaySlot, pc);
      return -1;
    }
    const p = this.mmu.translate(pc, ACCESS_FETCH, user);
    if (p < 0) {
      const code = this.mmu.faultCode;
      this.exception(code, pc, this.inDelaySlot, pc, this.mmu.faultUtlb);
      return -1;
    }
    if (p + 4 > this.memory.size) {
      // Instructions come only from RAM: fetching from a device or nothing is a bus error.
      this.exception(EXC_IBE, pc, this.inDelaySlot, pc);
      return -1;
    }
    return p;
  }

  save(): CpuState {
    return {
      regs: Array.from(this.regs),
      hi: this.hi,
      lo: this.lo,
      pc: this.pc,
      npc: this.npc,
      inDelaySlot: this.inDelaySlot,
      llBit: this.llBit,
      cp0: {
        index: this.index,
        entryLo: this.entryLo,
        context: this.context,
        badVAddr: this.badVAddr,
        entryHi: this.entryHi,
        status: this.status,
        cause: this.cause,
        epc: this.epc,
      },
      stallCycles: this.stallCycles,
      utlbRefills: this.utlbRefills,
    };
  }

  restore(s: CpuState): void {
    this.regs.set(s.regs);
    this.hi = s.hi;
    this.lo = s.lo;
    this.pc = s.pc;
    this.npc = s.npc;
    this.inDelaySlot = s.inDelaySlot;
    this.llBit = s.llBit;
    Object.assign(this, s.cp0);
    this.stallCycles = s.stallCycles;
    this.utlbRefills = s.utlbRefills ?? 0;
    this.mmu.flushAll();
    this.mmu.asid = this.entryHi & 0xfc0;
    this.jit?.flush();
  }
}

const REGIMM_BRANCH = 0;
const REGIMM_TRAP = 1;
const REGIMM_RESERVED = 2;

/** Classifies the rt field of a REGIMM instruction. */
function regimmKind(rt: number): number {
  if (rt <= 3 || (rt >= 16 && rt <= 19)) return REGIMM_BRANCH;
  if (rt >= 8 && rt <= 14 && rt !== 13) return REGIMM_TRAP;
  return REGIMM_RESERVED;
}

/** Trap condition by the low 3 bits of the funct: tge 0, tgeu 1, tlt 2, tltu 3, teq 4, tne 6. */
function trapCondition(kind: number, a: number, b: number): boolean {
  switch (kind) {
    case 0:
      return a >= b;
    case 1:
      return a >>> 0 >= b >>> 0;
    case 2:
      return a < b;
    case 3:
      return a >>> 0 < b >>> 0;
    case 4:
      return a === b;
    default:
      return a !== b;
  }
}
