# Exception dispatch under the monolithic baseline (bench paper). Started with $a0 = the kind
# (0 unaligned access, 1 overflow, 2 coprocessor unusable, 3 protection fault, 4 no fault:
# the empty loop) and $a1 = N. It installs one signal handler (sigaction) for SIGILL, SIGFPE,
# SIGBUS and SIGSEGV, then makes the exception N times; the handler moves the saved pc past
# the faulting instruction in the signal context and returns through sigreturn.
        .text
main:   move  $s0, $a0
        move  $s1, $a1
        li    $t3, 4              # SIGILL
        jal   install
        li    $t3, 8              # SIGFPE
        jal   install
        li    $t3, 10             # SIGBUS
        jal   install
        li    $t3, 11             # SIGSEGV
        jal   install
        li    $s2, 0x20000000     # a demand-zero page, then read-only
        sw    $zero, 0($s2)
        li    $v0, 0x182          # mprotect(0x20000000, 0)
        move  $a0, $s2
        li    $a1, 0
        syscall
        li    $s4, 0x7fffffff     # adding it to itself overflows
        la    $s3, word
        addiu $s3, $s3, 1         # an unaligned address
        li    $t2, 1
        beq   $s0, $zero, unal
        beq   $s0, $t2, ovf
        li    $t2, 2
        beq   $s0, $t2, cpu
        li    $t2, 3
        beq   $s0, $t2, prot
empty:  nop
        addiu $s1, $s1, -1
        bnez  $s1, empty
        b     done
unal:   lw    $t0, 0($s3)
        addiu $s1, $s1, -1
        bnez  $s1, unal
        b     done
ovf:    add   $t0, $s4, $s4
        addiu $s1, $s1, -1
        bnez  $s1, ovf
        b     done
cpu:    mfc0  $t0, $12
        addiu $s1, $s1, -1
        bnez  $s1, cpu
        b     done
prot:   sw    $zero, 0($s2)
        addiu $s1, $s1, -1
        bnez  $s1, prot
done:   li    $v0, 0x101          # exit(0)
        li    $a0, 0
        syscall

install:                          # sigaction($t3, handler)
        li    $v0, 0x180
        move  $a0, $t3
        la    $a1, handler
        syscall
        jr    $ra

# Entered with $a0 = signal, $a1 = Cause, $a2 = $sp = the signal context (sc_pc at 136).
handler:
        lw    $t0, 136($a2)
        addiu $t0, $t0, 4
        sw    $t0, 136($a2)
        move  $a0, $a2
        li    $v0, 0x181          # sigreturn(scp)
        syscall

        .data
        .align 2
word:   .word 0, 0
