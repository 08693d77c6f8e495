# pct-server.s: a service entered by protected control transfer. It never runs on its own
# (main only spins): a client's `pct` enters it at add_entry with the client's registers,
# $a0 = the client's id; it adds $a2 and $a3 and transfers back to the client with the sum in
# $a2. When the scheduler runs it again, it resumes after that transfer and exits.
        .text
main:   b       main
add_entry:
        addu    $a2, $a2, $a3
        li      $a1, 0            # pct($a0 = the caller, sync)
        li      $v0, 0x134
        syscall
        li      $v0, 10           # exit
        syscall
