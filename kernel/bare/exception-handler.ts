/**
 * The default exception handler and start-up code of bare mode, in MIPS source. It behaves as
 * SPIM's does, so programs written for SPIM print the same lines: for each exception it prints
 * "  Exception N  [name]  occurred and ignored" on the program's output and resumes after the
 * faulting instruction; an unaligned PC ends the program. Unlike SPIM's, it handles a fault in
 * a branch delay slot (Cause.BD): it saves every register, works out where the branch goes and
 * resumes there, so the fault is reported once and the branch is kept. Before that it asks the host,
 * through exolab's syscall 90, to print where the exception happened on stderr, as SPIM
 * itself does ("Exception occurred at PC=0x…").
 *
 * The start-up code (STARTUP_SOURCE) calls main(argc, argv, envp) with arguments the loader put
 * on the stack, then exits; an ELF program brings its own. `--exception-handler FILE` replaces
 * both, as SPIM's -exception_file does; such a file should define __start (else the program's
 * entry is `main`).
 */
import { SPIM_EXCEPTION_NAMES } from '../spim/exceptions.ts';

function nameTable(): string {
  const strings: string[] = [];
  const words: string[] = [];
  for (let code = 0; code < 32; code++) {
    strings.push(`__exc_name${code}: .asciiz "${SPIM_EXCEPTION_NAMES[code] ?? ''}"`);
    words.push(`__exc_name${code}`);
  }
  return `${strings.join('\n')}\n        .align 2\n__exc_names: .word ${words.join(', ')}`;
}

export const EXCEPTION_HANDLER_SOURCE = `
# exolab's default bare-mode exception handler (generated from kernel/bare/exception-handler.ts)
        .kdata
__exc_prefix:  .asciiz "  Exception "
__exc_suffix:  .asciiz " occurred and ignored\\n"
${nameTable()}
        .align 2
__exc_regs:    .space 128             # $1..$31 as they were at the exception ($k0/$k1 unused)

        .ktext 0x80000180
        .set noat
        lui   $k0, %hi(__exc_regs)
        addiu $k0, $k0, %lo(__exc_regs)
        sw    $1, 4($k0)
        sw    $2, 8($k0)
        sw    $3, 12($k0)
        sw    $4, 16($k0)
        sw    $5, 20($k0)
        sw    $6, 24($k0)
        sw    $7, 28($k0)
        sw    $8, 32($k0)
        sw    $9, 36($k0)
        sw    $10, 40($k0)
        sw    $11, 44($k0)
        sw    $12, 48($k0)
        sw    $13, 52($k0)
        sw    $14, 56($k0)
        sw    $15, 60($k0)
        sw    $16, 64($k0)
        sw    $17, 68($k0)
        sw    $18, 72($k0)
        sw    $19, 76($k0)
        sw    $20, 80($k0)
        sw    $21, 84($k0)
        sw    $22, 88($k0)
        sw    $23, 92($k0)
        sw    $24, 96($k0)
        sw    $25, 100($k0)
        sw    $28, 112($k0)
        sw    $29, 116($k0)
        sw    $30, 120($k0)
        sw    $31, 124($k0)
        .set at
        li    $v0, 90                 # exolab: report the exception's PC and cause on stderr
        syscall
        mfc0  $s0, $13                # Cause, kept in $s0 (host calls leave it alone)
        li    $v0, 4
        la    $a0, __exc_prefix
        syscall
        srl   $a0, $s0, 2
        andi  $a0, $a0, 0x1f
        li    $v0, 1
        syscall
        andi  $a0, $s0, 0x7c
        lw    $a0, __exc_names($a0)
        li    $v0, 4
        syscall
        andi  $a0, $s0, 0x7c
        bne   $a0, 0x18, __exc_pc_ok   # code 6: a bad PC can only be skipped if aligned
        mfc0  $a0, $14
        andi  $a0, $a0, 3
        beqz  $a0, __exc_pc_ok
        li    $v0, 10
        syscall
__exc_pc_ok:
        li    $v0, 4
        la    $a0, __exc_suffix
        syscall
        andi  $a0, $s0, 0x7c
        beqz  $a0, __exc_return        # an interrupt: the instruction at EPC has not run
        mfc0  $t0, $14
        bltz  $s0, __exc_in_slot       # Cause.BD: EPC is the branch, the slot faulted
        addiu $t0, $t0, 4              # skip the faulting instruction
        b     __exc_resume

# The faulting instruction sat in the delay slot of the branch at EPC, which has already run:
# resume where that branch goes, working out its condition from the saved registers.
__exc_in_slot:
        la    $s1, __exc_regs
        lw    $t1, 0($t0)              # the branch
        srl   $t2, $t1, 26             # its opcode
        srl   $t3, $t1, 19
        andi  $t3, $t3, 0x7c
        addu  $t3, $t3, $s1
        lw    $t3, 0($t3)              # value of rs
        srl   $t4, $t1, 14
        andi  $t4, $t4, 0x7c
        addu  $t4, $t4, $s1
        lw    $t4, 0($t4)              # value of rt
        sll   $t5, $t1, 16
        sra   $t5, $t5, 14
        addu  $t5, $t5, $t0
        addiu $t5, $t5, 4              # target of a conditional branch
        addiu $t6, $t0, 8              # where a branch not taken goes
        beqz  $t2, __exc_to_rs         # jr, jalr
        beq   $t2, 1, __exc_regimm
        beq   $t2, 2, __exc_jump
        beq   $t2, 3, __exc_jump
        beq   $t2, 17, __exc_cop1
        andi  $t7, $t2, 3              # beq bne blez bgtz and their -likely forms
        beq   $t7, 1, __exc_bne
        beq   $t7, 2, __exc_blez
        beq   $t7, 3, __exc_bgtz
        beq   $t3, $t4, __exc_taken
        b     __exc_not_taken
__exc_bne:
        bne   $t3, $t4, __exc_taken
        b     __exc_not_taken
__exc_blez:
        blez  $t3, __exc_taken
        b     __exc_not_taken
__exc_bgtz:
        bgtz  $t3, __exc_taken
        b     __exc_not_taken
__exc_regimm:                          # bltz/bgez and the -al, -l forms: rt bit 0 says which
        srl   $t7, $t1, 16
        andi  $t7, $t7, 1
        bnez  $t7, __exc_bgez
        bltz  $t3, __exc_taken
        b     __exc_not_taken
__exc_bgez:
        bgez  $t3, __exc_taken
        b     __exc_not_taken
__exc_cop1:                            # bc1f/bc1t: condition flag cc against the tf bit
        cfc1  $t7, $31
        srl   $t8, $t1, 18
        andi  $t8, $t8, 7
        beqz  $t8, __exc_cc0
        addiu $t8, $t8, 1              # cc1..cc7 are FCSR bits 25..31
__exc_cc0:
        addiu $t8, $t8, 23
        srlv  $t7, $t7, $t8
        andi  $t7, $t7, 1
        srl   $t8, $t1, 16
        andi  $t8, $t8, 1
        beq   $t7, $t8, __exc_taken
        b     __exc_not_taken
__exc_jump:                            # j, jal: the region of the slot, the 26-bit index
        addiu $t7, $t0, 4
        lui   $t8, 0xf000
        and   $t7, $t7, $t8
        sll   $t5, $t1, 6
        srl   $t5, $t5, 4
        or    $t0, $t7, $t5
        b     __exc_resume
__exc_to_rs:
        move  $t0, $t3
        b     __exc_resume
__exc_taken:
        move  $t0, $t5
        b     __exc_resume
__exc_not_taken:
        move  $t0, $t6
__exc_resume:
        mtc0  $t0, $14
__exc_return:
        mtc0  $zero, $13
        mfc0  $t0, $12
        ori   $t0, $t0, 1
        mtc0  $t0, $12
        .set noat
        lui   $k0, %hi(__exc_regs)
        addiu $k0, $k0, %lo(__exc_regs)
        lw    $1, 4($k0)
        lw    $2, 8($k0)
        lw    $3, 12($k0)
        lw    $4, 16($k0)
        lw    $5, 20($k0)
        lw    $6, 24($k0)
        lw    $7, 28($k0)
        lw    $8, 32($k0)
        lw    $9, 36($k0)
        lw    $10, 40($k0)
        lw    $11, 44($k0)
        lw    $12, 48($k0)
        lw    $13, 52($k0)
        lw    $14, 56($k0)
        lw    $15, 60($k0)
        lw    $16, 64($k0)
        lw    $17, 68($k0)
        lw    $18, 72($k0)
        lw    $19, 76($k0)
        lw    $20, 80($k0)
        lw    $21, 84($k0)
        lw    $22, 88($k0)
        lw    $23, 92($k0)
        lw    $24, 96($k0)
        lw    $25, 100($k0)
        lw    $28, 112($k0)
        lw    $29, 116($k0)
        lw    $30, 120($k0)
        lw    $31, 124($k0)
        eret
        .set at
`;

/** SPIM's start-up code: calls main(argc, argv, envp), then exits. Assembly programs only. */
export const STARTUP_SOURCE = `
        .text
        .globl __start
__start:
        lw    $a0, 0($sp)             # argc
        addiu $a1, $sp, 4             # argv
        addiu $a2, $a1, 4             # envp = argv + argc + 1
        sll   $v0, $a0, 2
        addu  $a2, $a2, $v0
        jal   main
        li    $v0, 10
        syscall
`;
