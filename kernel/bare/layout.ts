/**
 * Memory layout of bare (SPIM-compatible) mode: what the firmware, the exception handler and
 * the user program occupy, in physical memory and in the user's virtual address space.
 *
 * Physical memory (reached by the kernel through kseg0 = 0x80000000 + physical):
 *
 *   0x00000000  UTLB refill vector: the firmware's refill fast path
 *   0x00000080  general exception vector: jumps to the handler at 0x80000180
 *   0x00000180  exception handler (.ktext; SPIM's address), then more kernel text
 *   0x00030000  firmware text: the refill slow path (allocation of frames)
 *   0x00040000  kernel data (.kdata)
 *   0x00080000  page directory: 512 words, one per 4 MiB of kuseg, each the kseg0 address of a
 *               second-level table or 0
 *   0x00081000  firmware variables (see FW_* offsets)
 *   0x00100000  frames, handed out in order by a bump allocator: second-level tables and user
 *               pages. Frames come out of reset zeroed and are never reused, so demand-zero
 *               needs no clearing.
 *
 * Virtual memory of the user program (kuseg, as SPIM lays it out):
 *
 *   0x00400000  .text                          mapped at load time
 *   0x10000000  data segment: .data at 0x10010000, $gp = 0x10008000, then the heap (sbrk/brk);
 *               an ELF program's heap starts at its lowest writable segment instead
 *   0x7c000000 .. 0x7fffffff  stack, growing down from $sp = 0x7fffeffc
 *
 * A page-table entry is an EntryLo value (PFN | D | V). Pages inside the data segment (below
 * the break) and the stack area are allocated on first touch; any other unmapped address is
 * mapped to BUS_ERROR_PFN, a physical hole, so the access ends in a bus error exception (IBE or
 * DBE) — which is how SPIM reports a bad address.
 */

export const KSEG0 = 0x80000000;

export const FIRMWARE_SLOW_PADDR = 0x00030000;
export const KDATA_PADDR = 0x00040000;
export const PAGE_DIRECTORY_PADDR = 0x00080000;
export const FIRMWARE_VARS_PADDR = 0x00081000;
export const FIRST_FRAME_PADDR = 0x00100000;

/** Firmware variables, as byte offsets from FIRMWARE_VARS_PADDR. */
export const FW_NEXT_FRAME = 0; // physical address of the next free frame
export const FW_FRAME_LIMIT = 4; // physical end of RAM
export const FW_BREAK = 8; // the program break: data segment pages below it are valid
export const FW_HEAP_BASE = 12; // lowest demand-zero data address (0x10000000 for SPIM programs)
export const FW_SAVE = 16; // three words where the refill slow path saves $t0..$t2

export const TEXT_BASE = 0x00400000;
export const DATA_SEGMENT_BASE = 0x10000000;
export const DATA_BASE = 0x10010000;
export const GP_VALUE = 0x10008000;
export const STACK_LOW = 0x7c000000;
export const STACK_TOP = 0x80000000;
export const SP_VALUE = 0x7fffeffc;
/** ELF programs get the 8-byte aligned stack the o32 ABI promises (sdc1 to the stack). */
export const ELF_SP_VALUE = 0x7fffeff0;

/** A physical page that is neither RAM nor a device (RAM ends below 0x1fe00000). */
export const BUS_ERROR_PFN = 0x1fd00000;

export const ENTRYLO_D = 1 << 10;
export const ENTRYLO_V = 1 << 9;
