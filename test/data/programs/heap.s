# heap.s: builds a linked list of n nodes on the heap with sbrk, then sums and prints it in
# reverse order of insertion; also checks that sbrk returns consecutive, word-aligned blocks.
# Exercises: syscall 9 (sbrk) with sizes that are and are not multiples of 4, pointer chasing,
# storing through addresses returned by the simulator.
        .data
nl:     .asciiz "\n"
sp:     .asciiz " "
s_sum:  .asciiz "sum "
s_gap:  .asciiz "gaps "

        .text
        .globl main
main:
        li    $v0, 5
        syscall
        move  $s0, $v0             # n
        li    $s1, 0               # head
        li    $s2, 1               # i
build:  bgt   $s2, $s0, walk
        li    $a0, 8               # node: value, next
        li    $v0, 9
        syscall
        mul   $t0, $s2, $s2
        sw    $t0, 0($v0)
        sw    $s1, 4($v0)
        move  $s1, $v0
        addi  $s2, $s2, 1
        j     build
walk:
        li    $s3, 0
        move  $t1, $s1
wl:     beqz  $t1, sum
        lw    $a0, 0($t1)
        add   $s3, $s3, $a0
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        lw    $t1, 4($t1)
        j     wl
sum:
        la    $a0, nl
        li    $v0, 4
        syscall
        la    $a0, s_sum
        li    $v0, 4
        syscall
        move  $a0, $s3
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall

        # sbrk sizes 1, 4, 6, 12: print the distance between consecutive blocks and alignment
        la    $a0, s_gap
        li    $v0, 4
        syscall
        li    $a0, 1
        li    $v0, 9
        syscall
        move  $s4, $v0
        li    $a0, 4
        li    $v0, 9
        syscall
        sub   $a0, $v0, $s4
        move  $s4, $v0
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        li    $a0, 6
        li    $v0, 9
        syscall
        sub   $a0, $v0, $s4
        move  $s4, $v0
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        li    $a0, 12
        li    $v0, 9
        syscall
        sub   $a0, $v0, $s4
        move  $s4, $v0
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        andi  $a0, $s4, 3          # 0: blocks are word aligned
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        li    $v0, 10
        syscall
