# io.s: console I/O syscalls. Reads a count and that many integers (read_int), prints their sum,
# minimum and maximum (print_int), then echoes characters with read_char/print_char, swapping
# case, until it reads '.', then reads one more line with read_string and prints it in brackets.
# Exercises: syscalls 1, 4, 5, 8, 11, 12; read_int skipping whitespace and accepting signs.
        .data
s_sum:  .asciiz "sum="
s_min:  .asciiz " min="
s_max:  .asciiz " max="
s_echo: .asciiz "\necho: "
s_open: .asciiz "\nline: ["
s_cls:  .asciiz "]\n"
line:   .space 32

        .text
        .globl main
main:
        li    $v0, 5
        syscall
        move  $s0, $v0            # count
        li    $s1, 0              # sum
        li    $s2, 0x7fffffff     # min
        li    $s3, 0x80000000     # max
rd:     blez  $s0, report
        li    $v0, 5
        syscall
        addu  $s1, $s1, $v0
        bge   $v0, $s2, no_min
        move  $s2, $v0
no_min: ble   $v0, $s3, no_max
        move  $s3, $v0
no_max: addi  $s0, $s0, -1
        j     rd
report:
        la    $a0, s_sum
        li    $v0, 4
        syscall
        move  $a0, $s1
        li    $v0, 1
        syscall
        la    $a0, s_min
        li    $v0, 4
        syscall
        move  $a0, $s2
        li    $v0, 1
        syscall
        la    $a0, s_max
        li    $v0, 4
        syscall
        move  $a0, $s3
        li    $v0, 1
        syscall
        la    $a0, s_echo
        li    $v0, 4
        syscall
echo:
        li    $v0, 12
        syscall
        move  $t0, $v0
        beq   $t0, '.', last
        blt   $t0, 'A', put
        bgt   $t0, 'z', put
        ble   $t0, 'Z', flip
        blt   $t0, 'a', put
flip:   xori  $t0, $t0, 0x20
put:    move  $a0, $t0
        li    $v0, 11
        syscall
        j     echo
last:
        la    $a0, line
        li    $a1, 32
        li    $v0, 8
        syscall
        la    $a0, s_open
        li    $v0, 4
        syscall
        la    $a0, line
        li    $v0, 4
        syscall
        la    $a0, s_cls
        li    $v0, 4
        syscall
        li    $v0, 10
        syscall
