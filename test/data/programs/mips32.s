# mips32.s: MIPS32 release 1 additions that SPIM implements.
# Exercises: mul (3-operand, no HI/LO result needed), madd/maddu/msub/msubu accumulating in HI/LO,
# clz/clo, movn/movz, and the branch-on-compare-with-zero family (bgez/bltz/blez/bgtz) plus
# bgezal/bltzal links.
        .data
sp:     .asciiz " "
nl:     .asciiz "\n"

        .text
        .globl main
main:
        li    $t0, -7
        li    $t1, 6
        mul   $a0, $t0, $t1        # -42
        jal   pint
        li    $t0, 0x10000
        mul   $a0, $t0, $t0        # low word only: 0
        jal   pint
        jal   newline

        mtlo  $zero
        mthi  $zero
        li    $t0, 1000
        li    $t1, -3
        madd  $t0, $t1             # -3000
        li    $t2, 0x40000000
        li    $t3, 8
        madd  $t2, $t3             # += 2^33
        jal   lohi
        li    $t4, 5
        msub  $t4, $t4             # -= 25
        jal   lohi
        mtlo  $zero
        mthi  $zero
        li    $t0, -1
        maddu $t0, $t0             # unsigned: (2^32-1)^2
        jal   lohi
        li    $t1, 2
        msubu $t1, $t1
        jal   lohi
        jal   newline

        li    $t0, 1
        clz   $a0, $t0             # 31
        jal   pint
        clz   $a0, $zero           # 32
        jal   pint
        li    $t0, -1
        clo   $a0, $t0             # 32
        jal   pint
        li    $t0, 0xfff0ffff
        clo   $a0, $t0             # 12
        jal   pint
        li    $t0, 0x00800000
        clz   $a0, $t0             # 8
        jal   pint
        jal   newline

        li    $a0, 11
        li    $t0, 22
        li    $t1, 0
        movz  $a0, $t0, $t1        # t1 == 0: moves, a0 = 22
        jal   pint
        li    $a0, 11
        movn  $a0, $t0, $t1        # t1 == 0: no move
        jal   pint
        li    $t1, -9
        movn  $a0, $t1, $t1        # moves: -9
        jal   pint
        jal   newline

        li    $s0, 0
        li    $t0, -1
        bgez  $t0, skip1
        addi  $s0, $s0, 1
skip1:  bltz  $t0, skip2
        addi  $s0, $s0, 10
skip2:  blez  $zero, skip3
        addi  $s0, $s0, 100
skip3:  bgtz  $zero, skip4
        addi  $s0, $s0, 1000
skip4:  move  $a0, $s0             # 1001
        jal   pint
        li    $s1, 0
        bgezal $zero, sub1         # taken, links
        li    $t0, -1
        bltzal $t0, sub1           # taken, links
        bltzal $zero, sub1         # not taken
        move  $a0, $s1             # 2
        jal   pint
        jal   newline
        li    $v0, 10
        syscall

sub1:   addi  $s1, $s1, 1
        jr    $ra
lohi:   mflo  $a0
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        mfhi  $a0
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        jr    $ra
pint:   li    $v0, 1
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
