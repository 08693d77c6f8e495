# fibonacci.s: reads n, prints fib(0)..fib(n) computed by naive double recursion.
# Exercises: read_int, deep recursion with two calls per frame, $s registers saved on the stack.
        .data
prompt: .asciiz "n? "
sep:    .asciiz " "
nl:     .asciiz "\n"
sum:    .asciiz "calls: "

        .text
        .globl main
main:
        la    $a0, prompt
        li    $v0, 4
        syscall
        li    $v0, 5
        syscall
        move  $s1, $v0            # n
        li    $s0, 0              # i
        li    $s2, 0              # call counter (incremented by fib)
        la    $a0, nl
        li    $v0, 4
        syscall
next:
        bgt   $s0, $s1, done
        move  $a0, $s0
        jal   fib
        move  $a0, $v0
        li    $v0, 1
        syscall
        la    $a0, sep
        li    $v0, 4
        syscall
        addi  $s0, $s0, 1
        j     next
done:
        la    $a0, nl
        li    $v0, 4
        syscall
        la    $a0, sum
        li    $v0, 4
        syscall
        move  $a0, $s2
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        li    $v0, 10
        syscall

# fib(n) = n < 2 ? n : fib(n-1) + fib(n-2); counts calls in $s2
fib:
        addi  $s2, $s2, 1
        slti  $t0, $a0, 2
        beqz  $t0, fib_rec
        move  $v0, $a0
        jr    $ra
fib_rec:
        addiu $sp, $sp, -12
        sw    $ra, 8($sp)
        sw    $s3, 4($sp)
        sw    $a0, 0($sp)
        addi  $a0, $a0, -1
        jal   fib
        move  $s3, $v0
        lw    $a0, 0($sp)
        addi  $a0, $a0, -2
        jal   fib
        add   $v0, $v0, $s3
        lw    $a0, 0($sp)
        lw    $s3, 4($sp)
        lw    $ra, 8($sp)
        addiu $sp, $sp, 12
        jr    $ra
