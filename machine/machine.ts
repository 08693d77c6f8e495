/**
 * The whole machine: RAM, bus, MMU, CPU with its FPU, the clock, the interrupt lines and the
 * devices, plus the main loop that runs the CPU to the next clock event, fires due events and
 * samples interrupts (System/161's shape). Time jumps ahead while the CPU idles in `wait`.
 *
 * A Machine is pure: its only inputs are the program, the console input the host feeds, the
 * disk image, the network script and the seed; its only outputs go through the console host.
 * The same inputs give the same trace, cycle for cycle.
 */
import { Bus } from './bus.ts';
import { Clock } from './clock.ts';
import { STATUS_CU0, STATUS_CU1 } from './cp0.ts';
import { Cpu } from './cpu.ts';
import { STOP_BLOCKED, STOP_BREAKPOINT, STOP_HALT, STOP_NONE, STOP_WAIT } from './cpu-state.ts';
import { type Device, type DeviceContext, InterruptLines } from './device.ts';
import { CONSOLE_BASE } from './devices/addresses.ts';
import { ConsoleDevice, type ConsoleHost } from './devices/console.ts';
import { DiskDevice } from './devices/disk.ts';
import { type DiskStore, sparseStore } from './devices/disk-store.ts';
import { NetDevice, type NetHost, type NetSource } from './devices/net.ts';
import { CountCompareTimer } from './devices/timer.ts';
import { DEFAULT_ENGINE, type Engine } from './engine-choice.ts';
import { Fpu } from './fpu.ts';
import { JitEngine, type JitOptions, type JitStats } from './jit/engine.ts';
import { PhysicalMemory } from './memory.ts';
import { Mmu } from './mmu.ts';

export const DEFAULT_MEMORY_BYTES = 16 * 1024 * 1024;

export { DEFAULT_ENGINE, ENGINES, type Engine } from './engine-choice.ts';
/** Longest stretch the main loop hands the CPU at once, so hosts can interleave other work. */
export const MAX_SLICE_CYCLES = 1 << 20;

export interface MachineOptions {
  /** RAM in bytes (a multiple of 4 KiB). Default 16 MiB. */
  memoryBytes?: number;
  /** Seed for everything random in the machine and what runs on it. Default 1. */
  seed?: number;
  /** Where console output goes. Default: kept only in the console's transcript. */
  consoleHost?: ConsoleHost;
  /** Backing store of the disk. Default: an empty 16 MiB sparse disk. */
  disk?: DiskStore;
  /** Scripted network traffic arriving at the network interface. Default: none. */
  network?: NetSource;
  /** Where frames the machine transmits go. Default: dropped. */
  networkHost?: NetHost;
  /** Alias SPIM's console registers at 0xffff0000, reachable from user mode (bare mode). */
  spimConsoleWindow?: boolean;
  /** Execution engine. Both give the same results cycle for cycle. Default DEFAULT_ENGINE. */
  engine?: Engine;
  /** Tuning of the block compiler (engine 'jit'). */
  jit?: JitOptions;
}

/** Why Machine.run returned. */
export type StopReason =
  | 'budget' // the cycle budget was spent
  | 'halted' // the program exited
  | 'blocked' // a host call waits for input
  | 'breakpoint' // about to execute a breakpoint address
  | 'idle'; // `wait` with no event that could ever wake the CPU

export interface RunResult {
  reason: StopReason;
  cycles: number;
}

/** The RunResult reason for a CPU stop code; 'budget' when it is not a stop. */
function stopReasonOf(stop: number): StopReason {
  if (stop === STOP_HALT) return 'halted';
  if (stop === STOP_BLOCKED) return 'blocked';
  if (stop === STOP_BREAKPOINT) return 'breakpoint';
  return 'budget';
}

export class Machine {
  readonly seed: number;
  readonly memory: PhysicalMemory;
  readonly clock = new Clock();
  readonly irq = new InterruptLines();
  readonly bus: Bus;
  readonly mmu: Mmu;
  readonly fpu = new Fpu();
  readonly timer: CountCompareTimer;
  readonly console: ConsoleDevice;
  readonly disk: DiskDevice;
  readonly net: NetDevice;
  readonly cpu: Cpu;
  readonly engine: Engine;
  /** The block compiler, when engine is 'jit'. */
  readonly jit: JitEngine | null;
  /** Set by a host (Ctrl-C) to make run() return at the next slice boundary. */
  stopRequested = false;

  constructor(options: MachineOptions = {}) {
    this.seed = options.seed ?? 1;
    this.memory = new PhysicalMemory(options.memoryBytes ?? DEFAULT_MEMORY_BYTES);
    this.bus = new Bus(this.memory);
    this.mmu = new Mmu(this.memory.size);
    const ctx: DeviceContext = { clock: this.clock, irq: this.irq, memory: this.memory };
    this.timer = new CountCompareTimer(ctx);
    this.console = new ConsoleDevice(ctx, options.consoleHost ?? { write() {} });
    this.disk = new DiskDevice(ctx, options.disk ?? sparseStore(32768));
    this.net = new NetDevice(ctx, options.network ?? [], options.networkHost);
    this.bus.attach(this.console);
    this.bus.attach(this.disk);
    this.bus.attach(this.net);
    if (options.spimConsoleWindow) this.mmu.spimConsolePhys = CONSOLE_BASE;
    this.cpu = new Cpu(this.memory, this.bus, this.mmu, this.fpu, this.clock, this.irq, this.timer);
    this.engine = options.engine ?? DEFAULT_ENGINE;
    this.jit = this.engine === 'jit' ? new JitEngine(this.cpu, options.jit) : null;
    this.cpu.jit = this.jit;
    this.reset(0xbfc00000 | 0);
  }

  /** Cold reset: CPU in kernel mode at `pc` with coprocessors 0 and 1 usable; devices idle. */
  reset(pc: number): void {
    this.clock.clear();
    this.clock.cycles = 0;
    this.irq.pending = 0;
    this.cpu.reset(pc);
    this.cpu.status = STATUS_CU0 | STATUS_CU1;
    this.fpu.reset();
    this.mmu.tlb.reset();
    this.mmu.flushAll();
    for (const d of this.devices()) d.reset();
  }

  /** Every device, in the order snapshots save them. */
  devices(): Device[] {
    return [this.timer, this.console, this.disk, this.net];
  }

  /** Block compiler statistics, or null under the interpreter. */
  jitStats(): JitStats | null {
    return this.jit?.stats() ?? null;
  }

  /** Instructions retired since reset. */
  get retired(): number {
    return this.clock.cycles - this.cpu.stallCycles;
  }

  /**
   * Runs for at most `maxCycles` cycles (or until something stops it) and says why it stopped.
   * Slices never exceed MAX_SLICE_CYCLES, so stopRequested is honoured promptly.
   */
  run(maxCycles: number): RunResult {
    const clock = this.clock;
    const cpu = this.cpu;
    const startCycles = clock.cycles;
    const end = startCycles + maxCycles;
    this.stopRequested = false;
    let reason: StopReason = 'budget';
    while (clock.cycles < end && !this.stopRequested) {
      const requested = cpu.settleTrap();
      if (requested !== STOP_NONE) {
        reason = stopReasonOf(requested);
        break;
      }
      clock.fireDue();
      cpu.checkInterrupts();
      const slice =
        Math.min(end, clock.nextEventAt(), clock.cycles + MAX_SLICE_CYCLES) - clock.cycles;
      if (slice > 0) cpu.run(slice);
      else cpu.stopReason = STOP_NONE;
      const stop = cpu.stopReason;
      if (stop === STOP_WAIT) {
        if (!this.idleUntilEvent(end)) reason = 'idle';
      } else {
        reason = stopReasonOf(stop);
      }
      if (reason !== 'budget') break;
    }
    return { reason, cycles: clock.cycles - startCycles };
  }

  /** Executes exactly one instruction (or takes one exception); returns why it stopped. */
  step(): RunResult {
    const before = this.clock.cycles;
    const breakpoints = this.cpu.breakpoints;
    this.cpu.breakpoints = null;
    this.clock.fireDue();
    const result = this.cpu.checkInterrupts() ? null : this.run(1);
    this.cpu.breakpoints = breakpoints;
    return result ?? { reason: 'budget', cycles: this.clock.cycles - before };
  }

  /**
   * `wait`: advances time to the next clock event (the idle cycles are stalls, not retired
   * instructions). Returns false when no event is pending, so nothing could ever wake the CPU.
   */
  private idleUntilEvent(end: number): boolean {
    const next = this.clock.nextEventAt();
    if (next === Number.POSITIVE_INFINITY) return false;
    const target = Math.min(next, end);
    const idle = Math.max(0, target - this.clock.cycles);
    this.clock.cycles += idle;
    this.cpu.stallCycles += idle;
    return true;
  }
}
