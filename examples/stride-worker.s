# stride-worker.s: a CPU-bound worker for ExOS's stride scheduler (stride-setup.s gives each
# worker its tickets). It counts to 400,000 in $s0 without any system call, so how fast it
# gets there is exactly its share of the CPU, then prints its environment id and exits.
        .data
env:    .asciiz "env "
done:   .asciiz " counted to 400000\n"
        .text
main:   li      $s0, 0
        li      $s1, 400000
count:  addiu   $s0, $s0, 1
        bne     $s0, $s1, count
        la      $a0, env
        li      $v0, 4
        syscall
        li      $v0, 0x100        # env_self
        syscall
        move    $a0, $v0
        li      $v0, 1
        syscall
        la      $a0, done
        li      $v0, 4
        syscall
        li      $v0, 10
        syscall
