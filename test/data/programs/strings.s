# strings.s: reads lines with read_string, prints each one's length and its reverse,
# then upper-cases a constant string in place. Stops at an empty line.
# Exercises: read_string (keeps the newline, NUL-terminates), lb/sb loops, strlen, in-place reverse.
        .data
buf:    .space 64
len:    .asciiz "length "
rev:    .asciiz ", reversed: "
nl:     .asciiz "\n"
shout:  .asciiz "the quick brown fox jumps over the lazy dog\n"

        .text
        .globl main
main:
read:
        la    $a0, buf
        li    $a1, 64
        li    $v0, 8
        syscall
        la    $a0, buf
        jal   chomp               # drop the trailing newline, if any
        la    $a0, buf
        jal   strlen
        beqz  $v0, shouty
        move  $s0, $v0
        la    $a0, len
        li    $v0, 4
        syscall
        move  $a0, $s0
        li    $v0, 1
        syscall
        la    $a0, rev
        li    $v0, 4
        syscall
        la    $a0, buf
        move  $a1, $s0
        jal   reverse
        la    $a0, buf
        li    $v0, 4
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        j     read
shouty:
        la    $t0, shout
up:     lbu   $t1, 0($t0)
        beqz  $t1, upped
        blt   $t1, 'a', keep
        bgt   $t1, 'z', keep
        addi  $t1, $t1, -32
        sb    $t1, 0($t0)
keep:   addi  $t0, $t0, 1
        j     up
upped:
        la    $a0, shout
        li    $v0, 4
        syscall
        li    $v0, 10
        syscall

# strlen(a0) -> v0
strlen:
        move  $v0, $zero
sl_loop:
        addu  $t0, $a0, $v0
        lb    $t1, 0($t0)
        beqz  $t1, sl_done
        addiu $v0, $v0, 1
        b     sl_loop
sl_done:
        jr    $ra

# chomp(a0): replaces the first '\n' with NUL
chomp:
        lb    $t0, 0($a0)
        beqz  $t0, ch_done
        bne   $t0, 10, ch_next
        sb    $zero, 0($a0)
        jr    $ra
ch_next:
        addiu $a0, $a0, 1
        j     chomp
ch_done:
        jr    $ra

# reverse(a0 = string, a1 = length), in place
reverse:
        addu  $t1, $a0, $a1
        addiu $t1, $t1, -1
rv_loop:
        bge   $a0, $t1, rv_done
        lb    $t2, 0($a0)
        lb    $t3, 0($t1)
        sb    $t3, 0($a0)
        sb    $t2, 0($t1)
        addiu $a0, $a0, 1
        addiu $t1, $t1, -1
        j     rv_loop
rv_done:
        jr    $ra
