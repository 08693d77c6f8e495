/**
 * Downloaded packet filters, the public face (DESIGN.md section 4, "Downloading code"; DPF in
 * EXOKERNEL.md). An environment downloads a filter program; the kernel verifies it, compiles it
 * to a JS function with its constants built in, derives the packets it claims, and refuses it if
 * that claim overlaps a filter another environment installed. On each arriving packet, `demux`
 * runs the installed filters and names the owner to deliver to.
 *
 * This module is pure: it knows nothing of environments, capabilities, cycles or devices. The
 * kernel wires it up: owner ids are its environment ids, it checks capabilities before calling
 * install/remove, maps error codes to its own, and charges cycles for `steps` from its cost
 * table (SUGGESTED_CYCLES_PER_STEP is only a starting point it may override).
 */
import type { Program } from './bytecode.ts';
import { type CompiledFilter, compileFilter } from './compile.ts';
import { type FilterResult, interpretFilter, newScratch } from './interpret.ts';
import { type Claim, claimOf, claimsOverlap, describeClaim } from './overlap.ts';
import {
  type FilterVerifier,
  type VerifiedFilter,
  type VerifyOptions,
  type VerifyProblem,
  verifyFilter,
} from './verify.ts';

export { type AsmError, type AsmResult, assembleFilter } from './assemble.ts';
export * from './bytecode.ts';
export { type CompiledFilter, compileFilter, filterSource, type RawFilter } from './compile.ts';
export { disassembleFilter, formatInsn } from './disassemble.ts';
export { type FilterResult, interpretFilter, newScratch } from './interpret.ts';
export {
  type ByteTest,
  type Claim,
  type Conjunction,
  claimOf,
  claimsOverlap,
  describeClaim,
} from './overlap.ts';
export {
  type FilterVerifier,
  sealFilter,
  type VerifiedFilter,
  type VerifyOptions,
  type VerifyProblem,
  type VerifyResult,
  verifyFilter,
} from './verify.ts';

/**
 * Suggested emulated cycles per filter step, the work each back end does (kernel/exo/costs.ts
 * has the breakdown): the compiled operation alone, or the interpreter's fetch, decode and
 * dispatch on top of the same operation.
 */
export const SUGGESTED_CYCLES_PER_STEP = { compiled: 2, interpreted: 16 } as const;

export type FilterErrorCode = 'E_INVAL' | 'E_BUSY' | 'E_NOENT';

export type InstallResult =
  | { ok: true; id: number }
  | { ok: false; code: FilterErrorCode; message: string; problems?: VerifyProblem[] };

/** One installed filter. `scratch` persists between packets. */
export interface InstalledFilter {
  readonly id: number;
  readonly owner: number;
  readonly filter: VerifiedFilter;
  readonly compiled: CompiledFilter;
  readonly claim: Claim;
  readonly scratch: Uint32Array;
}

export interface DemuxResult {
  /** The first filter that accepted, or null if none did. */
  match: { id: number; owner: number } | null;
  /** Filter steps executed over all filters run (what the kernel charges for). */
  steps: number;
  /** How many filters ran. */
  filtersRun: number;
}

/** The installed filters, by id, in install order. */
export class FilterTable {
  /** Run filters through the interpreter instead of the compiled code (for benchmarks). */
  useInterpreter = false;
  /**
   * Lab seam: the download-time verifier install calls (lab 5 puts the student's here).
   * Default: verifyFilter, the kernel's own. Whatever it accepts is compiled and run.
   */
  verifier: FilterVerifier = verifyFilter;
  private readonly filters = new Map<number, InstalledFilter>();
  private nextId = 1;

  /**
   * Verifies, compiles and installs `program` for `owner`. Fails with E_INVAL (message: the
   * verifier's problems) or E_BUSY if its claim overlaps a filter of another owner. An owner's
   * own filters may overlap each other; the earliest installed wins in demux.
   */
  install(owner: number, program: Program, opts: VerifyOptions = {}): InstallResult {
    const v = this.verifier(program, opts);
    if (!v.ok) {
      const message = v.problems.map((p) => p.text).join('; ');
      return { ok: false, code: 'E_INVAL', message, problems: v.problems };
    }
    const claim = claimOf(v.filter.program);
    for (const other of this.filters.values()) {
      if (other.owner !== owner && claimsOverlap(claim, other.claim)) {
        const message =
          `claim ${describeClaim(claim)} overlaps filter ${other.id} of environment ` +
          `${other.owner} (${describeClaim(other.claim)})`;
        return { ok: false, code: 'E_BUSY', message };
      }
    }
    const id = this.nextId++;
    const compiled = compileFilter(v.filter);
    this.filters.set(id, { id, owner, filter: v.filter, compiled, claim, scratch: newScratch() });
    return { ok: true, id };
  }

  /** Removes filter `id`; E_NOENT if there is none. The caller checks the right to remove. */
  remove(id: number): { ok: true } | { ok: false; code: FilterErrorCode; message: string } {
    if (!this.filters.delete(id)) return { ok: false, code: 'E_NOENT', message: `no filter ${id}` };
    return { ok: true };
  }

  /** Removes every filter of `owner` (an environment going away); returns how many. */
  removeOwner(owner: number): number {
    let n = 0;
    for (const f of [...this.filters.values()])
      if (f.owner === owner && this.filters.delete(f.id)) n++;
    return n;
  }

  /** Filter `id`, or undefined. */
  get(id: number): InstalledFilter | undefined {
    return this.filters.get(id);
  }

  /** Every installed filter, in install order (for inspectors). */
  list(): InstalledFilter[] {
    return [...this.filters.values()];
  }

  /** Runs one filter on a packet with the table's current back end. */
  run(f: InstalledFilter, packet: Uint8Array): FilterResult {
    return this.useInterpreter
      ? interpretFilter(f.filter, packet, f.scratch)
      : f.compiled.run(packet, f.scratch);
  }

  /** Runs the filters in install order until one accepts; names its owner. */
  demux(packet: Uint8Array): DemuxResult {
    let steps = 0;
    let filtersRun = 0;
    for (const f of this.filters.values()) {
      const r = this.run(f, packet);
      steps += r.steps;
      filtersRun++;
      if (r.accept) return { match: { id: f.id, owner: f.owner }, steps, filtersRun };
    }
    return { match: null, steps, filtersRun };
  }
}
