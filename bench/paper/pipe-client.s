# IPC round trips over kernel pipes under the monolithic baseline (bench paper), the client.
# Started with $a0 = its write descriptor, $a2 = its read descriptor and $a1 = N: each round
# trip writes a word to the server and reads the server's word back.
        .text
main:   move  $s0, $a0
        move  $s1, $a1
        move  $s2, $a2
loop:   li    $v0, 0x191          # write($s0, buf, 4)
        move  $a0, $s0
        la    $a1, buf
        li    $a2, 4
        syscall
        li    $v0, 0x190          # read($s2, buf, 4): sleeps until the reply
        move  $a0, $s2
        la    $a1, buf
        li    $a2, 4
        syscall
        addiu $s1, $s1, -1
        bnez  $s1, loop
        li    $v0, 0x101          # exit(0): closes the write end, the server sees EOF
        li    $a0, 0
        syscall
        .data
buf:    .word 0
