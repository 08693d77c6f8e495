# Exception dispatch under the exokernel (bench paper). Started with $a0 = the kind
# (0 unaligned access, 1 overflow, 2 coprocessor unusable, 3 protection fault, 4 no fault:
# the empty loop) and $a1 = N. It installs a MIPS exception handler with a save area
# (set_exception_handler), then makes the exception N times; the handler skips the faulting
# instruction and resumes the program itself, without a kernel call.
        .text
main:   move  $s0, $a0
        move  $s1, $a1
        li    $v0, 0x107          # set_exception_handler(handler, save)
        la    $a0, handler
        la    $a1, save
        syscall
        li    $v0, 0x102          # frame_alloc(cap): a page to map read-only
        la    $a0, cap
        syscall
        li    $v0, 0x104          # bind(0x20000000, cap, 0): read-only
        li    $a0, 0x20000000
        la    $a1, cap
        li    $a2, 0
        syscall
        li    $s2, 0x20000000     # a store here is a protection fault
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
done:   li    $v0, 0x101          # env_exit(0)
        li    $a0, 0
        syscall

# Entered in user mode with $a0 = Cause, $a1 = BadVAddr, $a2 = EPC; the kernel saved EPC,
# Cause, BadVAddr, $at, $a0, $a1, $a2 in `save`. Resumes after the faulting instruction
# (never in a delay slot here) with $a0..$a2 restored; $at is the handler's scratch.
        .set noreorder
handler:
        addiu $a0, $a2, 4
        lui   $at, %hi(save)
        addiu $at, $at, %lo(save)
        lw    $a1, 20($at)
        lw    $a2, 24($at)
        jr    $a0
        lw    $a0, 16($at)        # delay slot: the program's $a0 back
        .set reorder

        .data
save:   .space 28
cap:    .space 16
        .align 2
word:   .word 0, 0
