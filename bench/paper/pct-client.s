# Protected control transfer round trips under the exokernel (bench paper), the client.
# Started with $a0 = the server's environment id and $a1 = N. Each round trip is a synchronous
# pct to the server's entry point and the server's pct back to `reply`. The count rides in $s1,
# which the server leaves alone (pct passes registers, it saves none).
        .text
main:   move  $s0, $a0
        move  $s1, $a1
        li    $v0, 0x135          # set_entry_points(reply, 0)
        la    $a0, reply
        li    $a1, 0
        syscall
        move  $a0, $s0
        li    $a2, 0              # 0: reply to me; 1: quit
call:   li    $a1, 0
        li    $v0, 0x134          # pct($a0 = server, sync)
        syscall
        b     done                # resumed by the scheduler once the server has quit
reply:  addiu $s1, $s1, -1        # entered with $a0 = the server's id
        bnez  $s1, call
        li    $a2, 1
        b     call
done:   li    $v0, 0x101          # env_exit(0)
        li    $a0, 0
        syscall
