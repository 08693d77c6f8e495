/**
 * The monolithic baseline's virtual memory beyond demand zero (Ultrix-like, fixed policies in
 * the kernel): dirty bits, mprotect-style protection, faults delivered as signals with a full
 * trap frame, and paging to disk with the kernel's own LRU replacement.
 *
 * Page-table entry (process.ts): EntryLo, PFN << 12 | D | V, plus two software bits the TLB
 * never sees (refills write pte & ~0xff):
 *   SW_WRITE  the page may be written (its mapping and the program's protection allow)
 *   SW_DIRTY  the page has been written since it was last clean (zero, or read from disk)
 * A clean page is mapped without D, so its first store takes a TLB modification exception and
 * the kernel sets D and SW_DIRTY (the full trap frame path: Ultrix handles Mod there too).
 * PROT_NONE clears V; the frame stays.
 *
 * Paging: frames run out -> the kernel takes the least recently used page (by the last TLB
 * refill or fault that touched it: the kernel's only view of use) among the data, heap and
 * stack pages of all processes. A clean page with a copy on disk is dropped; a never-written
 * zero page too; a dirty one is written to its disk block first. A fault on a page that is on
 * disk starts the read and the process retries the access (a trap each time) until the disk
 * is done, as under ExOS (kernel/libos/paging.ts), so disk time is emulated time in both.
 * Charges: the refill or trap paths of kernel.ts, zeroWord per word of a fresh page, diskQueue
 * per disk request, wordAccess per word of a signal context; victim choice is not charged
 * (ExOS's is not either).
 */

import { assemble } from '../../machine/asm/index.ts';
import { EXC_MOD, EXC_TLBS } from '../../machine/cp0.ts';
import {
  DISK_ACK,
  DISK_CMD_READ,
  DISK_CMD_WRITE,
  DISK_COMMAND,
  DISK_COUNT,
  DISK_DONE_TAG,
  DISK_PADDR,
  DISK_SECTOR,
  DISK_TAG,
  SECTOR_SIZE,
} from '../../machine/devices/disk.ts';
import {
  isProt,
  PROT_NONE,
  PROT_READ_WRITE,
  TRAMPOLINE_VADDR,
  TRAP_READ,
  TRAP_WRITE,
} from '../abi/vm-abi.ts';
import { COSTS } from '../exo/costs.ts';
import { E_BUSY, E_FAULT, E_INVAL, E_NOMEM, E_OK } from '../exo/errors.ts';
import type { MonoKernel } from './kernel.ts';
import { ENTRYLO_D, ENTRYLO_V, PAGE_SIZE, type Process } from './process.ts';
import { contextWords, SIGCONTEXT_WORDS } from './signals.ts';

export const SW_WRITE = 1 << 0;
export const SW_DIRTY = 1 << 1;
/** User pages at or above this address are demand-zero and pageable (data, heap, stack). */
export const PAGEABLE_BASE = 0x10000000;
const SECTORS_PER_PAGE = PAGE_SIZE / SECTOR_SIZE;

/** The signal trampoline: a trap handler returns here and sigreturn resumes the fault. */
const SIGTRAMP = `
        move  $a0, $sp            # the signal context (the handler kept $sp)
        li    $v0, 0x181          # sigreturn
        syscall
`;
let sigtrampBytes: Uint8Array | null = null;
function sigtramp(): Uint8Array {
  if (sigtrampBytes !== null) return sigtrampBytes;
  const result = assemble({ name: 'mono-sigtramp.s', text: SIGTRAMP });
  if (!result.ok) throw new Error(`sigtramp: ${result.errors[0].message}`);
  sigtrampBytes = result.segments.find((s) => s.kind === 'text')!.bytes;
  return sigtrampBytes;
}

interface Resident {
  proc: Process;
  vpn: number;
  used: number;
}

export class MonoVm {
  /** Counters for tests and the bench. */
  readonly counts = { firstWrites: 0, pageIns: 0, pageOuts: 0, evictions: 0, traps: 0 };
  /** Frame -> the page living in it (pageable pages only), with its last use. */
  private readonly resident = new Map<number, Resident>();
  /** Per process: vpn -> disk block holding the page (valid while the page is clean or out). */
  private readonly blocks = new WeakMap<Process, Map<number, number>>();
  /** Per process: pages out on disk (vpn -> block) and reads under way (vpn -> tag, frame). */
  private readonly out = new WeakMap<Process, Map<number, number>>();
  private readonly reading = new WeakMap<Process, Map<number, { tag: number; frame: number }>>();
  /** The trap handler of each process that set one (vm_trap). */
  private readonly handlers = new WeakMap<Process, number>();
  private pendingWrite: { tag: number; frame: number } | null = null;
  private readonly done = new Set<number>();
  private nextBlock = 0;
  private clock = 0;

  constructor(private readonly kernel: MonoKernel) {}

  private get cpu() {
    return this.kernel.machine.cpu;
  }

  private map<K, V>(table: WeakMap<Process, Map<K, V>>, proc: Process): Map<K, V> {
    let m = table.get(proc);
    if (m === undefined) table.set(proc, (m = new Map()));
    return m;
  }

  // ---- use, for LRU ----

  /** Notes a use of the page (a refill or a fault that touched it). */
  touch(pte: number): void {
    const r = this.resident.get(pte >>> 12);
    if (r !== undefined) r.used = ++this.clock;
  }

  /** A new pageable page in `frame`. */
  private admit(proc: Process, vpn: number, frame: number): void {
    if (vpn * PAGE_SIZE >= PAGEABLE_BASE && vpn !== TRAMPOLINE_VADDR >>> 12) {
      this.resident.set(frame, { proc, vpn, used: ++this.clock });
    }
  }

  /** Forgets every page of an ended process. */
  ended(proc: Process): void {
    for (const [frame, r] of [...this.resident]) if (r.proc === proc) this.resident.delete(frame);
  }

  // ---- frames ----

  /**
   * A frame for a new page: a free one, or one taken from the LRU page. 'wait' while that
   * page is written out; null when nothing can be taken.
   */
  obtainFrame(): number | 'wait' | null {
    const free = this.kernel.takeFreeFrame();
    if (free !== undefined) return free;
    if (this.pendingWrite !== null) {
      if (!this.finished(this.pendingWrite.tag)) return 'wait';
      const frame = this.pendingWrite.frame;
      this.pendingWrite = null;
      return frame;
    }
    let victim: [number, Resident] | null = null;
    for (const entry of this.resident)
      if (victim === null || entry[1].used < victim[1].used) victim = entry;
    if (victim === null) return null;
    const [frame, { proc, vpn }] = victim;
    this.resident.delete(frame);
    const pte = proc.pageTable.get(vpn) ?? 0;
    proc.pageTable.delete(vpn);
    this.kernel.dropTlb(proc, vpn);
    this.counts.evictions++;
    const block = this.map(this.blocks, proc).get(vpn);
    if ((pte & SW_DIRTY) === 0) {
      if (block !== undefined) this.map(this.out, proc).set(vpn, block);
      return frame;
    }
    const b = block ?? this.nextBlock++;
    this.map(this.blocks, proc).set(vpn, b);
    this.map(this.out, proc).set(vpn, b);
    this.pendingWrite = { tag: this.submit(b, frame, false), frame };
    this.counts.pageOuts++;
    return 'wait';
  }

  // ---- faults ----

  /**
   * A TLB miss with no valid entry: 'mapped' (refill and go on), 'retry' (run the access
   * again later: the disk is busy for it), or 'fault' (a signal).
   */
  fault(proc: Process, vaddr: number): 'mapped' | 'retry' | 'fault' {
    const vpn = vaddr >>> 12;
    const pte = proc.pageTable.get(vpn);
    if (pte !== undefined) return 'fault'; // present but PROT_NONE
    const reading = this.map(this.reading, proc).get(vpn);
    if (reading !== undefined) {
      if (!this.finished(reading.tag)) return 'retry';
      this.map(this.reading, proc).delete(vpn);
      this.map(this.out, proc).delete(vpn);
      this.install(proc, vpn, reading.frame, false);
      this.counts.pageIns++;
      return 'mapped';
    }
    const block = this.map(this.out, proc).get(vpn);
    if (block === undefined && vaddr >>> 0 < PAGEABLE_BASE) return 'fault';
    const frame = this.obtainFrame();
    if (frame === 'wait') return 'retry';
    if (frame === null) return 'fault';
    if (block !== undefined) {
      this.map(this.reading, proc).set(vpn, { tag: this.submit(block, frame, true), frame });
      return 'retry';
    }
    this.kernel.zeroFrame(frame);
    this.install(proc, vpn, frame, false);
    this.kernel.counts.demandZero++;
    return 'mapped';
  }

  /** Maps `frame` at `vpn`, writable; `dirty` pages get D at once, clean ones at first store. */
  install(proc: Process, vpn: number, frame: number, dirty: boolean): void {
    const bits = SW_WRITE | ENTRYLO_V | (dirty ? ENTRYLO_D | SW_DIRTY : 0);
    proc.pageTable.set(vpn, (frame << 12) | bits);
    this.admit(proc, vpn, frame);
  }

  /** True when a page is on disk or on its way in (the kernel cannot reach it now). */
  isOut(proc: Process, vpn: number): boolean {
    return this.map(this.out, proc).has(vpn);
  }

  /**
   * A store to a page mapped without D: the first store to a clean writable page sets D and
   * SW_DIRTY (true: refill and go on); a page the program protected is a fault (false).
   */
  firstWrite(proc: Process, vaddr: number): boolean {
    const vpn = vaddr >>> 12;
    const pte = proc.pageTable.get(vpn);
    if (pte === undefined || (pte & SW_WRITE) === 0 || (pte & ENTRYLO_V) === 0) return false;
    proc.pageTable.set(vpn, pte | ENTRYLO_D | SW_DIRTY);
    this.kernel.dropTlb(proc, vpn); // the clean entry goes before the dirty one is written
    this.touch(pte);
    this.counts.firstWrites++;
    return true;
  }

  // ---- fork ----

  /**
   * Copies `parent`'s address space into `child`, page by page (Ultrix-style fork: no
   * copy-on-write): a frame each, 1024 words read and 1024 written (wordAccess each), the same
   * protection and dirty state, and the trap handler. E_BUSY while pages are out on disk,
   * E_NOMEM when frames run out (the pages copied so far stay with the child, which the
   * caller ends).
   */
  copyAddressSpace(parent: Process, child: Process): number {
    if (this.map(this.out, parent).size > 0) return E_BUSY;
    const memory = this.kernel.machine.memory.u8;
    for (const [vpn, pte] of parent.pageTable) {
      const frame = this.obtainFrame();
      if (typeof frame !== 'number') return E_NOMEM;
      const from = (pte >>> 12) * PAGE_SIZE;
      memory.copyWithin(frame * PAGE_SIZE, from, from + PAGE_SIZE);
      this.cpu.charge(2 * (PAGE_SIZE / 4) * COSTS.wordAccess);
      child.pageTable.set(vpn, (frame << 12) | (pte & 0xfff));
      this.admit(child, vpn, frame);
    }
    const handler = this.handlers.get(parent);
    if (handler !== undefined) this.handlers.set(child, handler);
    return E_OK;
  }

  // ---- the Appel–Li calls ----

  /** vm_protect: every page must be mapped (resident), or nothing changes (E_FAULT). */
  protect(proc: Process, vaddr: number, npages: number, prot: number): number {
    if (!isProt(prot) || npages < 0) return E_INVAL;
    const first = vaddr >>> 12;
    for (let i = 0; i < npages; i++) if (!proc.pageTable.has(first + i)) return E_FAULT;
    for (let i = 0; i < npages; i++) {
      const vpn = first + i;
      const pte = proc.pageTable.get(vpn)!;
      let next = pte & ~(ENTRYLO_V | ENTRYLO_D | SW_WRITE);
      if (prot !== PROT_NONE) next |= ENTRYLO_V;
      if (prot === PROT_READ_WRITE) next |= SW_WRITE | (pte & SW_DIRTY ? ENTRYLO_D : 0);
      proc.pageTable.set(vpn, next);
      // One page-table word written and the TLB entry invalidated (tlbp, tlbwi).
      this.cpu.charge(COSTS.wordAccess + COSTS.tlbWrite);
      this.kernel.dropTlb(proc, vpn);
    }
    return E_OK;
  }

  /** vm_dirty: SW_DIRTY of each page (one page-table word read each). */
  dirty(proc: Process, vaddr: number, npages: number, buf: number): [number, number] {
    if (npages < 0) return [-1, E_INVAL];
    const bits = new Int32Array(npages);
    const first = vaddr >>> 12;
    for (let i = 0; i < npages; i++) {
      bits[i] = (proc.pageTable.get(first + i) ?? 0) & SW_DIRTY ? 1 : 0;
    }
    this.cpu.charge(npages * COSTS.wordAccess);
    if (buf !== 0) {
      const bytes = new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
      if (!this.kernel.writeBytes(proc, buf, bytes)) return [-1, E_FAULT];
      this.cpu.charge(npages * COSTS.wordAccess);
    }
    return [bits.reduce((a, b) => a + b, 0), E_OK];
  }

  /** vm_trap: maps the signal trampoline the first time. */
  setHandler(proc: Process, pc: number): number {
    if (pc < 0 || (pc & 3) !== 0) return E_INVAL;
    const vpn = TRAMPOLINE_VADDR >>> 12;
    if (pc !== 0 && !proc.pageTable.has(vpn)) {
      const frame = this.kernel.takeFreeFrame();
      if (frame === undefined) return E_NOMEM;
      this.kernel.zeroFrame(frame);
      this.install(proc, vpn, frame, true);
      this.kernel.writeBytes(proc, TRAMPOLINE_VADDR, sigtramp());
    }
    if (pc === 0) this.handlers.delete(proc);
    else this.handlers.set(proc, pc);
    return E_OK;
  }

  /**
   * A protection fault (the frame is saved): with a trap handler, the signal context goes on
   * the user stack and the handler is entered as a function returning to the trampoline.
   * False when there is no handler (the caller sends the signal as usual).
   */
  deliverTrap(proc: Process, code: number, vaddr: number): boolean {
    const handler = this.handlers.get(proc);
    const pte = proc.pageTable.get(vaddr >>> 12);
    if (handler === undefined || pte === undefined) return false;
    const f = proc.frame;
    const scp = ((f.regs[29] - SIGCONTEXT_WORDS * 4) & ~7) | 0;
    this.cpu.charge(SIGCONTEXT_WORDS * COSTS.wordAccess + COSTS.upcall);
    if (!this.kernel.writeWords(proc, scp, contextWords(f))) return false;
    const write = code === EXC_MOD || code === EXC_TLBS;
    f.regs[4] = vaddr;
    f.regs[5] = write ? TRAP_WRITE : TRAP_READ;
    f.regs[6] = scp;
    f.regs[29] = scp;
    f.regs[31] = TRAMPOLINE_VADDR;
    f.pc = handler;
    this.counts.traps++;
    this.kernel.counts.signals++;
    return true;
  }

  // ---- the disk (its registers, as kernel/exo/blocks.ts drives them) ----

  private submit(block: number, frame: number, reading: boolean): number {
    const disk = this.kernel.machine.disk;
    this.cpu.charge(COSTS.diskQueue);
    disk.write(DISK_SECTOR, 4, block * SECTORS_PER_PAGE);
    disk.write(DISK_PADDR, 4, frame * PAGE_SIZE);
    disk.write(DISK_COUNT, 4, SECTORS_PER_PAGE);
    disk.write(DISK_COMMAND, 4, reading ? DISK_CMD_READ : DISK_CMD_WRITE);
    return disk.read(DISK_TAG, 4);
  }

  /** True once request `tag` has completed (fires due device events first, as blocks.ts). */
  private finished(tag: number): boolean {
    const machine = this.kernel.machine;
    machine.clock.fireDue();
    const disk = machine.disk;
    for (let t = disk.read(DISK_DONE_TAG, 4); t !== 0; t = disk.read(DISK_DONE_TAG, 4)) {
      disk.write(DISK_ACK, 4, 0);
      this.done.add(t);
    }
    return this.done.delete(tag);
  }
}
