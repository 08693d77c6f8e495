# IPC round trips over kernel pipes under the monolithic baseline (bench paper), the server.
# Started with $a0 = its read descriptor and $a2 = its write descriptor: it echoes each word
# back until end of file.
        .text
main:   move  $s0, $a0
        move  $s2, $a2
loop:   li    $v0, 0x190          # read($s0, buf, 4)
        move  $a0, $s0
        la    $a1, buf
        li    $a2, 4
        syscall
        beqz  $v0, done
        li    $v0, 0x191          # write($s2, buf, 4)
        move  $a0, $s2
        la    $a1, buf
        li    $a2, 4
        syscall
        b     loop
done:   li    $v0, 0x101          # exit(0)
        li    $a0, 0
        syscall
        .data
buf:    .word 0
