# The null kernel call (bench paper), one program for both kernels: 0x100 is env_self under
# the exokernel and getpid under the baseline. Started with $a0 = 1 to make the call N times
# ($a1 = N) or 0 for the empty loop.
        .text
main:   move  $s1, $a1
        beq   $a0, $zero, empty
call:   li    $v0, 0x100
        syscall
        addiu $s1, $s1, -1
        bnez  $s1, call
        b     done
empty:  li    $v0, 0x100
        nop
        addiu $s1, $s1, -1
        bnez  $s1, empty
done:   li    $v0, 0x101          # exit(0)
        li    $a0, 0
        syscall
