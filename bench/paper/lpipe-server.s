# Pipe round trips (bench paper), the server (see lpipe-client.s): opens pipe 1 (requests) for
# reading and pipe 2 (replies) for writing and echoes every word back until end of file.
        .data
buf:    .word   0
        .text
main:   li      $v0, 0xc0         # pipe_open(1, read): the requests
        li      $a0, 1
        li      $a1, 0
        syscall
        move    $s0, $v0
        li      $v0, 0xc0         # pipe_open(2, write): the replies
        li      $a0, 2
        li      $a1, 1
        syscall
        move    $s2, $v0
loop:   li      $v0, 0xc1         # pipe_read(requests, buf, 4): waits for one
        move    $a0, $s0
        la      $a1, buf
        li      $a2, 4
        syscall
        beqz    $v0, done         # end of file: the client has gone
        li      $v0, 0xc2         # pipe_write(replies, buf, 4)
        move    $a0, $s2
        la      $a1, buf
        li      $a2, 4
        syscall
        b       loop
done:   li      $v0, 0xc3         # pipe_close(replies)
        move    $a0, $s2
        syscall
        li      $v0, 0xc3         # pipe_close(requests)
        move    $a0, $s0
        syscall
        li      $v0, 0x101        # exit(0)
        li      $a0, 0
        syscall
