/**
 * ExOS: the first library OS, in TypeScript, one per environment. It stands in for the
 * environment's handlers (LibOsHooks) and reaches the machine only through its EnvApi:
 *
 *   page fault  demand-zero paging from its own page table (vm.ts)
 *   syscall     SPIM/MARS console calls and Linux o32 calls, the same code bare mode runs
 *               (kernel/spim/spim-calls.ts), over cons_write / cons_read / env_exit (spim-port.ts)
 *   exception   SPIM's default handler: the same stdout and stderr lines, then resume after the
 *               faulting instruction (a bad address is SPIM's "Bad data address"); first
 *               stores to clean pages (the software dirty bit) and swap-ins are retried
 *   slices      an end-of-slice handler with nothing to save (the kernel keeps the registers)
 *   revoke      the default revocation policy: clean pages first, dirty ones written to
 *               disk (revoke.ts)
 */
import { EXC_MOD, EXC_SYS, EXC_TLBL, EXC_TLBS } from '../../machine/cp0.ts';
import { SYSCALL_BLOCK, SYSCALL_EXCEPTION } from '../../machine/cpu-state.ts';
import type { EnvApi, LibOsHooks } from '../exo/env.ts';
import type { RevokeApi, RevokeNotice } from '../exo/revoke.ts';
import {
  describeSpimException,
  SPIM_EXC_DBE,
  SPIM_EXC_IBE,
  spimExceptionPrefix,
  spimIgnoredLine,
} from '../spim/exceptions.ts';
import {
  SpimCalls,
  type SpimDiagnostics,
  type SpimExceptionState,
  type SpimFileHost,
  unknownSyscallMessage,
} from '../spim/spim-calls.ts';
import { ExosAppelLi } from './appel-li.ts';
import { ExosProcesses, type ExosProcessHost, type ForkChild } from './fork.ts';
import { ExosIpc } from './ipc/calls.ts';
import { IpcHub } from './ipc/hub.ts';
import type { PagingChooser } from './paging.ts';
import { releasePages } from './revoke.ts';
import { ExosSpimPort } from './spim-port.ts';
import { ExosVm } from './vm.ts';
import { ExosVmCalls } from './vm-calls.ts';

export interface ExosOptions {
  /** Files for SPIM's syscalls 13–16. Default: none (open fails). */
  files?: SpimFileHost | null;
  /** Where diagnostics go (the host's stderr). Default: dropped. */
  diagnostics?: SpimDiagnostics;
  /** Emulated milliseconds since the machine started (MARS's time call). Default: 0. */
  milliseconds?: () => number;
  /** Seed for MARS's random generators. Default 1. */
  seed?: number;
  /**
   * Paging when frames run out, by this policy (POLICY_FIFO, POLICY_MRU in
   * kernel/abi/vm-abi.ts, or a TypeScript function naming the victim, paging.ts; a program
   * may choose with vm_policy). Default: none, and running out of frames ends the program.
   */
  paging?: number | PagingChooser;
  /** Lets fork give a child environment its own ExOS (load.ts supplies it). Default: no fork. */
  processes?: ExosProcessHost;
  /** The IPC rendezvous shared by the ExOS environments of this machine (ipc/hub.ts). */
  ipc?: IpcHub;
}

const OUT_OF_MEMORY = 'exolab: out of physical memory (try --memory with a larger size)\n';

export class ExOs implements LibOsHooks {
  readonly vm: ExosVm;
  readonly spim: SpimCalls;
  private readonly port: ExosSpimPort;
  /** The Appel–Li primitives, processes and the calls that reach them (vm-calls.ts). */
  readonly appelLi: ExosAppelLi;
  readonly processes: ExosProcesses;
  private readonly vmCalls: ExosVmCalls;
  /** Pipes, shared pages, LRPC names, UDP and the stride scheduler (ipc/abi.ts). */
  readonly ipc: ExosIpc;
  /**
   * A protected control transfer with no MIPS entry point set resumes the environment where
   * it was: ExOS's directed hand-off (ipc/calls.ts), typically back into a pipe call that was
   * waiting for the caller and now runs again.
   */
  readonly resumeOnTransfer = true;
  private readonly options: ExosOptions;
  private readonly diagnostics: SpimDiagnostics;
  private lastException: SpimExceptionState = { code: 0, epc: 0, badVAddr: 0 };
  /** The call number of an unknown syscall, reported when its exception arrives. */
  private unknownCall: number | null = null;

  constructor(
    readonly api: EnvApi,
    options: ExosOptions = {},
  ) {
    this.diagnostics = options.diagnostics ?? { write() {} };
    this.vm = new ExosVm(api, () => {
      this.port.output(OUT_OF_MEMORY);
      this.exit(1);
    });
    const milliseconds = options.milliseconds ?? (() => 0);
    this.port = new ExosSpimPort(api, this.vm, {
      files: options.files ?? null,
      diagnostics: this.diagnostics,
      milliseconds,
      seed: options.seed ?? 1,
      exit: (code) => this.exit(code),
      unknownSyscall: (code) => {
        this.unknownCall = code;
      },
      exceptionState: () => this.lastException,
    });
    this.spim = new SpimCalls(this.port);
    this.options = options;
    this.appelLi = new ExosAppelLi(api, this.vm);
    this.processes = new ExosProcesses(api, this.vm, options.processes ?? null, (childApi) =>
      this.forkChild(childApi),
    );
    this.vmCalls = new ExosVmCalls(api, this.vm, this.appelLi, this.processes);
    if (options.paging !== undefined) this.vmCalls.setPolicy(options.paging);
    this.ipc = this.ipcFor(api, options.ipc ?? new IpcHub());
  }

  private ipcFor(api: EnvApi, hub: IpcHub): ExosIpc {
    hub.apis.set(api.env, api);
    return new ExosIpc(
      api,
      {
        readBytes: (vaddr, len) => this.vm.readBytes(vaddr, len),
        writeBytes: (vaddr, bytes) => this.vm.writeBytes(vaddr, bytes),
        isMapped: (vaddr) => this.vm.pages.lookup(vaddr) !== undefined,
      },
      hub,
    );
  }

  /** The library OS of a forked child: the same configuration, trap handler and policy. */
  private forkChild(childApi: EnvApi): ForkChild {
    const child = new ExOs(childApi, this.options);
    child.appelLi.handler = this.appelLi.handler;
    if (this.vm.pager !== null) child.vmCalls.setPolicy(this.vm.pager.policy);
    return { api: childApi, libos: child, vm: child.vm, processes: child.processes };
  }

  /** Ends the environment; the kernel takes back its frames and bindings. */
  exit(code: number): void {
    this.ipc.exiting();
    this.api.call('env_exit', code);
  }

  pageFault(_api: EnvApi, vaddr: number, _write: boolean): void {
    this.vm.fault(vaddr);
  }

  /**
   * End of a slice. The kernel keeps each environment's registers for it across a switch, and
   * ExOS keeps no other per-slice state, so there is nothing to save: it returns at once, well
   * inside any deadline. (A library OS with user-level threads would switch them here.)
   */
  endOfSlice(_api: EnvApi, _deadline: number): void {}

  /** The kernel wants frames back by a deadline: ExOS's default policy (revoke.ts). */
  revoke(api: RevokeApi, notice: RevokeNotice): void {
    releasePages(api, this.vm, notice);
  }

  /**
   * Repossession recovery: the kernel took `frames` by force. ExOS drops those pages from its
   * table and notes each loss on the diagnostics; the program carries on (a demand-zero page
   * comes back zeroed on its next touch).
   */
  repossessed(_api: EnvApi, frames: readonly number[]): void {
    for (const vaddr of this.vm.forgetFrames(frames)) {
      this.diagnostics.write(
        `exos: page 0x${(vaddr >>> 0).toString(16).padStart(8, '0')} was repossessed; its contents are lost\n`,
      );
    }
  }

  syscall(_api: EnvApi, number: number): 'done' | 'block' | 'retry' | 'unknown' {
    const vmCall = this.vmCalls.handle(number);
    if (vmCall !== null) return vmCall;
    const ipc = this.ipc.handle(number);
    if (ipc !== null) return ipc;
    const outcome = this.spim.handle(number);
    if (outcome === SYSCALL_BLOCK) return 'block';
    if (outcome === SYSCALL_EXCEPTION) return 'unknown';
    return 'done';
  }

  /**
   * SPIM's default handler: note on stderr, "Exception N [name] occurred and ignored" on the
   * console, resume after the instruction. A TLB miss ExOS could not map is SPIM's bus error
   * (6 on an instruction fetch, 7 on a load or store); a bad PC that is not aligned ends the
   * program as SPIM's handler does.
   */
  exception(
    _api: EnvApi,
    code: number,
    epc: number,
    badVAddr: number,
  ): 'resume' | 'retry' | 'kill' | { jump: number } {
    // Not faults of the program: the first store to a clean page, and a page coming back
    // from disk (the access is retried until the read completes).
    if (code === EXC_MOD && this.vm.firstWrite(badVAddr)) return 'retry';
    if ((code === EXC_TLBL || code === EXC_TLBS) && this.vm.swappingIn(badVAddr)) return 'retry';
    // A fault the program's own protection causes goes to its trap handler (appel-li.ts).
    const jump = this.appelLi.deliver(code, epc, badVAddr);
    if (jump !== null) return { jump };
    const spimCode = spimCodeOf(code, epc, badVAddr);
    this.lastException = { code: spimCode, epc, badVAddr };
    if (code === EXC_SYS && this.unknownCall !== null) {
      this.diagnostics.write(unknownSyscallMessage(this.unknownCall, epc));
      this.unknownCall = null;
    }
    this.diagnostics.write(describeSpimException(spimCode, epc, badVAddr));
    if (spimCode === SPIM_EXC_IBE && (epc & 3) !== 0) {
      this.port.output(spimExceptionPrefix(spimCode));
      this.exit(0);
      return 'kill';
    }
    this.port.output(spimIgnoredLine(spimCode));
    return 'resume';
  }
}

/** The code SPIM would report: an unmappable address is a bus error there, not a TLB miss. */
function spimCodeOf(code: number, epc: number, badVAddr: number): number {
  if (code !== EXC_TLBL && code !== EXC_TLBS) return code;
  const fetch = code === EXC_TLBL && (badVAddr === epc || badVAddr === ((epc + 4) | 0));
  return fetch ? SPIM_EXC_IBE : SPIM_EXC_DBE;
}
