# pct-client.s: calls the service in environment 1 by protected control transfer, passing 20
# and 22 in $a2 and $a3, and prints what comes back at its own entry point, reply.
        .text
main:   li      $v0, 0x135        # set_entry_points(reply, 0): where transfers to us land
        la      $a0, reply
        li      $a1, 0
        syscall
        li      $a2, 20
        li      $a3, 22
        li      $v0, 0x134        # pct(1, sync): enter environment 1 at its sync entry
        li      $a0, 1
        li      $a1, 0
        syscall
spin:   b       spin              # not reached: the server transfers to reply
reply:  move    $a0, $a2          # print_int(the sum)
        li      $v0, 1
        syscall
        li      $v0, 10           # exit
        syscall
