# sort.s: reads n and n integers into a .space array, insertion-sorts them, prints them, then
# does a binary search for each of a few keys.
# Exercises: indexed addressing with sll, nested loops, signed compares, a static array in .data.
        .data
        .align 2
arr:    .space 400                 # up to 100 words
keys:   .word -5, 0, 17, 1000, 3
nkeys:  .word 5
sp:     .asciiz " "
nl:     .asciiz "\n"
at:     .asciiz " at "
nf:     .asciiz " not found\n"

        .text
        .globl main
main:
        li    $v0, 5
        syscall
        move  $s0, $v0             # n
        la    $s1, arr
        li    $t0, 0
in:     bge   $t0, $s0, sort
        li    $v0, 5
        syscall
        sll   $t1, $t0, 2
        addu  $t1, $s1, $t1
        sw    $v0, 0($t1)
        addi  $t0, $t0, 1
        j     in
sort:   li    $t0, 1               # i
outer:  bge   $t0, $s0, print
        sll   $t1, $t0, 2
        addu  $t1, $s1, $t1
        lw    $t2, 0($t1)          # key
        addi  $t3, $t0, -1         # j
inner:  bltz  $t3, place
        sll   $t4, $t3, 2
        addu  $t4, $s1, $t4
        lw    $t5, 0($t4)
        ble   $t5, $t2, place
        sw    $t5, 4($t4)
        addi  $t3, $t3, -1
        j     inner
place:  sll   $t4, $t3, 2
        addu  $t4, $s1, $t4
        sw    $t2, 4($t4)
        addi  $t0, $t0, 1
        j     outer
print:  li    $t0, 0
pl:     bge   $t0, $s0, search
        sll   $t1, $t0, 2
        addu  $t1, $s1, $t1
        lw    $a0, 0($t1)
        li    $v0, 1
        syscall
        la    $a0, sp
        li    $v0, 4
        syscall
        addi  $t0, $t0, 1
        j     pl
search: la    $a0, nl
        li    $v0, 4
        syscall
        la    $s2, keys
        lw    $s3, nkeys
sk:     blez  $s3, done
        lw    $s4, 0($s2)
        move  $a0, $s4
        li    $v0, 1
        syscall
        li    $t0, 0               # lo
        addi  $t1, $s0, -1         # hi
bs:     bgt   $t0, $t1, missing
        addu  $t2, $t0, $t1
        sra   $t2, $t2, 1          # mid
        sll   $t3, $t2, 2
        addu  $t3, $s1, $t3
        lw    $t4, 0($t3)
        beq   $t4, $s4, found
        blt   $t4, $s4, right
        addi  $t1, $t2, -1
        j     bs
right:  addi  $t0, $t2, 1
        j     bs
found:  la    $a0, at
        li    $v0, 4
        syscall
        move  $a0, $t2
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        j     nextk
missing:
        la    $a0, nf
        li    $v0, 4
        syscall
nextk:  addi  $s2, $s2, 4
        addi  $s3, $s3, -1
        j     sk
done:   li    $v0, 10
        syscall
