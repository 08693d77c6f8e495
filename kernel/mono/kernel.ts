/**
 * The monolithic baseline (Ultrix-like): the same machine run by a conventional kernel with
 * fixed abstractions, as the machine's trap hook, so every benchmark can be run both ways
 * (DESIGN.md §4, "Library OSes and the baseline"). It charges from the exokernel's own cost
 * table (kernel/exo/costs.ts); what differs is the work it does:
 *
 *   every entry   saves the FULL trap frame (31 GPRs, HI, LO, EPC, Status, Cause, BadVAddr:
 *                 37 words) and restores it on the way out: trapEntryExit + 2 x 37 trapFrameWord
 *   TLB refill    the user-TLB-miss fast path (no frame): trapEntryExit + one probe of the
 *                 kernel page table (stlbProbe: index, load, test) + tlbWrite
 *   demand zero   a miss on an unmapped page at or above DEMAND_ZERO_BASE: the full frame, a
 *                 fresh frame zeroed (1024 zeroWord) and mapped writable, tlbWrite
 *   syscall       the full frame + callDispatch, then the call (syscalls.ts)
 *   fault         the full frame + callDispatch (cause -> signal -> action), then the signal
 *                 context (38 words) copied to the user stack (wordAccess each) and the upcall
 *                 into the handler (upcall); sigreturn is a syscall that copies the 38 words back
 *   block         a read of an empty pipe sleeps in the kernel: contextSwitch to the next
 *                 runnable process
 *   interrupt     the full frame; a network receive interrupt runs every arrived frame
 *                 through the interpreted in-kernel packet filters (net.ts)
 *
 * Processes are created from TypeScript (spawn); there is no timer preemption: a process runs
 * until it exits, is killed or sleeps. The kernel owns frames below KERNEL_FRAMES.
 */
import { addressAfterDelaySlot } from '../../machine/branch.ts';
import { EXC_MOD, EXC_SYS, EXC_TLBL, EXC_TLBS, STATUS_IEC, STATUS_KUC } from '../../machine/cp0.ts';
import type { Cpu, TrapHook } from '../../machine/cpu.ts';
import { STOP_HALT } from '../../machine/cpu-state.ts';
import { IRQ_NET } from '../../machine/devices/addresses.ts';
import { Machine, type MachineOptions } from '../../machine/machine.ts';
import { COSTS } from '../exo/costs.ts';
import { breakPage, refillTlb } from '../exo/tlb-control.ts';
import { childEnded } from './fork.ts';
import { MonoNet } from './net.ts';
import { ENTRYLO_D, ENTRYLO_V, PAGE_SIZE, Process, TRAP_FRAME_WORDS } from './process.ts';
import { contextWords, SIGCONTEXT_WORDS, signalFor } from './signals.ts';
import { MonoSyscalls } from './syscalls.ts';
import { MonoVm, PAGEABLE_BASE, SW_DIRTY, SW_WRITE } from './vm.ts';

export const KERNEL_FRAMES = 256;
/** User pages at or above this address are demand-zero (data, heap, stack). */
export const DEMAND_ZERO_BASE = 0x10000000;
/** A new process's stack pointer (its pages come by demand zero). */
export const STACK_TOP = 0x7ffffff0;
const MAX_ASID = 63;
/** Cause.IP bit of the network interface's interrupt line. */
const NET_INTERRUPT = 1 << (8 + IRQ_NET);

/** True when the part of `seg` in the page at `page` is all zero bytes. */
function allZero(seg: { address: number; bytes: Uint8Array }, page: number): boolean {
  const from = Math.max(page, seg.address) - seg.address;
  const to = Math.min(page + 4096, seg.address + seg.bytes.length) - seg.address;
  for (let i = from; i < to; i++) if (seg.bytes[i] !== 0) return false;
  return true;
}

export class MonoKernel implements TrapHook {
  readonly machine: Machine;
  readonly procs: Process[] = [];
  readonly syscalls: MonoSyscalls;
  /** The network interface's driver and the interpreted packet filters (net.ts). */
  readonly net: MonoNet;
  current: Process | null = null;
  /** Counters for tests and benchmarks. */
  readonly counts = { traps: 0, refills: 0, demandZero: 0, signals: 0, switches: 0 };
  private readonly freeFrames: number[] = [];
  /** Dirty bits, protection, trap handlers and LRU paging (vm.ts). */
  readonly vm: MonoVm;

  constructor(options: MachineOptions = {}) {
    this.machine = new Machine(options);
    for (let f = this.machine.memory.frames - 1; f >= KERNEL_FRAMES; f--) this.freeFrames.push(f);
    this.vm = new MonoVm(this);
    this.syscalls = new MonoSyscalls(this);
    this.net = new MonoNet(this);
    this.machine.cpu.trapHook = this;
  }

  get cycles(): number {
    return this.machine.clock.cycles;
  }

  // ---- processes ----

  /** A new process with pages for `segments` (loaded, writable) and pc `entry`; null if full. */
  spawn(name: string, segments: { address: number; bytes: Uint8Array }[], entry: number) {
    const asid = this.procs.length + 1;
    if (asid > MAX_ASID) return null;
    const proc = new Process(asid, asid, name);
    this.procs.push(proc);
    for (const seg of segments) {
      for (let page = seg.address & ~0xfff; page < seg.address + seg.bytes.length; page += 4096) {
        // An all-zero page of data (a big .space) waits for its first touch, as under ExOS.
        if (page >= DEMAND_ZERO_BASE && allZero(seg, page)) continue;
        if (!this.mapFresh(proc, page >>> 12)) return null;
      }
      for (let i = 0; i < seg.bytes.length; i += 4096) {
        const chunk = seg.bytes.subarray(i, i + 4096);
        if (
          proc.pageTable.has((seg.address + i) >>> 12) &&
          !this.writeBytes(proc, seg.address + i, chunk)
        )
          return null;
      }
    }
    proc.frame.pc = entry;
    proc.frame.regs[29] = STACK_TOP;
    return proc;
  }

  /** Starts the machine on `proc` at its saved frame (user mode, interrupts on); not in a trap. */
  switchTo(proc: Process): void {
    const cpu = this.machine.cpu;
    this.install(proc);
    this.restoreFrame(cpu, proc);
    cpu.status = (0xff << 8) | STATUS_KUC | STATUS_IEC;
    cpu.pc = proc.frame.pc;
    cpu.npc = (proc.frame.pc + 4) | 0;
    cpu.inDelaySlot = false;
  }

  /** Makes `proc` current (its ASID); its frame is loaded on the way out of the trap. */
  private install(proc: Process): void {
    const cpu = this.machine.cpu;
    if (this.current !== null && this.current !== proc) this.counts.switches++;
    this.current = proc;
    cpu.entryHi = proc.asid << 6;
    cpu.mmu.setAsid(cpu.entryHi);
  }

  /** Ends `proc`; the CPU goes to the next runnable process, or the machine halts. */
  end(proc: Process, how: 'exited' | 'killed', value: number): void {
    proc.state = how;
    if (how === 'exited') proc.exitCode = value;
    else proc.killedBy = value;
    for (const file of proc.files) {
      if (file?.end === 'read') file.pipe.readers--;
      if (file?.end === 'write' && --file.pipe.writers === 0) this.syscalls.wakeReader(file.pipe);
    }
    proc.files.length = 0;
    this.net.procEnded(proc);
    this.syscalls.pipes.wakeAll();
    for (const [vpn, pte] of proc.pageTable) {
      breakPage(this.machine.cpu, vpn, proc.asid);
      this.freeFrames.push(pte >>> 12);
    }
    proc.pageTable.clear();
    this.vm.ended(proc);
    childEnded(proc);
    if (this.current === proc) this.scheduleNext();
  }

  /** Gives the CPU to the next runnable process after the current one (round robin). */
  scheduleNext(): void {
    const start = this.current === null ? 0 : this.procs.indexOf(this.current) + 1;
    for (let i = 0; i < this.procs.length; i++) {
      const next = this.procs[(start + i) % this.procs.length];
      if (next.state !== 'runnable') continue;
      this.machine.cpu.charge(COSTS.contextSwitch);
      this.install(next);
      return;
    }
    this.current = null;
    this.machine.cpu.requestStop(STOP_HALT);
  }

  // ---- the trap hook ----

  trap(cpu: Cpu): void {
    this.counts.traps++;
    cpu.charge(COSTS.trapEntryExit);
    const proc = this.current;
    const code = (cpu.cause >>> 2) & 31;
    const user = cpu.badVAddr >= 0;
    if (proc === null || (cpu.status & (STATUS_KUC << 2)) === 0) {
      // An exception in the kernel itself, or with nothing running: a broken invariant.
      cpu.requestStop(STOP_HALT);
      return;
    }
    if ((code === EXC_TLBL || code === EXC_TLBS) && user) {
      const pte = proc.pageTable.get(cpu.badVAddr >>> 12);
      cpu.charge(COSTS.stlbProbe);
      if (pte !== undefined && (pte & ENTRYLO_V) !== 0) {
        this.counts.refills++;
        this.vm.touch(pte);
        cpu.charge(COSTS.tlbWrite);
        refillTlb(cpu, cpu.badVAddr, proc.asid, pte & ~0xff);
        this.resume(cpu, cpu.epc);
        return;
      }
    }
    this.saveFrame(cpu, proc);
    const miss = (code === EXC_TLBL || code === EXC_TLBS) && user;
    const found = miss ? this.vm.fault(proc, cpu.badVAddr) : 'fault';
    if (miss && found === 'mapped') {
      this.refillFrom(cpu, proc);
    } else if (miss && found === 'retry') {
      // The disk is busy with the page (or a victim): the access runs again.
    } else if (code === EXC_MOD && user && this.vm.firstWrite(proc, cpu.badVAddr)) {
      this.refillFrom(cpu, proc);
    } else if (code === EXC_SYS) {
      cpu.charge(COSTS.callDispatch);
      proc.frame.pc = this.afterFaultingInstruction(cpu, proc);
      this.syscalls.dispatch(proc);
    } else if (code !== 0) {
      cpu.charge(COSTS.callDispatch);
      const protection = code === EXC_MOD || miss;
      if (!(protection && this.vm.deliverTrap(proc, code, cpu.badVAddr))) {
        this.signal(proc, signalFor(code, cpu.badVAddr));
      }
    } else if ((cpu.readCause() & NET_INTERRUPT) !== 0) {
      this.net.onInterrupt();
    }
    if (this.current === null) return;
    this.restoreFrame(cpu, this.current);
    this.resume(cpu, this.current.frame.pc);
  }

  /** Writes the TLB entry for BadVAddr from the page table (a fault just made it valid). */
  private refillFrom(cpu: Cpu, proc: Process): void {
    cpu.charge(COSTS.tlbWrite);
    refillTlb(cpu, cpu.badVAddr, proc.asid, proc.pageTable.get(cpu.badVAddr >>> 12)! & ~0xff);
  }

  /** Stores the full trap frame of `proc` (charged per word). */
  private saveFrame(cpu: Cpu, proc: Process): void {
    const f = proc.frame;
    f.regs.set(cpu.regs);
    f.hi = cpu.hi;
    f.lo = cpu.lo;
    f.pc = cpu.epc;
    f.status = cpu.status;
    f.cause = cpu.readCause();
    f.badVAddr = cpu.badVAddr;
    cpu.charge(TRAP_FRAME_WORDS * COSTS.trapFrameWord);
  }

  /** Loads `proc`'s full trap frame into the CPU (charged per word). */
  private restoreFrame(cpu: Cpu, proc: Process): void {
    const f = proc.frame;
    cpu.regs.set(f.regs);
    cpu.regs[0] = 0;
    cpu.hi = f.hi;
    cpu.lo = f.lo;
    cpu.charge(TRAP_FRAME_WORDS * COSTS.trapFrameWord);
  }

  /** Returns to user code at `pc` (pops the KU/IE stack, as rfe does). */
  private resume(cpu: Cpu, pc: number): void {
    cpu.status = (cpu.status & ~0xf) | ((cpu.status >> 2) & 0xf);
    cpu.pc = pc;
    cpu.npc = (pc + 4) | 0;
    cpu.inDelaySlot = false;
    cpu.llBit = false;
  }

  private afterFaultingInstruction(cpu: Cpu, proc: Process): number {
    if (cpu.cause >= 0) return (cpu.epc + 4) | 0;
    const branch = this.readWord(proc, cpu.epc) ?? 0;
    return addressAfterDelaySlot(branch, cpu.epc, cpu.regs, cpu.fpu);
  }

  /**
   * Posts signal `signo` to the current process: with a handler, pushes the signal context
   * below its $sp and enters the handler; otherwise kills it.
   */
  signal(proc: Process, signo: number): void {
    this.counts.signals++;
    const handler = proc.handlers.get(signo);
    const f = proc.frame;
    if (handler === undefined) {
      this.end(proc, 'killed', signo);
      return;
    }
    const scp = ((f.regs[29] - SIGCONTEXT_WORDS * 4) & ~7) | 0;
    const words = contextWords(f);
    const cpu = this.machine.cpu;
    cpu.charge(SIGCONTEXT_WORDS * COSTS.wordAccess + COSTS.upcall);
    if (!this.writeWords(proc, scp, words)) {
      this.end(proc, 'killed', signo);
      return;
    }
    f.regs[4] = signo;
    f.regs[5] = f.cause;
    f.regs[6] = scp;
    f.regs[29] = scp;
    f.pc = handler;
  }

  // ---- memory ----

  /** A free frame, or undefined (then vm.ts pages something out). */
  takeFreeFrame(): number | undefined {
    return this.freeFrames.pop();
  }

  /** Zeroes `frame` for a new page: 1024 stores, charged zeroWord each. */
  zeroFrame(frame: number): void {
    this.machine.memory.u8.fill(0, frame * PAGE_SIZE, (frame + 1) * PAGE_SIZE);
    this.machine.cpu.charge((PAGE_SIZE / 4) * COSTS.zeroWord);
  }

  /** Invalidates the TLB entry of `proc`'s page `vpn`. */
  dropTlb(proc: Process, vpn: number): void {
    breakPage(this.machine.cpu, vpn, proc.asid);
  }

  /** Maps a fresh zeroed frame at `vpn` for loaded contents (dirty); false when out of frames. */
  private mapFresh(proc: Process, vpn: number): boolean {
    const frame = this.vm.obtainFrame();
    if (typeof frame !== 'number') return false;
    this.zeroFrame(frame);
    this.vm.install(proc, vpn, frame, true);
    return true;
  }

  /**
   * Physical address of `vaddr` for `proc` (demand zero allowed; a store marks the page
   * dirty), or -1: unmapped, protected, or out on disk (a syscall cannot wait for it).
   */
  physical(proc: Process, vaddr: number, write: boolean): number {
    if (vaddr < 0) return -1;
    const vpn = vaddr >>> 12;
    let pte = proc.pageTable.get(vpn);
    if (pte === undefined && vaddr >>> 0 >= PAGEABLE_BASE && !this.vm.isOut(proc, vpn)) {
      if (this.vm.fault(proc, vaddr) === 'mapped') pte = proc.pageTable.get(vpn);
    }
    if (pte === undefined || (pte & ENTRYLO_V) === 0) return -1;
    if (write && (pte & ENTRYLO_D) === 0) {
      if ((pte & SW_WRITE) === 0) return -1;
      proc.pageTable.set(vpn, pte | ENTRYLO_D | SW_DIRTY);
      this.dropTlb(proc, vpn);
    }
    return (pte >>> 12) * PAGE_SIZE + (vaddr & 0xfff);
  }

  readWord(proc: Process, vaddr: number): number | null {
    const p = (vaddr & 3) === 0 ? this.physical(proc, vaddr, false) : -1;
    return p < 0 ? null : this.machine.memory.i32[p >>> 2];
  }

  writeWords(proc: Process, vaddr: number, words: Int32Array): boolean {
    for (let i = 0; i < words.length; i++) {
      const at = vaddr + 4 * i;
      const p = (at & 3) === 0 ? this.physical(proc, at, true) : -1;
      if (p < 0) return false;
      this.machine.memory.i32[p >>> 2] = words[i];
    }
    return true;
  }

  readBytes(proc: Process, vaddr: number, len: number): Uint8Array | null {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const p = this.physical(proc, vaddr + i, false);
      if (p < 0) return null;
      out[i] = this.machine.memory.u8[p];
    }
    return out;
  }

  writeBytes(proc: Process, vaddr: number, bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) {
      const p = this.physical(proc, vaddr + i, true);
      if (p < 0) return false;
      this.machine.memory.u8[p] = bytes[i];
    }
    return true;
  }

  /** mprotect for one page: sets or clears its write permission and drops its TLB entry. */
  protect(proc: Process, vaddr: number, writable: boolean): boolean {
    const vpn = vaddr >>> 12;
    const pte = proc.pageTable.get(vpn);
    if (pte === undefined) return false;
    const dirty = (pte & SW_DIRTY) !== 0;
    const next = writable
      ? pte | SW_WRITE | (dirty ? ENTRYLO_D : 0)
      : pte & ~(SW_WRITE | ENTRYLO_D);
    proc.pageTable.set(vpn, next);
    breakPage(this.machine.cpu, vpn, proc.asid);
    return true;
  }

  /** Runs the machine; returns why it stopped. */
  run(maxCycles: number) {
    return this.machine.run(maxCycles);
  }
}
