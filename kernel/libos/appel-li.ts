/**
 * ExOS's Appel–Li virtual-memory primitives (EXOKERNEL.md, "Reported results"; the portable
 * ABI is kernel/abi/vm-abi.ts): protect and unprotect pages, ask which pages are dirty, and a
 * user-level fault handler. All of it is library-OS work over the exokernel's page calls:
 *
 *   vm_protect   ExOS changes its own page table and presents the page's capability again:
 *                bind read-only for PROT_READ, unbind for PROT_NONE, bind writable (once the
 *                page is dirty) for PROT_READ_WRITE. One kernel call per page.
 *   vm_dirty     ExOS's software dirty bit (a clean page is bound read-only until its first
 *                store): a look-up in its own table, no kernel call at all.
 *   vm_trap      a fault on a protected page reaches ExOS's exception upcall; ExOS saves the
 *                registers an o32 function may clobber into a frame on the trampoline page and
 *                sends the program to the trampoline, which saves HI/LO, calls the handler,
 *                restores everything and jumps back to the faulting instruction. The return
 *                is user-level code: no kernel entry on the way back.
 *
 * Trampoline page (TRAMPOLINE_VADDR, mapped by the first vm_trap):
 *   +0x000  code (TRAMPOLINE_SOURCE)
 *   +0x800  the fault frame: 0 EPC, 1 handler, 2 HI, 3 LO, 4.. the SAVED registers in order
 */

import { assemble } from '../../machine/asm/index.ts';
import { EXC_MOD, EXC_TLBS } from '../../machine/cp0.ts';
import { isProt, PROT_NONE, TRAMPOLINE_VADDR, TRAP_READ, TRAP_WRITE } from '../abi/vm-abi.ts';
import type { EnvApi } from '../exo/env.ts';
import { E_FAULT, E_INVAL, E_OK } from '../exo/errors.ts';
import { allowsRead, allowsWrite, PAGE_SIZE } from './page-table.ts';
import type { ExosVm } from './vm.ts';

export const TRAP_FRAME_VADDR = TRAMPOLINE_VADDR + 0x800;
/** Registers the trap upcall saves: $at, $v0-$v1, $a0-$a3, $t0-$t9, $ra (o32's clobberable). */
const SAVED = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 31];
const FRAME_REGS = 4;

const hi16 = (n: number) => `0x${(n >>> 16).toString(16)}`;
const lo16 = (n: number) => `0x${(n & 0xffff).toString(16)}`;

/** The trampoline: position-independent (absolute constants only, no branches to labels). */
const TRAMPOLINE_SOURCE = `
        .set noat
        mfhi  $k0                 # $a2 = the frame
        sw    $k0, 8($a2)
        mflo  $k0
        sw    $k0, 12($a2)
        lw    $k0, 4($a2)
        jalr  $k0                 # handler($a0 = address, $a1 = kind, $a2 = frame)
        lui   $k1, ${hi16(TRAP_FRAME_VADDR)}
        ori   $k1, $k1, ${lo16(TRAP_FRAME_VADDR)}
        lw    $k0, 8($k1)
        mthi  $k0
        lw    $k0, 12($k1)
        mtlo  $k0
${SAVED.map((r, i) => `        lw    $${r}, ${4 * (FRAME_REGS + i)}($k1)`).join('\n')}
        lw    $k0, 0($k1)
        jr    $k0                 # the faulting instruction again
`;

let trampolineBytes: Uint8Array | null = null;

function trampolineCode(): Uint8Array {
  if (trampolineBytes !== null) return trampolineBytes;
  const result = assemble({ name: 'exos-trampoline.s', text: TRAMPOLINE_SOURCE });
  if (!result.ok) throw new Error(`trampolineCode: ${result.errors[0].message}`);
  const text = result.segments.find((s) => s.kind === 'text');
  if (text === undefined) throw new Error('trampolineCode: no text');
  trampolineBytes = text.bytes;
  return trampolineBytes;
}

export class ExosAppelLi {
  /** The user-level fault handler's PC (0: none). */
  handler = 0;
  /** Faults delivered to the handler, for tests and the inspector. */
  traps = 0;

  constructor(
    private readonly api: EnvApi,
    private readonly vm: ExosVm,
  ) {}

  /** vm_protect(vaddr, npages, prot): an error code; nothing changes unless every page is mapped. */
  protect(vaddr: number, npages: number, prot: number): number {
    if (!isProt(prot) || npages < 0) return E_INVAL;
    const first = vaddr & ~(PAGE_SIZE - 1);
    const pages: number[] = [];
    for (let i = 0; i < npages; i++) {
      const page = (first + i * PAGE_SIZE) | 0;
      if (page < 0 || this.vm.pages.lookup(page) === undefined) return E_FAULT;
      pages.push(page);
    }
    for (const page of pages) this.protectPage(page, prot);
    return E_OK;
  }

  private protectPage(page: number, prot: number): void {
    const entry = this.vm.pages.lookup(page);
    if (entry === undefined) return;
    entry.protection = prot;
    if (this.vm.busy(page)) return; // on its way in from disk: bound as it arrives
    if (prot === PROT_NONE) {
      this.api.call('unbind', page);
      return;
    }
    const writable = allowsWrite(entry) && entry.dirty && !entry.cow;
    this.api.call('bind', page, entry.cap, writable ? 1 : 0);
  }

  /** vm_dirty(vaddr, npages, buf): how many are dirty; a word per page at buf when buf != 0. */
  dirty(vaddr: number, npages: number, buf: number): { value: number; error: number } {
    if (npages < 0) return { value: -1, error: E_INVAL };
    const first = vaddr & ~(PAGE_SIZE - 1);
    const bits: number[] = [];
    for (let i = 0; i < npages; i++) {
      const entry = this.vm.pages.lookup((first + i * PAGE_SIZE) | 0);
      bits.push(entry?.dirty ? 1 : 0);
    }
    if (buf !== 0) {
      const out = new Uint8Array(4 * npages);
      const view = new DataView(out.buffer);
      bits.forEach((b, i) => {
        view.setInt32(4 * i, b, true);
      });
      if (this.vm.writeBytes(buf, out) < out.length) return { value: -1, error: E_FAULT };
    }
    return { value: bits.reduce((a, b) => a + b, 0), error: E_OK };
  }

  /** vm_trap(handler): maps the trampoline page the first time. */
  setHandler(pc: number): number {
    if (pc < 0 || (pc & 3) !== 0) return E_INVAL;
    if (pc !== 0 && this.vm.pages.lookup(TRAMPOLINE_VADDR) === undefined) {
      const error = this.vm.mapNew(TRAMPOLINE_VADDR, true);
      if (error !== E_OK) return error;
      this.vm.writeBytes(TRAMPOLINE_VADDR, trampolineCode());
    }
    this.handler = pc;
    return E_OK;
  }

  /**
   * An exception ExOS could not resolve: if it is a load or store that the program's own
   * protection forbids and a handler is set, saves the frame, sets up the call and returns the
   * trampoline's address to continue at; otherwise null.
   */
  deliver(code: number, epc: number, badVAddr: number): number | null {
    if (this.handler === 0) return null;
    const entry = this.vm.pages.lookup(badVAddr);
    if (entry === undefined) return null;
    const write = code === EXC_MOD || code === EXC_TLBS;
    if (write ? allowsWrite(entry) : allowsRead(entry)) return null;
    const regs = this.api.regs;
    const frame = new Uint8Array(4 * (FRAME_REGS + SAVED.length));
    const view = new DataView(frame.buffer);
    view.setInt32(0, epc, true);
    view.setInt32(4, this.handler, true);
    SAVED.forEach((r, i) => {
      view.setInt32(4 * (FRAME_REGS + i), regs[r], true);
    });
    // Through ExOS's memory, not the raw API: after a fork the page is copy-on-write.
    if (this.vm.writeBytes(TRAP_FRAME_VADDR, frame) < frame.length) return null;
    regs[4] = badVAddr;
    regs[5] = write ? TRAP_WRITE : TRAP_READ;
    regs[6] = TRAP_FRAME_VADDR;
    this.traps++;
    return TRAMPOLINE_VADDR;
  }
}
