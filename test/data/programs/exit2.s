# exit2.s: prints a message without a trailing newline, then ends with exit2 (syscall 17) and
# status 42. Code after the syscall must never run.
# Exercises: syscall 17 (the simulator's exit status becomes 42), output flushed at exit.
        .data
msg:    .asciiz "leaving with status 42"
bad:    .asciiz "\nnot reached\n"

        .text
        .globl main
main:
        la    $a0, msg
        li    $v0, 4
        syscall
        li    $a0, 42
        li    $v0, 17
        syscall
        la    $a0, bad
        li    $v0, 4
        syscall
        li    $v0, 10
        syscall
