# factorial.s: recursive factorial of 0..12, printed one per line.
# Exercises: jal/jr recursion with a stack frame, mul, returning from main with jr $ra.
        .data
eq:     .asciiz "! = "
nl:     .asciiz "\n"

        .text
        .globl main
main:
        addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $s0, 0($sp)
        li    $s0, 0
loop:
        move  $a0, $s0
        li    $v0, 1
        syscall
        la    $a0, eq
        li    $v0, 4
        syscall
        move  $a0, $s0
        jal   fact
        move  $a0, $v0
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        addi  $s0, $s0, 1
        ble   $s0, 12, loop
        lw    $s0, 0($sp)
        lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra                 # back to SPIM's start-up code, which exits

# fact(n) = n <= 1 ? 1 : n * fact(n - 1)
fact:
        addiu $sp, $sp, -8
        sw    $ra, 4($sp)
        sw    $a0, 0($sp)
        li    $v0, 1
        ble   $a0, 1, fact_done
        addi  $a0, $a0, -1
        jal   fact
        lw    $a0, 0($sp)
        mul   $v0, $v0, $a0
fact_done:
        lw    $ra, 4($sp)
        addiu $sp, $sp, 8
        jr    $ra
