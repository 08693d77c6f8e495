# memory.s: byte, halfword and unaligned word access on a little-endian machine.
# Exercises: lb/lbu (sign vs zero extension), lh/lhu, sb/sh into a word, lwl/lwr pairs loading an
# unaligned word at every offset, swl/swr storing one, the ulw/usw/ulh/ulhu pseudo-ops, and lw/sw
# with negative offsets.
        .data
        .align 2
bytes:  .byte 0x81, 0x02, 0xff, 0x7f, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80
        .align 2
word:   .word 0
        .align 2
dst:    .word 0, 0, 0
nl:     .asciiz "\n"
sp:     .asciiz " "

        .text
        .globl main
main:
        la    $s0, bytes
        lb    $a0, 0($s0)          # -127
        jal   pint
        lbu   $a0, 0($s0)          # 129
        jal   pint
        lb    $a0, 2($s0)          # -1
        jal   pint
        lbu   $a0, 3($s0)          # 127
        jal   pint
        lh    $a0, 2($s0)          # 0x7fff
        jal   pint
        lh    $a0, 0($s0)          # 0x0281
        jal   pint
        lh    $a0, 10($s0)         # 0x8070 -> negative
        jal   pint
        lhu   $a0, 10($s0)
        jal   pint
        lw    $a0, 0($s0)          # 0x7fff0281
        jal   pint
        jal   newline

        la    $s1, word
        li    $t0, 0x11223344
        sw    $t0, 0($s1)
        li    $t1, 0xaa
        sb    $t1, 1($s1)          # 0x1122aa44
        lw    $a0, 0($s1)
        jal   pint
        li    $t1, 0xbeef
        sh    $t1, 2($s1)          # 0xbeefaa44
        lw    $a0, 0($s1)
        jal   pint
        lw    $a0, -4($s1)         # negative offset: bytes 8..11, 0x80706050
        jal   pint
        jal   newline

        # lwr/lwl: little-endian unaligned load of the word at bytes+k, k = 0..4
        li    $s2, 0
uload:  addu  $t0, $s0, $s2
        li    $a0, 0
        lwr   $a0, 0($t0)
        lwl   $a0, 3($t0)
        jal   pint
        addi  $s2, $s2, 1
        ble   $s2, 4, uload
        jal   newline

        # partial loads: only lwl or only lwr merges into the old register value
        li    $a0, 0x01010101
        lwl   $a0, 1($s0)          # 2 bytes from memory into the top half
        jal   pint
        li    $a0, 0x01010101
        lwr   $a0, 1($s0)          # 3 bytes from memory into the low three bytes
        jal   pint
        jal   newline

        # swr/swl: store 0xdeadbeef at dst+1, then at dst+6
        la    $s3, dst
        li    $t0, 0xdeadbeef
        swr   $t0, 1($s3)
        swl   $t0, 4($s3)
        li    $t0, 0x01234567
        swr   $t0, 6($s3)
        swl   $t0, 9($s3)
        lw    $a0, 0($s3)
        jal   pint
        lw    $a0, 4($s3)
        jal   pint
        lw    $a0, 8($s3)
        jal   pint
        jal   newline

        # pseudo-ops
        ulw   $a0, 3($s0)
        jal   pint
        ulh   $a0, 3($s0)
        jal   pint
        ulhu  $a0, 1($s0)
        jal   pint
        li    $t0, 0x55667788
        usw   $t0, 1($s3)
        lw    $a0, 0($s3)
        jal   pint
        lw    $a0, 4($s3)
        jal   pint
        jal   newline
        li    $v0, 10
        syscall

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
