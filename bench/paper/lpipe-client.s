# Pipe round trips (bench paper), the client, one program for both kernels: the portable named
# pipes of kernel/libos/ipc/abi.ts, which ExOS keeps in the library OS (a shared page) and the
# baseline in its kernel. It opens pipe 2 (replies) for reading and pipe 1 (requests) for
# writing, then `count` times writes a word and reads the server's word back; then closes its
# ends (the server sees end of file) and exits. The bench writes `count` before it starts.
        .data
count:  .word   1
buf:    .word   0
        .text
main:   li      $v0, 0xc0         # pipe_open(2, read): the replies
        li      $a0, 2
        li      $a1, 0
        syscall
        move    $s2, $v0
        li      $v0, 0xc0         # pipe_open(1, write): the requests (waits for the server)
        li      $a0, 1
        li      $a1, 1
        syscall
        move    $s0, $v0
        lw      $s1, count
loop:   li      $v0, 0xc2         # pipe_write(requests, buf, 4)
        move    $a0, $s0
        la      $a1, buf
        li      $a2, 4
        syscall
        li      $v0, 0xc1         # pipe_read(replies, buf, 4): waits for the answer
        move    $a0, $s2
        la      $a1, buf
        li      $a2, 4
        syscall
        addiu   $s1, $s1, -1
        bnez    $s1, loop
        li      $v0, 0xc3         # pipe_close(requests)
        move    $a0, $s0
        syscall
        li      $v0, 0xc3         # pipe_close(replies)
        move    $a0, $s2
        syscall
        li      $v0, 0x101        # exit(0)
        li      $a0, 0
        syscall
