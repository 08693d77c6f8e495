/**
 * The bare-mode firmware, as MIPS source assembled with every program: the UTLB refill routine
 * at the R3000's refill vector, a general-vector stub that enters the exception handler at
 * SPIM's address 0x80000180, and the refill slow path that allocates frames on first touch.
 * Constants come from layout.ts so the host-side page table (page-table.ts) and this code
 * cannot disagree.
 *
 * Refill fast path: 19 instructions when the page-table entry exists. Slow path: saves three
 * temporaries in the firmware variables, decides whether the address is demand-zero (stack, or
 * data between the heap base and the break), allocates a second-level table and/or a frame from the bump
 * allocator, or maps the page to the bus-error hole so the retried access raises IBE/DBE.
 */
import {
  BUS_ERROR_PFN,
  FIRMWARE_SLOW_PADDR,
  FIRMWARE_VARS_PADDR,
  FW_BREAK,
  FW_FRAME_LIMIT,
  FW_HEAP_BASE,
  FW_NEXT_FRAME,
  FW_SAVE,
  KSEG0,
  PAGE_DIRECTORY_PADDR,
  STACK_LOW,
} from './layout.ts';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const hi16 = (n: number) => hex((n >>> 16) & 0xffff);
const lo16 = (n: number) => hex(n & 0xffff);

const DIR = KSEG0 + PAGE_DIRECTORY_PADDR;
const VARS = KSEG0 + FIRMWARE_VARS_PADDR;
const SLOW = KSEG0 + FIRMWARE_SLOW_PADDR;

export const FIRMWARE_SOURCE = `
# exolab bare-mode firmware (generated from kernel/bare/firmware.ts)
        .set noreorder
        .set noat
        .ktext 0x80000000
__fw_utlb:
        mfc0  $k0, $8
        lui   $k1, ${hi16(DIR)}
        srl   $k0, $k0, 22
        sll   $k0, $k0, 2
        addu  $k1, $k1, $k0
        lw    $k1, 0($k1)
        mfc0  $k0, $8
        beq   $k1, $zero, __fw_to_slow
        srl   $k0, $k0, 10
        andi  $k0, $k0, 0xffc
        addu  $k1, $k1, $k0
        lw    $k0, 0($k1)
        nop
        beq   $k0, $zero, __fw_to_slow
        nop
        mtc0  $k0, $2
        mfc0  $k1, $14
        tlbwr
        jr    $k1
        rfe
__fw_to_slow:
        j     __fw_slow
        nop

        .ktext 0x80000080
__fw_general:
        j     0x80000180
        nop

        .ktext ${hex(SLOW)}
__fw_slow:
        lui   $k0, ${hi16(VARS)}
        ori   $k0, $k0, ${lo16(VARS)}
        sw    $t0, ${FW_SAVE}($k0)
        sw    $t1, ${FW_SAVE + 4}($k0)
        sw    $t2, ${FW_SAVE + 8}($k0)
        mfc0  $t0, $8
        lui   $t1, ${hi16(STACK_LOW)}
        sltu  $t1, $t0, $t1
        beq   $t1, $zero, __fw_alloc
        nop
        lw    $t1, ${FW_HEAP_BASE}($k0)
        nop
        sltu  $t1, $t0, $t1
        bne   $t1, $zero, __fw_bad
        nop
        lw    $t1, ${FW_BREAK}($k0)
        nop
        sltu  $t1, $t0, $t1
        beq   $t1, $zero, __fw_bad
        nop
__fw_alloc:
        srl   $t1, $t0, 22
        sll   $t1, $t1, 2
        lui   $t2, ${hi16(DIR)}
        addu  $t1, $t1, $t2
        lw    $t2, 0($t1)
        nop
        bne   $t2, $zero, __fw_have_table
        nop
        lw    $t2, ${FW_NEXT_FRAME}($k0)
        lw    $k1, ${FW_FRAME_LIMIT}($k0)
        nop
        sltu  $k1, $t2, $k1
        beq   $k1, $zero, __fw_oom
        nop
        addiu $k1, $t2, 4096
        sw    $k1, ${FW_NEXT_FRAME}($k0)
        lui   $k1, 0x8000
        or    $t2, $t2, $k1
        sw    $t2, 0($t1)
__fw_have_table:
        srl   $t1, $t0, 10
        andi  $t1, $t1, 0xffc
        addu  $t1, $t1, $t2
        lw    $t2, 0($t1)
        nop
        bne   $t2, $zero, __fw_install
        nop
        lw    $t2, ${FW_NEXT_FRAME}($k0)
        lw    $k1, ${FW_FRAME_LIMIT}($k0)
        nop
        sltu  $k1, $t2, $k1
        beq   $k1, $zero, __fw_oom
        nop
        addiu $k1, $t2, 4096
        sw    $k1, ${FW_NEXT_FRAME}($k0)
        ori   $t2, $t2, 0x600
        sw    $t2, 0($t1)
__fw_install:
        mtc0  $t2, $2
        nop
        tlbwr
        lw    $t0, ${FW_SAVE}($k0)
        lw    $t1, ${FW_SAVE + 4}($k0)
        lw    $t2, ${FW_SAVE + 8}($k0)
        mfc0  $k1, $14
        nop
        jr    $k1
        rfe
__fw_bad:
        lui   $t2, ${hi16(BUS_ERROR_PFN)}
        beq   $zero, $zero, __fw_install
        ori   $t2, $t2, 0x600
__fw_oom:
        lui   $a0, %hi(__fw_oom_message)
        addiu $a0, $a0, %lo(__fw_oom_message)
        addiu $v0, $zero, 4
        syscall
        addiu $a0, $zero, 1
        addiu $v0, $zero, 17
        syscall

        .kdata
__fw_oom_message:
        .asciiz "exolab: out of physical memory (try --memory with a larger size)\\n"
        .set at
        .set reorder
`;
