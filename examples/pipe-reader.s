# pipe-reader.s: the reading half of a named pipe (portable, like pipe-writer.s). Opens pipe 42
# for reading, prints the 22-byte greeting, then reads the sequence to end of file in reads of
# up to 64 bytes, checking every byte comes in order (byte i = i mod 251), and prints how many
# came and whether any was out of place. Console output is write_console (0x108).
        .data
buf:    .space  64
done1:  .asciiz "sequence: "
done2:  .asciiz " bytes, "
good:   .asciiz "all in order\n"
bad:    .asciiz "OUT OF ORDER\n"
digits: .space  12
        .text
main:   li      $v0, 0xc0         # pipe_open(42, read)
        li      $a0, 42
        li      $a1, 0
        syscall
        bnez    $v1, fail
        move    $s0, $v0
        li      $s1, 22           # the greeting: read exactly 22 bytes, print them
greet:  li      $v0, 0xc1         # pipe_read(fd, buf, remaining)
        move    $a0, $s0
        la      $a1, buf
        move    $a2, $s1
        syscall
        bnez    $v1, fail
        beqz    $v0, fail         # end of file already: the writer is broken
        la      $a0, buf
        move    $a1, $v0
        subu    $s1, $s1, $v0
        li      $v0, 0x108        # write_console(buf, n)
        syscall
        bnez    $s1, greet
        li      $s2, 0            # bytes of the sequence received
        li      $s3, 0            # 1 once a byte is out of place
read:   li      $v0, 0xc1         # pipe_read(fd, buf, 64)
        move    $a0, $s0
        la      $a1, buf
        li      $a2, 64
        syscall
        bnez    $v1, fail
        beqz    $v0, eof
        la      $t0, buf
        addu    $t1, $t0, $v0     # end of what came
check:  lbu     $t2, 0($t0)
        li      $t3, 251
        divu    $s2, $t3
        mfhi    $t3
        beq     $t2, $t3, inorder
        li      $s3, 1
inorder:
        addiu   $s2, $s2, 1
        addiu   $t0, $t0, 1
        bne     $t0, $t1, check
        b       read
eof:    la      $a0, done1
        jal     puts
        move    $a0, $s2
        jal     putu
        la      $a0, done2
        jal     puts
        la      $a0, good
        beqz    $s3, verdict
        la      $a0, bad
verdict:
        jal     puts
        li      $v0, 0xc3         # pipe_close(fd)
        move    $a0, $s0
        syscall
        li      $v0, 0x101        # exit(0)
        li      $a0, 0
        syscall
fail:   li      $v0, 0x101        # exit(1)
        li      $a0, 1
        syscall

# puts(string = $a0): writes a NUL-terminated string to the console.
puts:   move    $t0, $a0
len:    lbu     $t1, 0($t0)
        beqz    $t1, put
        addiu   $t0, $t0, 1
        b       len
put:    subu    $a1, $t0, $a0
        li      $v0, 0x108
        syscall
        jr      $ra

# putu(n = $a0): writes n in decimal.
putu:   la      $t0, digits+11
        li      $t2, 10
        move    $t1, $a0
digit:  divu    $t1, $t2
        mflo    $t1
        mfhi    $t3
        addiu   $t3, $t3, 48
        addiu   $t0, $t0, -1
        sb      $t3, 0($t0)
        bnez    $t1, digit
        move    $a0, $t0
        la      $a1, digits+11
        subu    $a1, $a1, $t0
        li      $v0, 0x108
        syscall
        jr      $ra
