/**
 * ExOS processes as environments (EXOKERNEL.md, "ExOS": Xok/ExOS's fork is copy-on-write in
 * the library OS; MIT's JOS does the same with exofork and page calls). The kernel only makes
 * an empty environment (env_create) and hands time to it (slice_grant); ExOS does the rest:
 *
 *   fork    env_create, then the child's library OS gets a copy of ExOS's page table in which
 *           every page points at the parent's frame through a READ-only capability
 *           (cap_narrow): writable pages are marked copy-on-write on both sides and the parent's
 *           are bound read-only again. The first store on either side is a TLB modification
 *           exception; ExOS copies the page into a frame of its own (vm.ts, copyOnWrite). The
 *           child's pages are bound read-only at once. Parent and child each own a
 *           slice of the CPU (slice_alloc, slice_grant), so they take turns.
 *   wait    env_status: the child's exit code once it has ended; until then ExOS gives up the
 *           rest of its slice (yield) and the `syscall` runs again.
 *   exit    a parent with children still running waits for them first: their pages are the
 *           parent's frames, which die with it.
 *
 * A fork while pages are out on disk (paging.ts) is refused with E_BUSY.
 */
import { RIGHT_READ } from '../caps/index.ts';
import type { EnvApi, LibOsHooks } from '../exo/env.ts';
import { E_BUSY, E_NOENV, E_NOSYS, E_OK } from '../exo/errors.ts';
import { PAGE_SIZE } from './page-table.ts';
import { SCRATCH_VADDR } from './spim-port.ts';
import type { ExosVm } from './vm.ts';

/** What the loader gives ExOS so a forked child gets a library OS of its own. */
export interface ExosProcessHost {
  /**
   * Installs `make(childApi)` as the library OS of environment `child` if `parent` created it
   * (env_create); false otherwise.
   */
  adopt(parent: number, child: number, make: (api: EnvApi) => LibOsHooks): boolean;
}

/** The child's side of a fork, as ExOS builds it. */
export interface ForkChild {
  api: EnvApi;
  libos: LibOsHooks;
  vm: ExosVm;
  processes: ExosProcesses;
}

export type CallValue = { value: number; error: number };

export class ExosProcesses {
  /** Children not yet waited for. */
  readonly children = new Set<number>();
  private ownsSlice = false;

  constructor(
    private readonly api: EnvApi,
    private readonly vm: ExosVm,
    private readonly host: ExosProcessHost | null,
    private readonly makeChild: (api: EnvApi) => ForkChild,
  ) {}

  /** fork(): the child's id (the child itself sees 0 in $v0, set by env_create). */
  fork(): CallValue {
    if (this.host === null) return { value: -1, error: E_NOSYS };
    if (this.vm.swapped.size > 0) return { value: -1, error: E_BUSY };
    this.takeSlice();
    const created = this.api.call('env_create');
    if (created.error !== E_OK) return { value: -1, error: created.error };
    const id = created.value;
    let child: ForkChild | null = null;
    this.host.adopt(this.api.env, id, (childApi) => {
      child = this.makeChild(childApi);
      return child.libos;
    });
    if (child === null) return { value: -1, error: E_NOENV };
    this.share(child);
    const slice = this.api.call('slice_alloc', -1);
    if (slice.error === E_OK && slice.cap !== undefined) {
      this.api.call('slice_grant', slice.cap, id);
      (child as ForkChild).processes.ownsSlice = true;
    }
    this.children.add(id);
    return { value: id, error: E_OK };
  }

  /** A slice of our own, so that a child with one does not run alone forever. */
  private takeSlice(): void {
    if (this.ownsSlice) return;
    this.ownsSlice = this.api.call('slice_alloc', -1).error === E_OK;
  }

  /** Gives the child every page: shared read-only, writable ones copy-on-write on both sides. */
  private share(child: ForkChild): void {
    const mine = this.vm.pages;
    child.vm.pages.heapBase = mine.heapBase;
    child.vm.pages.programBreak = mine.programBreak;
    // The console scratch page is the library OS's own, never the program's: a fresh one.
    child.vm.mapNew(SCRATCH_VADDR, true);
    for (const [vpn, entry] of [...mine.entries()]) {
      if (vpn * PAGE_SIZE === SCRATCH_VADDR) continue;
      const narrowed = this.api.call('cap_narrow', entry.cap, RIGHT_READ);
      if (narrowed.cap === undefined) continue;
      const page = vpn * PAGE_SIZE;
      if (entry.writable && !entry.cow) {
        entry.cow = true;
        // Bound writable now (dirty)? Then bind it read-only so the next store copies.
        if (entry.dirty && (entry.protection ?? 3) !== 0) this.api.call('bind', page, entry.cap, 0);
      }
      // Bound in the child now, read-only (as JOS's duppage maps it): syscalls that read its
      // memory find it there, and the first store on either side copies it.
      if ((entry.protection ?? 3) !== 0) child.api.call('bind', page, narrowed.cap, 0);
      child.vm.pages.set(page, {
        frame: entry.frame,
        cap: narrowed.cap,
        writable: entry.writable,
        dirty: entry.dirty,
        protection: entry.protection,
        cow: entry.writable,
        mappedAt: entry.mappedAt,
      });
    }
  }

  /** wait(pid): the exit code, or 'retry' after yielding while the child still runs. */
  wait(pid: number): CallValue | 'retry' {
    if (!this.children.has(pid)) return { value: -1, error: E_NOENV };
    const got = this.api.call('env_status', pid);
    if (got.error === E_BUSY) {
      this.api.call('yield');
      return 'retry';
    }
    this.children.delete(pid);
    return got.error === E_OK ? { value: got.value, error: E_OK } : { value: -1, error: got.error };
  }

  /** True when the program may exit now; otherwise yields (its children still run). */
  mayExit(): boolean {
    for (const pid of this.children) {
      if (this.api.call('env_status', pid).error === E_BUSY) {
        this.api.call('yield');
        return false;
      }
    }
    return true;
  }
}
