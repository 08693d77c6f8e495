/**
 * The one table of cycle costs charged for work the kernel does in TypeScript rather than as
 * MIPS code. The exokernel and the monolithic baseline charge from this same table, so their
 * difference comes from the work each does. One cycle is 40 ns (25 MHz).
 *
 * The figures model a DECstation-class R3000 kernel: an entry/exit pays for the registers a
 * handler must save and restore, a table probe for a few loads and compares, a TLB write for
 * mtc0 x2 + tlbwr. They are estimates of instruction counts, stated here so they can be
 * argued with.
 */
export const COSTS = {
  /** Entering the kernel from an exception and returning (save/restore a few registers, rfe). */
  trapEntryExit: 12,
  /** One probe of the software TLB (hash, load tag, compare). */
  stlbProbe: 6,
  /** Writing one hardware TLB entry (mtc0 EntryHi/EntryLo, tlbwr). */
  tlbWrite: 4,
  /** Decoding a kernel call's number and arguments. */
  callDispatch: 6,
  /** Checking a capability's MAC and epoch. */
  capabilityCheck: 20,
  /** Minting a capability. */
  capabilityMint: 20,
  /** Delivering an upcall into an environment (save area writes, mode switch). */
  upcall: 18,
  /** Base cost of running a TypeScript library-OS handler (its calls are charged separately). */
  libosHandler: 40,
  /** Each 32-bit word of guest memory read or written through the library-OS API. */
  wordAccess: 1,
  /** Switching the current environment (ASID, registers). */
  contextSwitch: 60,
  /** Programming the slice timer (mfc0 Count, add, mtc0 Compare). */
  timerWrite: 4,
  /** A protected control transfer: set the ASID, two registers and the PC (no register file). */
  pct: 10,
  /** Taking one received frame off the network interface (status, length, ack, repost). */
  packetReceive: 30,
  /**
   * One packet-filter instruction as compiled code (DPF: constants built into the code): the
   * operation itself, a load or ALU op or a compare-and-branch, about two R3000 instructions.
   */
  filterStepCompiled: 2,
  /**
   * What an interpreter (MPF-style, or the baseline's in-kernel filter) adds to each filter
   * instruction before doing the same operation: fetch its two words (2 lw), extract op, jt
   * and jf (4), range-check the opcode and dispatch through a jump table (sll, addu, lw, jr),
   * load the constant or scratch operand into a register, check a packet offset against the
   * length at run time, advance the pc, count the step and branch back (4): about 14.
   */
  filterInterpretStep: 14,
  /** Downloading a filter: copy-in and bookkeeping, plus verification per instruction. */
  filterInstall: 200,
  filterVerifyPerInsn: 10,
  /** Programming one disk DMA request (four register writes and reading its tag). */
  diskQueue: 8,
  /** Taking one frame in the abort protocol (TLB and STLB scans, DMA queue, epoch bump). */
  repossessFrame: 40,
  /**
   * One word of a full trap frame (kernel/mono/): stored (sw) on kernel entry or loaded (lw) on
   * exit. The monolithic baseline saves 37 (31 GPRs, HI, LO, EPC, Status, Cause, BadVAddr) on
   * every entry, beyond the few that trapEntryExit already covers.
   */
  trapFrameWord: 1,
  /**
   * Zeroing one word of a fresh page (one sw): 1024 per frame, charged by the exokernel's
   * frame allocation and by the baseline's demand zero alike.
   */
  zeroWord: 1,
} as const;

export type CostName = keyof typeof COSTS;
