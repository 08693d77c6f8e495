/**
 * ExOS's side of the portable process and virtual-memory calls (kernel/abi/vm-abi.ts): it
 * decodes the syscall's registers and calls the library-OS module that does the work —
 * appel-li.ts (protect, dirty, trap), paging.ts (the policy), fork.ts (fork, wait, and exit
 * waiting for children). Results go back as every call's do: $v0 the value (-1 on an error),
 * $v1 the error code.
 */
import {
  PAGING_POLICIES_VALID,
  SYS_FORK,
  SYS_VM_DIRTY,
  SYS_VM_POLICY,
  SYS_VM_PROTECT,
  SYS_VM_TRAP,
  SYS_WAIT,
} from '../abi/vm-abi.ts';
import type { EnvApi } from '../exo/env.ts';
import { E_INVAL, E_OK } from '../exo/errors.ts';
import type { ExosAppelLi } from './appel-li.ts';
import type { ExosProcesses } from './fork.ts';
import { ExosPager, type PagingChooser } from './paging.ts';
import type { ExosVm } from './vm.ts';

/** SPIM's and Linux's exit calls, which wait for children first. */
const EXIT_CALLS = new Set([10, 17, 4001, 4246]);

export class ExosVmCalls {
  constructor(
    private readonly api: EnvApi,
    private readonly vm: ExosVm,
    private readonly appelLi: ExosAppelLi,
    private readonly processes: ExosProcesses,
  ) {}

  /** Handles `number` if it is one of these calls: 'done' or 'retry'; null if it is not. */
  handle(number: number): 'done' | 'retry' | null {
    const a = this.api.regs;
    switch (number) {
      case SYS_VM_PROTECT:
        return this.answer({ value: 0, error: this.appelLi.protect(a[4], a[5], a[6]) });
      case SYS_VM_DIRTY:
        return this.answer(this.appelLi.dirty(a[4], a[5], a[6]));
      case SYS_VM_TRAP:
        return this.answer({ value: 0, error: this.appelLi.setHandler(a[4]) });
      case SYS_VM_POLICY:
        return this.answer({ value: 0, error: this.setPolicy(a[4]) });
      case SYS_FORK:
        return this.answer(this.processes.fork());
      case SYS_WAIT: {
        const got = this.processes.wait(a[4]);
        return got === 'retry' ? 'retry' : this.answer(got);
      }
      default:
        if (EXIT_CALLS.has(number) && !this.processes.mayExit()) return 'retry';
        return null;
    }
  }

  /** Turns paging on with `policy` (ExosOptions.paging does the same at load). */
  setPolicy(policy: number | PagingChooser): number {
    if (typeof policy === 'number' && !PAGING_POLICIES_VALID.includes(policy)) return E_INVAL;
    if (this.vm.pager === null) this.vm.pager = new ExosPager(this.api, this.vm, policy);
    else this.vm.pager.policy = policy;
    return E_OK;
  }

  private answer(result: { value: number; error: number }): 'done' {
    const regs = this.api.regs;
    regs[2] = result.error === E_OK ? result.value : -1;
    regs[3] = result.error;
    return 'done';
  }
}
