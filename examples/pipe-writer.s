# pipe-writer.s: the writing half of a named pipe (portable: the same program under ExOS on
# the exokernel and under the monolithic baseline; calls in kernel/libos/ipc/abi.ts). Opens
# pipe 42 for writing (waiting until a reader has opened it), sends a greeting and then 6000
# bytes of a sequence (byte i = i mod 251) in 100-byte writes, more than a pipe holds, so it
# must wait for the reader to drain it; then closes its end (the reader sees end of file).
        .data
hello:  .ascii  "hello through pipe 42\n"
block:  .space  100
        .text
main:   li      $v0, 0xc0         # pipe_open(42, write)
        li      $a0, 42
        li      $a1, 1
        syscall
        bnez    $v1, fail
        move    $s0, $v0          # the descriptor
        la      $a0, hello
        li      $a1, 22
        jal     send
        li      $s1, 0            # bytes of the sequence sent
        li      $s2, 6000
next:   la      $t0, block        # fill the block with bytes s1 .. s1+99 of the sequence
        li      $t1, 0
fill:   addu    $t2, $s1, $t1
        li      $t3, 251
        divu    $t2, $t3
        mfhi    $t2
        addu    $t4, $t0, $t1
        sb      $t2, 0($t4)
        addiu   $t1, $t1, 1
        li      $t3, 100
        bne     $t1, $t3, fill
        la      $a0, block
        li      $a1, 100
        jal     send
        addiu   $s1, $s1, 100
        bne     $s1, $s2, next
        li      $v0, 0xc3         # pipe_close(fd)
        move    $a0, $s0
        syscall
        li      $v0, 0x101        # exit(0)
        li      $a0, 0
        syscall
fail:   li      $v0, 0x101        # exit(1)
        li      $a0, 1
        syscall

# send(buf = $a0, len = $a1): writes all of it (a write may take only part).
send:   move    $t5, $a0
        move    $t6, $a1
more:   li      $v0, 0xc2         # pipe_write(fd, buf, len): how many it took
        move    $a0, $s0
        move    $a1, $t5
        move    $a2, $t6
        syscall
        bnez    $v1, fail
        addu    $t5, $t5, $v0
        subu    $t6, $t6, $v0
        bnez    $t6, more
        jr      $ra
