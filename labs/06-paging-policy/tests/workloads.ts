/**
 * Lab 6's workloads: MIPS programs that page, each runnable unchanged under ExOS (with the
 * student's policy) and under the monolithic baseline (the kernel's LRU). They use only SPIM's
 * calls and vm_policy (0xb3, kernel/abi/vm-abi.ts), which the baseline answers with E_NOSYS.
 */

/** Frames for programs beside the kernel's own: fewer than the workloads touch. */
export const PROGRAM_FRAMES = 24;

/**
 * A cyclic scan of `pages` pages, `passes` passes, after writing two words into each. The
 * program knows its pattern and says so: vm_policy(MRU). LRU is exactly wrong here: the page
 * it throws out is always the one needed soonest. Prints the sum, passes x 3 x (0 + .. +
 * pages-1) (7020 for SCAN).
 */
export function scanProgram(pages: number, passes: number): string {
  return `
        .data
pages:  .space ${pages * 4096}
        .text
main:   li    $a0, 1               # vm_policy(MRU): "I scan cyclically"
        li    $v0, 0xb3
        syscall
        la    $s0, pages
        li    $s1, 0
fill:   sll   $t0, $s1, 12
        addu  $t0, $t0, $s0
        sw    $s1, 0($t0)
        sll   $t1, $s1, 1
        sw    $t1, 4092($t0)
        addiu $s1, $s1, 1
        sltiu $t2, $s1, ${pages}
        bnez  $t2, fill
        li    $s3, ${passes}
        li    $s4, 0
pass:   li    $s1, 0
scan:   sll   $t0, $s1, 12
        addu  $t0, $t0, $s0
        lw    $t1, 0($t0)
        addu  $s4, $s4, $t1
        lw    $t1, 4092($t0)
        addu  $s4, $s4, $t1
        addiu $s1, $s1, 1
        sltiu $t2, $s1, ${pages}
        bnez  $t2, scan
        addiu $s3, $s3, -1
        bnez  $s3, pass
        move  $a0, $s4
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;
}

/** The graded scan: 40 pages in 24 frames, 3 passes (prints 7020). */
export const SCAN = scanProgram(40, 3);

/**
 * A working set that moves: `sets` sets of `size` pages one after another (each set fits in
 * memory, two together do not), each written and then read back on 4 passes. No advice: the
 * library OS's default policy must let the old set go. Prints the sum of the page numbers
 * times 4 (3120 for PHASES).
 */
export function phasesProgram(size: number, sets: number): string {
  return `
        .data
pages:  .space ${size * sets * 4096}
        .text
main:   la    $s0, pages
        li    $s4, 0
        li    $s5, 0               # first page of the phase
phase:  li    $s1, 0
wr:     addu  $t3, $s1, $s5
        sll   $t0, $t3, 12
        addu  $t0, $t0, $s0
        sw    $t3, 0($t0)
        addiu $s1, $s1, 1
        sltiu $t2, $s1, ${size}
        bnez  $t2, wr
        li    $s3, 4
ppass:  li    $s1, 0
rd:     addu  $t3, $s1, $s5
        sll   $t0, $t3, 12
        addu  $t0, $t0, $s0
        lw    $t1, 0($t0)
        addu  $s4, $s4, $t1
        addiu $s1, $s1, 1
        sltiu $t2, $s1, ${size}
        bnez  $t2, rd
        addiu $s3, $s3, -1
        bnez  $s3, ppass
        addiu $s5, $s5, ${size}
        sltiu $t2, $s5, ${size * sets}
        bnez  $t2, phase
        move  $a0, $s4
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;
}

/** The graded moving working set: 20 pages, then 20 others, in 24 frames (prints 3120). */
export const PHASES = phasesProgram(20, 2);

/**
 * Pseudo-random reads and writes over 30 pages (a linear congruential sequence from a fixed
 * seed), 120 accesses; each page holds a counter incremented on every write. Prints the sum
 * of the counters (the number of writes, 60) — right only if every page written out to disk
 * comes back with its contents.
 */
export const RANDOM = `
        .data
pages:  .space 122880
        .text
main:   la    $s0, pages
        li    $s1, 12345           # the generator's state
        li    $s2, 120             # accesses
loop:   li    $t0, 1103515245
        mul   $s1, $s1, $t0
        addiu $s1, $s1, 12345
        srl   $t1, $s1, 16
        li    $t2, 30
        divu  $t1, $t2
        mfhi  $t3                  # page 0..29
        sll   $t0, $t3, 12
        addu  $t0, $t0, $s0
        andi  $t4, $s2, 1
        beqz  $t4, read
        lw    $t5, 0($t0)
        addiu $t5, $t5, 1
        sw    $t5, 0($t0)
        b     next
read:   lw    $t5, 0($t0)
next:   addiu $s2, $s2, -1
        bnez  $s2, loop
        li    $s3, 0
        li    $s4, 0
sum:    sll   $t0, $s3, 12
        addu  $t0, $t0, $s0
        lw    $t1, 0($t0)
        addu  $s4, $s4, $t1
        addiu $s3, $s3, 1
        sltiu $t2, $s3, 30
        bnez  $t2, sum
        move  $a0, $s4
        li    $v0, 1
        syscall
        li    $v0, 10
        syscall
`;
