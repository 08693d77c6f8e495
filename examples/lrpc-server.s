# lrpc-server.s: an LRPC service under ExOS. It maps shared page 9 at 0x30000000 (shm_attach),
# sets its synchronous PCT entry point to `sum`, publishes itself as service 7 and then gives
# its slices away until a client calls. A call is a protected control transfer into `sum` with
# the client's registers: $a0 = the client (set by the kernel), $a2 = how many words of the
# shared page to add, $a3 = 1 to ask the service to quit. The answer goes back in $a2 by a
# transfer to the client; the count of calls served is kept in the shared page (word 1023),
# where the client reads it. Library-OS calls: kernel/libos/ipc/abi.ts.
        .text
main:   li      $v0, 0xc4         # shm_attach(9, 0x30000000)
        li      $a0, 9
        li      $a1, 0x30000000
        syscall
        bnez    $v1, fail
        li      $v0, 0x135        # set_entry_points(sum, 0)
        la      $a0, sum
        li      $a1, 0
        syscall
        li      $v0, 0xc5         # name_publish(7)
        li      $a0, 7
        syscall
idle:   li      $v0, 0x132        # yield: nothing to do until a call comes
        syscall
        b       idle

sum:    bnez    $a3, quit         # the procedure: uses only temporaries, no stack
        li      $t0, 0x30000000
        li      $t1, 0
        move    $t2, $a2
add:    beqz    $t2, reply
        lw      $t3, 0($t0)
        addu    $t1, $t1, $t3
        addiu   $t0, $t0, 4
        addiu   $t2, $t2, -1
        b       add
reply:  li      $t0, 0x30000ffc   # calls served, in the shared page
        lw      $t2, 0($t0)
        addiu   $t2, $t2, 1
        sw      $t2, 0($t0)
        move    $a2, $t1          # the result
        li      $a1, 0            # pct($a0 = the client, sync): back to its entry point
        li      $v0, 0x134
        syscall
        b       idle              # if the scheduler runs us before the next call
quit:   li      $v0, 10           # exit
        syscall
fail:   li      $v0, 17           # exit2(1)
        li      $a0, 1
        syscall
