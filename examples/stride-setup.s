# stride-setup.s: hands out tickets in ExOS's stride scheduler (kernel/libos/sched/stride.ts)
# as a parent would to the processes of its application: itself 100 tickets first (the slice
# timer starts with it on the CPU, and it keeps most of it while it works), then environments
# 1, 2 and 3 (three stride-worker.s) 10, 20 and 30. After each call ExOS lays the kernel's
# slice vector out again in stride order. When it exits, its share goes to the workers, which
# then own slices in the proportion 1 : 2 : 3, interleaved (3, 5 and 8 of the 16).
        .data
set:    .asciiz "tickets set: env 1 = 10, env 2 = 20, env 3 = 30\n"
        .text
main:   li      $v0, 0xca         # sched_tickets(0 = me, 100)
        li      $a0, 0
        li      $a1, 100
        syscall
        bnez    $v1, fail
        li      $s0, 1            # environment s0 gets 10 x s0 tickets
give:   li      $v0, 0xca         # sched_tickets(s0, 10 * s0)
        move    $a0, $s0
        li      $t0, 10
        mul     $a1, $s0, $t0
        syscall
        bnez    $v1, fail
        addiu   $s0, $s0, 1
        li      $t0, 4
        bne     $s0, $t0, give
        la      $a0, set
        li      $v0, 4
        syscall
        li      $v0, 10
        syscall
fail:   li      $v0, 17           # exit2(1)
        li      $a0, 1
        syscall
