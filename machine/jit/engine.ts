/**
 * The second execution tier: a dispatcher that runs compiled blocks where it can and the
 * interpreter everywhere else, spending exactly the cycles the interpreter alone would.
 *
 * Exact timing: the CPU's budget for a run is the number of cycles to the next clock event.
 * A block runs only when the budget left covers its longest pass (and it loops only while the
 * budget covers another pass); otherwise the interpreter steps the remainder, one instruction
 * at a time as it always does. The interpreter checks nothing inside a run but the budget, so
 * the same instructions retire before every event and interrupts land where they would.
 *
 * The dispatcher does between blocks what the interpreter does between instructions: hand a
 * pending exception to the kernel's trapHook (with the clock current), add the cycles it
 * charged, honour a stop it requested, and end the slice when a device was touched.
 *
 * Cold code is interpreted up to its next branch (Cpu.interpret with untilBranch), and each
 * entry point counts its visits; at `hotThreshold` visits it is compiled. Breakpoints and
 * single steps never get here with breakpoints set (Cpu.run interprets them).
 *
 * Code changes: a CPU store into a frame with blocks takes the slow path (the MMU gives such
 * frames no write slots) and the bus reports it, dropping the blocks it overlaps. Host code
 * that writes RAM directly (TypeScript kernels in trapHook/syscallHook, DMA between slices)
 * bumps the memory epoch; a block is compared with RAM before its first run in a new epoch.
 */
import { accumulate64, countLeadingOnes, mulHighSigned, mulHighUnsigned } from '../arith.ts';
import { STALL_CYCLES } from '../clock.ts';
import { executeCop0, readCop0 } from '../cop0-ops.ts';
import type { BlockEngine, Cpu } from '../cpu.ts';
import { accessSlow } from '../cpu-memory.ts';
import { STOP_NONE, STOP_YIELD } from '../cpu-state.ts';
import { CACHE_MASK } from '../mmu.ts';
import { type Block, BlockTable, blockKey, matchesMemory } from './blocks.ts';
import { compileBlock, FACTORY_PARAMS } from './compile.ts';
import { EXIT_EXCEPTION, EXIT_RELOAD } from './emit.ts';
import { factoryFor } from './factory-cache.ts';

export interface JitOptions {
  /** Visits to an entry point before it is compiled. Default 8. */
  hotThreshold?: number;
}

export interface JitStats {
  /** Blocks compiled since reset. */
  blocksCompiled: number;
  /** Blocks dropped because their code was overwritten or changed. */
  invalidations: number;
  /** Instructions retired inside compiled blocks. */
  compiledInstructions: number;
  /** Blocks currently held. */
  liveBlocks: number;
}

/** Size (a power of two) of the direct-mapped table of recently run blocks, minus one. */
const RECENT_MASK = 4095;

/** A visit count that marks an entry point that cannot be compiled. */
const NEVER = -0x40000000;

export class JitEngine implements BlockEngine {
  /** Set by a block on return: EXIT_NORMAL or EXIT_EXCEPTION. */
  exitKind = 0;
  /** Set when a store dropped compiled code; a running block leaves after that store. */
  codeWritten = false;
  readonly blocks: BlockTable;
  private readonly hot = new Map<number, number>();
  /** Recently run blocks by a hash of their entry, in front of the block table's map. */
  private readonly recent: (Block | undefined)[] = new Array(RECENT_MASK + 1).fill(undefined);
  private readonly hotThreshold: number;
  /** Bumped whenever host code may have written RAM; blocks re-check their code once per epoch. */
  private epoch = 0;
  private seenHostCalls = -1;
  private compiled = 0;
  private inBlocks = 0;

  constructor(
    private readonly cpu: Cpu,
    options: JitOptions = {},
  ) {
    this.hotThreshold = Math.max(1, options.hotThreshold ?? 8);
    this.blocks = new BlockTable(cpu.memory.frames);
    cpu.mmu.codePages = this.blocks.codePages;
    cpu.bus.codePages = this.blocks.codePages;
    cpu.bus.codeWritten = (paddr, width) => {
      if (this.blocks.overwritten(paddr, width) > 0) this.codeWritten = true;
    };
  }

  stats(): JitStats {
    return {
      blocksCompiled: this.compiled,
      invalidations: this.blocks.invalidations,
      compiledInstructions: this.inBlocks,
      liveBlocks: this.blocks.size,
    };
  }

  flush(): void {
    this.blocks.clear();
    this.recent.fill(undefined);
    this.hot.clear();
    this.epoch++;
  }

  run(budget: number): number {
    const cpu = this.cpu;
    const clock = cpu.clock;
    const bus = cpu.bus;
    const mmu = cpu.mmu;
    const mem32 = cpu.memory.i32;
    const stall = STALL_CYCLES.exception;
    const start = clock.cycles;
    let c = 0;
    cpu.stopReason = STOP_NONE;
    bus.touchedDevice = false;
    this.epoch++;

    while (c < budget) {
      // What the interpreter does at the top of its outer loop.
      if (cpu.trapPending) {
        cpu.trapPending = false;
        clock.cycles = start + c;
        cpu.hostCalls++;
        cpu.trapHook!.trap(cpu);
        // As the interpreter does: stop where an event the kernel scheduled falls due.
        const due = clock.nextEventAt() - start;
        if (due < budget) budget = Math.max(c, due);
      }
      if (cpu.charged !== 0) {
        c += cpu.charged;
        cpu.charged = 0;
      }

      if (cpu.stopRequest !== STOP_NONE) {
        cpu.stopReason = cpu.stopRequest;
        cpu.stopRequest = STOP_NONE;
        break;
      }
      if (c >= budget) break;
      if (cpu.hostCalls !== this.seenHostCalls) {
        this.seenHostCalls = cpu.hostCalls;
        this.epoch++;
      }

      const pc = cpu.pc;
      if (!cpu.inDelaySlot && (pc & 3) === 0) {
        const table = cpu.userMode ? 3 : 0;
        const vpn = pc >>> 12;
        const slot = vpn & CACHE_MASK;
        if (mmu.tags[table + 2][slot] === vpn) {
          const ppc = mmu.bases[table + 2][slot] | (pc & 4095);
          const user = table === 3;
          const key = blockKey(ppc, user);
          const line = ((ppc >>> 2) ^ (user ? RECENT_MASK + 1 : 0)) & RECENT_MASK;
          let block = this.recent[line];
          if (block === undefined || block.ppc !== ppc || block.user !== user || !block.live) {
            block = this.blocks.get(key);
            if (block !== undefined) this.recent[line] = block;
          }
          if (block !== undefined && block.vpc !== pc) block = undefined;
          if (block !== undefined && block.checked !== this.epoch) {
            if (matchesMemory(block, mem32)) block.checked = this.epoch;
            else {
              this.blocks.remove(block);
              this.blocks.invalidations++;
              block = undefined;
            }
          }
          if (block === undefined) {
            const visits = (this.hot.get(key) ?? 0) + 1;
            this.hot.set(key, visits);
            if (visits >= this.hotThreshold) block = this.compile(pc, ppc, user, key);
          }
          if (block !== undefined && block.maxLen <= budget - c) {
            this.codeWritten = false;
            const n = block.fn(budget - c, start + c);
            c += n;
            if (this.exitKind === EXIT_EXCEPTION) {
              c += stall - 1;
              this.inBlocks += n - 1;
            } else {
              this.inBlocks += n;
            }
            if (bus.touchedDevice) break;
            // After a mode, TLB or interrupt-state change the interpreter ends the slice if
            // an interrupt is now pending; so does this.
            if (this.exitKind === EXIT_RELOAD && cpu.interruptPending()) {
              cpu.stopReason = STOP_YIELD;
              break;
            }
            continue;
          }
        }
      }
      // No block here (or it does not fit the budget): interpret up to the next branch.
      clock.cycles = start + c;
      c += cpu.interpret(budget - c, true);
      // The interpreter stopped early for an event a trap scheduled: so does this run.
      if (cpu.cutAt - start < budget) budget = Math.max(c, cpu.cutAt - start);
      if (cpu.stopReason !== STOP_NONE) {
        cpu.regs[0] = 0;
        return c;
      }
    }
    cpu.regs[0] = 0;
    clock.cycles = start + c;
    if (cpu.stopReason === STOP_NONE && bus.touchedDevice) cpu.stopReason = STOP_YIELD;
    return c;
  }

  /** Compiles the block entered at `pc` (physical `ppc`), or marks the entry as not compilable. */
  private compile(pc: number, ppc: number, user: boolean, key: number): Block | undefined {
    const cpu = this.cpu;
    const frame = ppc >>> 12;
    const mem = cpu.memory;
    const compiled = this.blocks.unstable(frame)
      ? null
      : compileBlock(pc, mem.i32.subarray(ppc >>> 2, (ppc - (ppc & 4095) + 4096) >>> 2), user);
    if (compiled === null) {
      this.hot.set(key, NEVER);
      return undefined;
    }
    const mmu = cpu.mmu;
    const table = user ? 3 : 0;
    const factory = factoryFor(FACTORY_PARAMS, compiled.source);
    const fn = factory(
      cpu,
      cpu.regs,
      mem.i8,
      mem.u8,
      mem.i16,
      mem.u16,
      mem.i32,
      mmu.tags[table],
      mmu.bases[table],
      mmu.tags[table + 1],
      mmu.bases[table + 1],
      cpu.clock,
      cpu.bus,
      this,
      accessSlow,
      mulHighSigned,
      mulHighUnsigned,
      countLeadingOnes,
      accumulate64,
      readCop0,
      executeCop0,
    );
    const block: Block = {
      fn,
      vpc: pc,
      ppc,
      user,
      code: mem.i32.slice(ppc >>> 2, (ppc >>> 2) + compiled.words),
      maxLen: compiled.maxLen,
      checked: this.epoch,
      live: true,
    };
    if (this.blocks.add(block)) mmu.dropWriteSlots(frame << 12);
    this.hot.delete(key);
    this.compiled++;
    return block;
  }
}
