# Protected control transfer round trips under the exokernel (bench paper), the server: its
# synchronous entry point transfers straight back to the caller ($a0), or exits when $a2 = 1.
        .text
main:   b     main                # runs only if scheduled before any transfer
sync:   bnez  $a2, quit
        li    $a1, 0
        li    $v0, 0x134          # pct($a0 = the caller, sync)
        syscall
quit:   li    $v0, 0x101          # env_exit(0)
        li    $a0, 0
        syscall
