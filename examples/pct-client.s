# pct-client.s: calls the server (environment 1) by synchronous protected control transfer
# with 20 and 22 in $a2 and $a3; the server's reply enters `reply` with the sum in $a2, which
# it prints before exiting.
        .text
main:   li      $v0, 0x135        # set_entry_points(reply, 0)
        la      $a0, reply
        li      $a1, 0
        syscall
        li      $a2, 20
        li      $a3, 22
        li      $v0, 0x134        # pct(1, sync)
        li      $a0, 1
        li      $a1, 0
        syscall
lost:   b       lost              # not reached: control comes back at reply
        nop

reply:  move    $a0, $a2          # print_int(sum)
        li      $v0, 1
        syscall
        li      $v0, 10           # exit
        syscall
