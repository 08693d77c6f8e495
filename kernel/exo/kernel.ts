/**
 * The exokernel (Aegis-like): it securely multiplexes the machine and leaves every policy to
 * library OSes. It runs as the machine's trap hook: after the CPU takes an exception as the
 * hardware does, trap() handles it in TypeScript and charges cycles from COSTS.
 *
 *   TLB miss   probe the STLB; on a hit refill the hardware TLB and resume; on a miss upcall
 *              the environment's page-fault handler (a TypeScript library OS, or its MIPS
 *              exception handler), which installs a binding by presenting a capability
 *   syscall    numbers >= KERNEL_CALL_BASE are kernel calls (calls.ts); smaller ones go to the
 *              environment's library OS
 *   other      dispatched straight to the environment's exception handler with a save area
 *
 * The kernel owns the first KERNEL_FRAMES frames; environments get the rest through
 * frame_alloc and capabilities. Environment ids start at 1 (0 is the kernel).
 */

import { addressAfterDelaySlot } from '../../machine/branch.ts';
import {
  EXC_MOD,
  EXC_SYS,
  EXC_TLBL,
  EXC_TLBS,
  exceptionName,
  STATUS_CU1,
  STATUS_IEC,
  STATUS_KUC,
} from '../../machine/cp0.ts';
import type { Cpu, TrapHook } from '../../machine/cpu.ts';
import { STOP_BLOCKED, STOP_HALT } from '../../machine/cpu-state.ts';
import { IRQ_NET } from '../../machine/devices/addresses.ts';
import { Machine, type MachineOptions } from '../../machine/machine.ts';
import {
  type Capability,
  type CapResult,
  deriveSecret,
  type KernelSecret,
  ResourceTable,
} from '../caps/index.ts';
import { Blocks } from './blocks.ts';
import { CallTable } from './call-table.ts';
import { COSTS } from './costs.ts';
import { Environment } from './env.ts';
import { type CallResult, E_NOENV, E_NOMEM, fail, ok } from './errors.ts';
import { type EventKind, EventLog } from './events.ts';
import { readEnvWord, writeEnvWord } from './guest-memory.ts';
import { KernelNet } from './network.ts';
import { type RevokeRequest, Revoker } from './revoke.ts';
import { type SliceParams, SliceScheduler } from './slices.ts';
import { Stlb, type StlbStore } from './stlb.ts';
import { breakAsid, breakFrame, breakPage, refillTlb } from './tlb-control.ts';

/** Cause.IP bit of the network interface's interrupt line. */
const NET_INTERRUPT = 1 << (8 + IRQ_NET);

/** Frames below this belong to the kernel (its tables and buffers); never handed out. */
export const KERNEL_FRAMES = 256;
export const KERNEL_OWNER = 0;
const MAX_ASID = 63;
const ENTRYLO_V = 1 << 9;

export interface ExokernelOptions extends MachineOptions {
  /** STLB entries (a power of two). Default 4096. */
  stlbSize?: number;
  /** The slice vector's parameters (slices.ts, DEFAULT_SLICE_PARAMS). */
  slices?: Partial<SliceParams>;
  /**
   * Lab seam: the STLB to use instead of the kernel's own (a student's, in lab 1). Default:
   * `new Stlb(stlbSize)`. The kernel calls it exactly where it calls its own.
   */
  stlb?: StlbStore;
  /**
   * Lab seam: the capability check behind a frame binding — the check `bind` and `frame_free`
   * make before they change anything (a student's, in lab 1). Default: `frames.check`, i.e.
   * genuine (MAC), current (epoch) and holding the rights, in that order.
   */
  frameCheck?: FrameCheck;
}

/** The capability check behind a frame binding: `table` is the kernel's frame table. */
export type FrameCheck = (table: ResourceTable, cap: Capability, needed: number) => CapResult;

export class Exokernel implements TrapHook {
  readonly machine: Machine;
  readonly secret: KernelSecret;
  readonly frames: ResourceTable;
  readonly stlb: StlbStore;
  /** The check behind bind and frame_free (ExokernelOptions.frameCheck). */
  readonly frameCheck: FrameCheck;
  readonly log = new EventLog();
  readonly envs = new Map<number, Environment>();
  readonly calls: CallTable;
  /** CPU time: the slice vector and its scheduler (slices.ts). */
  readonly slices: SliceScheduler;
  /** The network interface's driver and the downloaded packet filters (network.ts). */
  readonly net: KernelNet;
  /** Disk blocks (blocks.ts) and visible revocation (revoke.ts). */
  readonly blocks: Blocks;
  readonly revoker: Revoker;
  /** The environment on the CPU, or null when none is running. */
  current: Environment | null = null;
  /**
   * Upcalls made into environments since boot: page faults, system calls and exceptions handed
   * to a library OS or a MIPS handler, end- and start-of-slice, revocation and repossession.
   * Counted where COSTS.upcall is charged; read by the inspector (the dashboard's rates).
   */
  upcalls = 0;
  private nextEnvId = 1;
  /** Frame -> the (env, vpn) bindings that map it, so bindings can be broken by frame. */
  private readonly frameBindings = new Map<number, Set<string>>();

  constructor(options: ExokernelOptions = {}) {
    this.machine = new Machine(options);
    this.secret = deriveSecret(this.machine.seed);
    this.frames = new ResourceTable('frame', this.machine.memory.frames, this.secret);
    for (let f = 0; f < Math.min(KERNEL_FRAMES, this.frames.size); f++) {
      this.frames.allocateAt(f, KERNEL_OWNER);
    }
    this.stlb = options.stlb ?? new Stlb(options.stlbSize ?? 4096);
    this.frameCheck = options.frameCheck ?? ((table, cap, needed) => table.check(cap, needed));
    this.slices = new SliceScheduler(this, options.slices);
    this.blocks = new Blocks(this);
    this.revoker = new Revoker(this);
    this.net = new KernelNet(this);
    this.calls = new CallTable(this);
    this.machine.cpu.trapHook = this;
  }

  get cycles(): number {
    return this.machine.clock.cycles;
  }

  event(kind: EventKind, env: number, text: string): void {
    this.log.add({ cycle: this.cycles, kind, env, text });
  }

  // ---- environments ----

  /** A new environment with a free ASID; null when all 63 are in use. */
  createEnv(name: string): Environment | null {
    const used = new Set([...this.envs.values()].map((e) => e.asid));
    let asid = 1;
    while (asid <= MAX_ASID && used.has(asid)) asid++;
    if (asid > MAX_ASID) return null;
    const env = new Environment(this.nextEnvId++, asid, name);
    this.envs.set(env.id, env);
    this.event('env', env.id, `created ${name} (asid ${asid})`);
    return env;
  }

  /** The live environment `id`, or undefined. */
  liveEnv(id: number): Environment | undefined {
    const env = this.envs.get(id);
    return env !== undefined && env.state === 'runnable' ? env : undefined;
  }

  /** Puts `env` on the CPU at its saved context (user mode, interrupts on). */
  switchTo(env: Environment): CallResult {
    if (env.state !== 'runnable') return fail(E_NOENV);
    const cpu = this.machine.cpu;
    if (this.current === env) return ok();
    if (this.current !== null && this.current.state === 'runnable') this.saveContext(this.current);
    const ctx = env.context;
    cpu.regs.set(ctx.regs);
    cpu.fpu.fpr.set(ctx.fpr);
    cpu.fpu.fcsr = ctx.fcsr;
    cpu.hi = ctx.hi;
    cpu.lo = ctx.lo;
    cpu.pc = ctx.pc;
    cpu.npc = (ctx.pc + 4) | 0;
    cpu.inDelaySlot = false;
    cpu.entryHi = env.asid << 6;
    cpu.mmu.setAsid(cpu.entryHi);
    cpu.status = STATUS_CU1 | (0xff << 8) | STATUS_KUC | STATUS_IEC;
    this.current = env;
    cpu.charge(COSTS.contextSwitch);
    return ok();
  }

  private saveContext(env: Environment): void {
    const cpu = this.machine.cpu;
    env.context.regs.set(cpu.regs);
    env.context.hi = cpu.hi;
    env.context.lo = cpu.lo;
    env.context.pc = cpu.pc;
    env.context.fpr.set(cpu.fpu.fpr);
    env.context.fcsr = cpu.fpu.fcsr;
  }

  /** Ends `env` (exit or abort): its frames, bindings and ASID go back to the kernel. */
  endEnv(env: Environment, how: 'exited' | 'aborted', detail: string): void {
    if (env.state !== 'runnable') return;
    if (this.current === env) this.saveContext(env);
    env.state = how;
    if (how === 'aborted') env.abortReason = detail;
    for (const vpn of [...env.bindings.keys()]) this.removeBinding(env, vpn);
    for (const frame of this.frames.ownedBy(env.id)) this.releaseFrame(frame);
    this.blocks.releaseAll(env);
    this.net.envEnded(env);
    this.stlb.removeAsid(env.asid);
    breakAsid(this.machine.cpu, env.asid);
    this.event('env', env.id, `${how}: ${detail}`);
    this.slices.envEnded(env);
    if (this.current === env) {
      this.current = null;
      const next = [...this.envs.values()].find((e) => e.state === 'runnable');
      if (next) this.switchTo(next);
      else this.machine.cpu.requestStop(STOP_HALT);
    }
  }

  // ---- frames and bindings ----

  /** Allocates a zeroed frame to `env`. */
  allocFrame(env: Environment): ReturnType<ResourceTable['allocate']> {
    const got = this.frames.allocate(env.id);
    if (got === null) return null;
    const base = got.index * 4096;
    this.machine.memory.u8.fill(0, base, base + 4096);
    // Zeroing is real work (1024 stores), charged as the baseline charges its fresh pages.
    this.machine.cpu.charge((4096 / 4) * COSTS.zeroWord);
    this.event('frame', env.id, `allocated frame ${got.index}`);
    return got;
  }

  /** Frees a frame: breaks every binding of it and bumps its epoch (all caps die). */
  releaseFrame(frame: number): void {
    this.breakBindingsOf(frame);
    this.machine.disk.cancelFrame(frame); // queued DMA is a binding too
    this.frames.free(frame);
  }

  /** Installs env's binding vpn -> entryLo (replacing any), in its record and the STLB. */
  addBinding(env: Environment, vpn: number, entryLo: number): void {
    if (env.bindings.has(vpn)) this.removeBinding(env, vpn);
    env.bindings.set(vpn, entryLo);
    this.stlb.insert(env.asid, vpn, entryLo);
    const frame = entryLo >>> 12;
    let users = this.frameBindings.get(frame);
    if (!users) this.frameBindings.set(frame, (users = new Set()));
    users.add(`${env.id}:${vpn}`);
  }

  removeBinding(env: Environment, vpn: number): boolean {
    const lo = env.bindings.get(vpn);
    if (lo === undefined) return false;
    env.bindings.delete(vpn);
    this.stlb.remove(env.asid, vpn);
    // Invalidating the TLB entry (tlbp, tlbwi), as the baseline's mprotect pays per page.
    this.machine.cpu.charge(COSTS.tlbWrite);
    breakPage(this.machine.cpu, vpn, env.asid);
    this.frameBindings.get(lo >>> 12)?.delete(`${env.id}:${vpn}`);
    return true;
  }

  /** Breaks every binding that maps `frame`, in every environment, the STLB and the TLB. */
  breakBindingsOf(frame: number): void {
    for (const key of [...(this.frameBindings.get(frame) ?? [])]) {
      const [envId, vpn] = key.split(':').map(Number);
      const env = this.envs.get(envId);
      if (env) this.removeBinding(env, vpn);
    }
    this.frameBindings.delete(frame);
    this.stlb.removeFrame(frame);
    breakFrame(this.machine.cpu, frame);
  }

  // ---- the trap hook ----

  trap(cpu: Cpu): void {
    this.slices.enterTrap();
    this.dispatch(cpu);
    this.slices.leaveTrap();
  }

  /** Handles one exception; the slice moves it asks for are settled when trap() returns. */
  private dispatch(cpu: Cpu): void {
    cpu.charge(COSTS.trapEntryExit);
    const env = this.current;
    const code = (cpu.cause >>> 2) & 31;
    if (code === 0 && (cpu.readCause() & NET_INTERRUPT) !== 0) this.net.onInterrupt();
    if (env === null) {
      // Nothing to run: an interrupt while idle, or a bug.
      this.resume(cpu, cpu.epc);
      if (code !== 0) cpu.requestStop(STOP_HALT);
      return;
    }
    if (code === 0) {
      this.resume(cpu, cpu.epc);
      return;
    }
    if ((code === EXC_TLBL || code === EXC_TLBS) && cpu.badVAddr >= 0) {
      this.tlbMiss(cpu, env, code === EXC_TLBS);
      return;
    }
    if (code === EXC_SYS) {
      this.syscall(cpu, env);
      return;
    }
    this.deliverException(cpu, env, code);
  }

  /** Returns from the kernel to user code at `pc` (pops the KU/IE stack, as rfe does). */
  resume(cpu: Cpu, pc: number): void {
    cpu.status = (cpu.status & ~0xf) | ((cpu.status >> 2) & 0xf);
    cpu.pc = pc;
    cpu.npc = (pc + 4) | 0;
    cpu.inDelaySlot = false;
    cpu.llBit = false;
  }

  /** The address after the instruction at EPC (emulating the branch when it sat in a slot). */
  private afterFaultingInstruction(cpu: Cpu, env: Environment): number {
    if (cpu.cause >= 0) return (cpu.epc + 4) | 0;
    const branch = readEnvWord(this.machine.memory, env, cpu.epc) ?? 0;
    return addressAfterDelaySlot(branch, cpu.epc, cpu.regs, cpu.fpu);
  }

  private tlbMiss(cpu: Cpu, env: Environment, write: boolean): void {
    const vaddr = cpu.badVAddr;
    const vpn = vaddr >>> 12;
    cpu.charge(COSTS.stlbProbe);
    const cached = this.stlb.probe(env.asid, vpn);
    if (cached !== 0) {
      cpu.charge(COSTS.tlbWrite);
      refillTlb(cpu, vaddr, env.asid, cached);
      this.resume(cpu, cpu.epc);
      return;
    }
    const libos = env.libos;
    if (libos?.pageFault) {
      cpu.charge(COSTS.upcall + COSTS.libosHandler);
      this.upcalls++;
      const epc = cpu.epc;
      const cause = cpu.cause;
      libos.pageFault(this.calls.apiFor(env), vaddr, write);
      if (env.state !== 'runnable' || this.current !== env) return;
      const lo = env.bindings.get(vpn);
      if (lo !== undefined && (lo & ENTRYLO_V) !== 0) {
        // The handler bound the page: refill now rather than take the miss again.
        cpu.charge(COSTS.tlbWrite);
        refillTlb(cpu, vaddr, env.asid, lo);
        this.resume(cpu, epc);
        return;
      }
      cpu.cause = cause;
      cpu.epc = epc;
    }
    this.deliverException(cpu, env, write ? EXC_TLBS : EXC_TLBL);
  }

  private syscall(cpu: Cpu, env: Environment): void {
    const number = cpu.regs[2];
    if (this.calls.isKernelCall(number)) {
      cpu.charge(COSTS.callDispatch);
      const next = this.afterFaultingInstruction(cpu, env);
      const result = this.calls.fromMips(env, cpu.regs);
      if (env.state !== 'runnable' || this.current !== env) return;
      cpu.regs[2] = result.value;
      cpu.regs[3] = result.error;
      this.resume(cpu, next);
      return;
    }
    const libos = env.libos;
    if (libos?.syscall) {
      cpu.charge(COSTS.upcall + COSTS.libosHandler);
      this.upcalls++;
      const epc = cpu.epc;
      const next = this.afterFaultingInstruction(cpu, env);
      const outcome = libos.syscall(this.calls.apiFor(env), number);
      if (env.state !== 'runnable' || this.current !== env) return;
      if (outcome === 'done') {
        this.resume(cpu, next);
        return;
      }
      if (outcome === 'retry') {
        this.resume(cpu, epc);
        return;
      }
      if (outcome === 'block') {
        this.resume(cpu, epc);
        cpu.requestStop(STOP_BLOCKED);
        return;
      }
    }
    this.deliverException(cpu, env, EXC_SYS);
  }

  /**
   * Aegis's dispatch: EPC, Cause and BadVAddr and the caller's $at, $a0..$a2 go to the save
   * area; $a0 = Cause, $a1 = BadVAddr, $a2 = EPC; the handler runs in user mode and resumes the
   * program itself (no kernel call). Without a handler the environment is aborted.
   */
  deliverException(cpu: Cpu, env: Environment, code: number): void {
    const epc = cpu.epc;
    if (env.exceptionPc !== 0) {
      const mem = this.machine.memory;
      const r = cpu.regs;
      const words = [epc, cpu.readCause(), cpu.badVAddr, r[1], r[4], r[5], r[6]];
      const saved = words.every((w, i) => writeEnvWord(mem, env, env.saveArea + 4 * i, w));
      cpu.charge(COSTS.upcall + words.length * COSTS.wordAccess);
      this.upcalls++;
      if (saved) {
        r[4] = cpu.readCause();
        r[5] = cpu.badVAddr;
        r[6] = epc;
        this.resume(cpu, env.exceptionPc);
        this.event('exception', env.id, `${exceptionLabel(code)} at 0x${hex(epc)} to handler`);
        return;
      }
      this.endEnv(
        env,
        'aborted',
        `exception save area 0x${hex(env.saveArea)} is not mapped writable`,
      );
      this.resume(cpu, cpu.pc);
      return;
    }
    const libos = env.libos;
    if (libos?.exception) {
      cpu.charge(COSTS.upcall + COSTS.libosHandler);
      this.upcalls++;
      const next = this.afterFaultingInstruction(cpu, env);
      const verdict = libos.exception(this.calls.apiFor(env), code, epc, cpu.badVAddr);
      if (env.state !== 'runnable' || this.current !== env) return;
      if (verdict === 'resume') {
        this.resume(cpu, next);
        return;
      }
      if (verdict === 'retry') {
        this.resume(cpu, epc);
        return;
      }
      if (typeof verdict === 'object') {
        this.resume(cpu, verdict.jump);
        return;
      }
    }
    const where =
      code === EXC_TLBL || code === EXC_TLBS || code === EXC_MOD
        ? ` (address 0x${hex(cpu.badVAddr)})`
        : '';
    this.endEnv(env, 'aborted', `${exceptionLabel(code)} at pc 0x${hex(epc)}${where}, no handler`);
    if (this.current !== null) return;
    this.resume(cpu, cpu.pc);
  }

  /**
   * Visible revocation (revoke.ts): asks `env` to give back frames by a deadline, then records
   * compliance or runs the abort protocol. Call between runs, not from a trap.
   */
  revoke(env: Environment, request: RevokeRequest): ReturnType<Revoker['revoke']> {
    return this.revoker.revoke(env, request);
  }

  /** Runs the machine; returns why it stopped. */
  run(maxCycles: number) {
    return this.machine.run(maxCycles);
  }

  /** Convenience for tests and the REPL: a frame and its capability for `env`, or an error. */
  frameFor(envId: number): CallResult {
    const env = this.liveEnv(envId);
    if (!env) return fail(E_NOENV);
    const got = this.allocFrame(env);
    return got ? ok(got.index) : fail(E_NOMEM);
  }
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

function exceptionLabel(code: number): string {
  return `${exceptionName(code)} (${code})`;
}
