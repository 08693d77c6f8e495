# Copy-on-write fork (portable calls, kernel/abi/vm-abi.ts): the parent and the child each
# write their own value into the same word `x` and each reads back its own. Under ExOS the
# fork is library-OS code over the exokernel's page calls; the first store on each side
# copies the shared page. Load it with `load NAME examples/fork.s` in the shell.
        .data
x:      .word 1
child_says:  .asciiz "child: x = "
parent_says: .asciiz "parent: x = "
exited:      .asciiz "parent: child exited with "
nl:          .asciiz "\n"

        .text
main:   li    $v0, 0xb4           # fork()
        syscall
        bltz  $v0, failed
        beqz  $v0, child
        move  $s0, $v0            # the child's id
        li    $t0, 100
        sw    $t0, x              # the parent's own value
        li    $v0, 0xb5           # wait(child)
        move  $a0, $s0
        syscall
        move  $s1, $v0
        la    $a0, exited
        li    $v0, 4
        syscall
        move  $a0, $s1
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        la    $a0, parent_says
        li    $v0, 4
        syscall
        lw    $a0, x
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        li    $v0, 10             # exit
        syscall

child:  li    $t0, 200
        sw    $t0, x              # the child's own value
        la    $a0, child_says
        li    $v0, 4
        syscall
        lw    $a0, x
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        li    $v0, 17             # exit2(7)
        li    $a0, 7
        syscall

failed: li    $v0, 17             # exit2(1): fork refused
        li    $a0, 1
        syscall
