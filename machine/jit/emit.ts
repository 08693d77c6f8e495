/**
 * Code generation helpers shared by the block compiler's emitters: how a guest register is
 * named inside a block, and the three ways code leaves a block early.
 *
 * Inside a block guest register i lives in the JS local `r<i>` ($zero is the literal 0 and is
 * never assigned). The block body sits in a loop labelled `L`; `n` counts the instructions
 * the block has executed in earlier iterations, `pc` is where execution continues after a
 * normal exit, `k` is the exit kind (EXIT_*) and `stop` asks the code after a delay slot to
 * leave. Exits never throw: they set these locals and `break L`.
 */

/** The block ended normally; `pc` says where execution continues. */
export const EXIT_NORMAL = 0;
/** An instruction took an exception; the CPU's pc already points at the vector. */
export const EXIT_EXCEPTION = 1;
/** A COP0 instruction changed mode, ASID, TLB or interrupt state; `pc` says where to go on. */
export const EXIT_RELOAD = 2;

/** One instruction as the emitters see it. */
export interface Site {
  inst: number;
  /** Its virtual address (int32). */
  addr: number;
  /** Instructions executed in this pass of the block up to and including this one. */
  count: number;
  /** True for a branch delay slot. */
  inDelay: boolean;
  /** The block runs in user mode (which translation tables it uses). */
  user: boolean;
}

/** Registers a block reads or writes, so the prologue loads and the epilogue stores them. */
export class RegUse {
  readonly read = new Set<number>();
  readonly written = new Set<number>();

  /** The expression for reading register i. */
  get(i: number): string {
    if (i === 0) return '0';
    this.read.add(i);
    return `r${i}`;
  }

  /** A statement assigning `expr` to register i (nothing for $zero). */
  set(i: number, expr: string): string {
    if (i === 0) return '';
    this.written.add(i);
    // The local must be loaded too: an exit may store it back before this write happens.
    this.read.add(i);
    return `r${i} = ${expr};`;
  }
}

/** Leaves the block after an exception this instruction raises (code and bad address as JS). */
export function raise(site: Site, code: string, bad = '0', utlb = 'false', ce = 0): string {
  const args = `${code}, ${site.addr | 0}, ${site.inDelay}, ${bad}, ${utlb}, ${ce}`;
  return `{ cpu.exception(${args}); n += ${site.count}; k = ${EXIT_EXCEPTION}; break L; }`;
}

/** Leaves the block raising the fault a slow-path helper left in cpu.excCode. */
export function raisePending(site: Site): string {
  const args = `cpu.excCode, ${site.addr | 0}, ${site.inDelay}, cpu.excAddr, cpu.excUtlb`;
  return `{ cpu.exception(${args}); cpu.excCode = -1; n += ${site.count}; k = ${EXIT_EXCEPTION}; break L; }`;
}

/**
 * Leaves the block once this instruction has completed (a device was touched or compiled code
 * was overwritten). In a delay slot the branch still has to resolve, so it only sets `stop`.
 */
export function leaveAfter(site: Site): string {
  if (site.inDelay) return 'stop = 1;';
  return `{ pc = ${(site.addr + 4) | 0}; n += ${site.count}; break L; }`;
}

/** The sign-extended 16-bit immediate of an I-type instruction. */
export function simm(inst: number): number {
  return (inst << 16) >> 16;
}

/** The zero-extended 16-bit immediate. */
export function uimm(inst: number): number {
  return inst & 0xffff;
}
