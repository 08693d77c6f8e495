# directives.s: data layout from .word/.half/.byte/.space/.align/.ascii/.asciiz, printed as label
# offsets from `start` (so the output does not depend on where the data segment begins) and as
# the values loaded back.
# Exercises: automatic alignment of .half/.word, .align n, .space, .word lists and label values,
# .word expressions of a label, .ascii without a terminator, character literals, negative values,
# hex, and a second .data section continuing the first.
        .data
start:  .byte 1
h:      .half 0x1234               # aligned to 2 -> offset 2
b3:     .byte 'A', -2, 0x7f
w:      .word 7, -8, 0x7fffffff     # aligned to 4 -> offset 8
s:      .ascii "ab"
z:      .asciiz "cd"
        .align 3
a8:     .word 99                   # offset multiple of 8
gap:    .space 5
after:  .byte 42
        .align 2
ptr:    .word w                    # address of w
        .data
more:   .half -1, 2, 3
fin:    .byte 0

nl:     .asciiz "\n"
sp:     .asciiz " "

        .text
        .globl main
main:
        la    $s0, start
        la    $t0, h
        jal   off
        la    $t0, b3
        jal   off
        la    $t0, w
        jal   off
        la    $t0, s
        jal   off
        la    $t0, z
        jal   off
        la    $t0, a8
        jal   off
        la    $t0, gap
        jal   off
        la    $t0, after
        jal   off
        la    $t0, ptr
        jal   off
        la    $t0, more
        jal   off
        la    $t0, fin
        jal   off
        jal   newline

        lbu   $a0, start
        jal   pint
        lhu   $a0, h
        jal   pint
        lb    $a0, b3
        jal   pint
        lb    $a0, b3+1
        jal   pint
        lb    $a0, b3+2
        jal   pint
        lw    $a0, w
        jal   pint
        lw    $a0, w+4
        jal   pint
        lw    $a0, w+8
        jal   pint
        jal   newline

        la    $a0, s               # "ab" runs into "cd": prints abcd
        li    $v0, 4
        syscall
        jal   newline

        lw    $a0, a8
        jal   pint
        la    $t0, gap             # .space is zero-filled
        lbu   $a0, 0($t0)
        lbu   $t1, 4($t0)
        add   $a0, $a0, $t1
        jal   pint
        lbu   $a0, after
        jal   pint
        lw    $t0, ptr
        la    $t1, w
        sub   $a0, $t0, $t1        # 0: .word w holds w's address
        jal   pint
        lh    $a0, more
        jal   pint
        lh    $a0, more+2
        jal   pint
        lh    $a0, more+4
        jal   pint
        jal   newline
        li    $v0, 10
        syscall

# off: prints $t0 - $s0 and a space
off:    sub   $a0, $t0, $s0
        j     pint
pint:
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        jr    $ra
newline:
        la    $a0, nl
        li    $v0, 4
        syscall
        jr    $ra
