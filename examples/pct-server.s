# pct-server.s: a server reached by protected control transfer. main publishes the entry
# point and spins; `add` is entered with the caller's registers: $a0 = the caller's id,
# $a1 = the mode, the arguments in $a2 and $a3. It replies to the caller's synchronous entry
# with the sum in $a2 (the caller's slice goes back with it).
# Numbers: 0x134 pct(target, mode), 0x135 set_entry_points(sync_pc, async_pc).
        .text
main:   li      $v0, 0x135        # set_entry_points(add, 0)
        la      $a0, add
        li      $a1, 0
        syscall
spin:   b       spin
        nop

add:    addu    $a2, $a2, $a3
        li      $a1, 0            # pct(caller, sync): $a0 already names the caller
        li      $v0, 0x134
        syscall
        b       spin              # when the scheduler runs us next, we go on from here
        nop
