# integers.s: integer edge cases, one result per line ("label value").
# Exercises: div/divu with negative operands (mflo/mfhi), rem/divu pseudo-ops, mult/multu and mfhi,
# wrap-around addu/subu, sra/srl/sll and the variable shifts (amount taken mod 32), slt/sltu/slti/
# sltiu with negative operands, andi/ori/xori zero-extension, nor, lui, and sign-extending addiu.
        .data
nl:     .asciiz "\n"
sp:     .asciiz " "

        .text
        .globl main
main:
        li    $t0, -7
        li    $t1, 2
        div   $t0, $t1             # -3 r -1
        jal   lohi
        li    $t0, 7
        li    $t1, -2
        div   $t0, $t1             # -3 r 1
        jal   lohi
        li    $t0, -7
        li    $t1, -2
        div   $t0, $t1             # 3 r -1
        jal   lohi
        li    $t0, -7
        li    $t1, 2
        divu  $t0, $t1             # 0x7ffffffc r 1
        jal   lohi
        li    $t0, 0x80000000
        li    $t1, 3
        div   $t0, $t1
        jal   lohi
        li    $t2, -100
        rem   $a0, $t2, 7          # pseudo-op: -2
        jal   pint
        li    $t2, 100
        li    $t3, -7
        rem   $a0, $t2, $t3        # 2
        jal   pint
        jal   newline

        li    $t0, -5
        li    $t1, 3
        mult  $t0, $t1             # hi -1, lo -15
        jal   lohi
        li    $t0, 0x7fffffff
        li    $t1, 0x7fffffff
        mult  $t0, $t1             # hi 0x3fffffff, lo 1
        jal   lohi
        li    $t0, -1
        li    $t1, -1
        multu $t0, $t1             # hi 0xfffffffe (-2), lo 1
        jal   lohi
        li    $t0, 0x80000000
        li    $t1, -1
        mult  $t0, $t1             # hi 0, lo 0x80000000
        jal   lohi
        li    $t0, 0x12345
        li    $t1, 0x6789a
        multu $t0, $t1
        jal   lohi

        li    $t0, 0x7fffffff
        addiu $a0, $t0, 1          # wraps, no trap
        jal   pint
        li    $t0, 0x80000000
        li    $t1, 1
        subu  $a0, $t0, $t1
        jal   pint
        addiu $a0, $zero, -32768
        jal   pint
        jal   newline

        li    $t0, -256
        sra   $a0, $t0, 4          # -16
        jal   pint
        srl   $a0, $t0, 4          # 0x0ffffff0
        jal   pint
        sll   $a0, $t0, 20
        jal   pint
        li    $t1, 36              # shift amounts use the low 5 bits: 36 -> 4
        srav  $a0, $t0, $t1
        jal   pint
        srlv  $a0, $t0, $t1
        jal   pint
        sllv  $a0, $t0, $t1
        jal   pint
        li    $t1, 31
        li    $t0, 1
        sllv  $a0, $t0, $t1        # INT_MIN
        jal   pint
        jal   newline

        li    $t0, -1
        li    $t1, 1
        slt   $a0, $t0, $t1        # 1
        jal   pint
        sltu  $a0, $t0, $t1        # 0
        jal   pint
        slti  $a0, $t0, 0          # 1
        jal   pint
        sltiu $a0, $t1, -1         # 1: immediate sign-extends to 0xffffffff
        jal   pint
        sltiu $a0, $t0, -1         # 0
        jal   pint
        sltu  $a0, $zero, $t0      # 1
        jal   pint
        jal   newline

        li    $t0, -1
        andi  $a0, $t0, 0xffff     # 65535: zero-extended
        jal   pint
        ori   $a0, $zero, 0x8000   # 32768
        jal   pint
        xori  $a0, $t0, 0x00ff     # -256
        jal   pint
        nor   $a0, $zero, $zero    # -1
        jal   pint
        lui   $a0, 0x8001          # -2147418112
        jal   pint
        li    $t1, 0x0f0f0f0f
        xor   $a0, $t1, $t0
        jal   pint
        and   $a0, $t1, 0xf0       # immediate form pseudo-op
        jal   pint
        jal   newline
        li    $v0, 10
        syscall

# lohi: prints LO and HI separated by a space, then a newline
lohi:
        mflo  $a0
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        mfhi  $a0
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        jr    $ra
# pint: prints $a0 and a space
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
