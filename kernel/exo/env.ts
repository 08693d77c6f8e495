/**
 * An environment: the exokernel's unit of protection (EXOKERNEL.md, "Environment"). It holds
 * an ASID, the secure bindings it has installed, and four contexts:
 *
 *   exception   a handler PC in the environment and a save area the application can read
 *               (Aegis: exceptions go straight to it, in user mode)
 *   interrupt   start-of-slice and end-of-slice entry points
 *   protected   synchronous and asynchronous PCT entry points
 *   addressing  the ASID and the guaranteed mappings (bindings never repossessed)
 *
 * A library OS written in TypeScript may stand in for any handler (its `libos` hooks); the
 * kernel upcalls it with an EnvApi that reaches the machine only through kernel calls and the
 * memory the environment maps.
 */
import type { Capability } from '../caps/index.ts';
import type { CallResult } from './errors.ts';
import type { RevokeApi, RevokeNotice } from './revoke.ts';

export type EnvState = 'runnable' | 'exited' | 'aborted';

/** The registers of an environment that is not on the CPU. */
export interface SavedContext {
  regs: Int32Array;
  hi: number;
  lo: number;
  pc: number;
  /** The floating-point registers and FCSR (each environment has its own FPU state). */
  fpr: Int32Array;
  fcsr: number;
}

/** What a TypeScript library-OS handler may do: kernel calls, its memory, its registers. */
export interface EnvApi {
  readonly env: number;
  /** A kernel call by name, with the same checks and errors as from MIPS code. */
  call(name: string, ...args: (number | Capability)[]): CallResult & { cap?: Capability };
  /** The environment's registers (live while it is the one running). */
  readonly regs: Int32Array;
  /** Its floating-point registers as singles and doubles (the FPU's; not saved on a switch). */
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  /** A word of the environment's memory through its bindings; null if not mapped. */
  readWord(vaddr: number): number | null;
  writeWord(vaddr: number, value: number): boolean;
  readBytes(vaddr: number, length: number): Uint8Array | null;
  writeBytes(vaddr: number, bytes: Uint8Array): boolean;
}

/** Library-OS code in TypeScript that stands in for an environment's handlers. */
export interface LibOsHooks {
  /** A TLB miss the STLB could not answer: install a binding (or not: then it is a fault). */
  pageFault?(api: EnvApi, vaddr: number, write: boolean): void;
  /**
   * `syscall` that is not a kernel call (SPIM's console calls, Linux o32 numbers). 'done'
   * continues after it; 'block' stops the machine until console input arrives; 'retry' runs the
   * `syscall` again when the environment next runs (a library OS that waits on another
   * environment gives its slice away with `yield` first); 'unknown' is an exception.
   */
  syscall?(api: EnvApi, number: number): 'done' | 'block' | 'retry' | 'unknown';
  /**
   * Any other exception. 'resume' continues after the faulting instruction, 'retry' runs it
   * again (the handler repaired the cause), 'kill' aborts the environment, { jump } continues
   * in user mode at that PC (an upcall into the program's own handler, registers set up).
   */
  exception?(
    api: EnvApi,
    code: number,
    epc: number,
    badVAddr: number,
  ): 'resume' | 'retry' | 'kill' | { jump: number };
  /** End of a slice: save what must be saved within `deadline` cycles (slices.ts). */
  endOfSlice?(api: EnvApi, deadline: number): void;
  /** Start of a slice of `length` cycles, after the switch to this environment. */
  startOfSlice?(api: EnvApi, length: number): void;
  /** The kernel asks for frames back by a deadline (revoke.ts): choose, clean and free them. */
  revoke?(api: RevokeApi, notice: RevokeNotice): void;
  /**
   * True when a protected control transfer in a mode the environment has no MIPS entry point
   * for resumes it where it was: the library OS's entry is a stub that reloads the registers
   * (which a TypeScript library OS leaves with the kernel, as at a slice switch) and returns,
   * charged as those loads. ExOS uses it for a directed hand-off: a pipe call that must wait
   * transfers the rest of its slice to the environment it waits for.
   */
  readonly resumeOnTransfer?: boolean;
  /** The abort protocol took `frames` (also in the repossession vector): repair your tables. */
  repossessed?(api: EnvApi, frames: readonly number[]): void;
}

export class Environment {
  state: EnvState = 'runnable';
  exitCode: number | null = null;
  /** Why the environment was aborted, for the log and the inspector. */
  abortReason = '';
  /** Exception context: handler PC (0 = none) and the save area's virtual address. */
  exceptionPc = 0;
  saveArea = 0;
  /** Interrupt context. */
  startSlicePc = 0;
  endSlicePc = 0;
  /** Protected-entry context. */
  syncEntryPc = 0;
  asyncEntryPc = 0;
  /** Secure bindings this environment installed: VPN -> EntryLo (PFN | D | V). */
  readonly bindings = new Map<number, number>();
  /** VPNs whose bindings are guaranteed (never repossessed). */
  readonly guaranteed = new Set<number>();
  /** Frames marked with frame_guarantee: frame -> its epoch then (revoke.ts). */
  readonly guaranteedFrames = new Map<number, number>();
  /** Frames taken from it by the abort protocol, most recent last. */
  readonly repossessed: number[] = [];
  /** Registers while not on the CPU. */
  readonly context: SavedContext = {
    regs: new Int32Array(32),
    hi: 0,
    lo: 0,
    pc: 0,
    fpr: new Int32Array(32),
    fcsr: 0,
  };
  libos: LibOsHooks | null = null;

  constructor(
    readonly id: number,
    readonly asid: number,
    readonly name: string,
  ) {}
}
