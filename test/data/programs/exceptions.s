# exceptions.s: takes exceptions that SPIM's default handler (exceptions.s) reports and skips:
# an unaligned lw, an unaligned sh, an overflowing add, a break, a taken trap (teq), and an
# overflowing addi. After each one the program carries on at the next instruction, and the
# destination registers of the faulting add/addi keep their old values.
# Exercises: Cause codes 4 (AdEL), 5 (AdES), 12 (Ov), 9 (Bp), 13 (Tr); EPC+4 resumption; that
# addu/addiu do not trap.
        .data
        .align 2
w:      .word 0x11223344
nl:     .asciiz "\n"
s1:     .asciiz "after lw: "
s2:     .asciiz "after sh: "
s3:     .asciiz "after add: "
s4:     .asciiz "after break\n"
s5:     .asciiz "after teq\n"
s6:     .asciiz "after addi: "
s7:     .asciiz "addu wraps: "

        .text
        .globl main
main:
        la    $s0, w
        lw    $t0, 1($s0)          # AdEL (SPIM then zeroes $t0; hardware leaves it: not printed)
        la    $a0, s1
        jal   pstr
        lw    $a0, 0($s0)
        jal   pintnl

        li    $t1, 0x5555
        sh    $t1, 1($s0)          # AdES: memory unchanged
        la    $a0, s2
        jal   pstr
        lw    $a0, 0($s0)
        jal   pintnl

        li    $t2, 0x7fffffff
        li    $t3, 5
        li    $t4, 9
        add   $t4, $t2, $t3        # Ov: $t4 stays 9
        la    $a0, s3
        jal   pstr
        move  $a0, $t4
        jal   pintnl

        break 0
        la    $a0, s4
        jal   pstr

        li    $t5, 3
        teq   $t5, $t5
        la    $a0, s5
        jal   pstr

        li    $t6, -2147483648
        li    $t7, 1
        addi  $t7, $t6, -1         # Ov: $t7 stays 1
        la    $a0, s6
        jal   pstr
        move  $a0, $t7
        jal   pintnl

        la    $a0, s7
        jal   pstr
        addu  $a0, $t2, $t3
        jal   pintnl
        li    $v0, 10
        syscall

pstr:   li    $v0, 4
        syscall
        jr    $ra
pintnl: li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        jr    $ra
