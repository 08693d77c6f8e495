# The Appel–Li primitives through the portable calls (kernel/abi/vm-abi.ts): the same output
# under ExOS (library-OS page tables, a user-level upcall) and under the monolithic baseline
# (mprotect-style calls, SIGSEGV with a full trap frame). Load it with
# `load NAME examples/appel-li.s` in the shell.
        .data
dirty_says: .asciiz "dirty pages: "
trap_says:  .asciiz "trap: "
read_says:  .asciiz "read at "
write_says: .asciiz "write at "
value_says: .asciiz "value: "
count_says: .asciiz "traps: "
nl:         .asciiz "\n"
            .align 2
bits:       .space 8
traps:      .word 0

        .text
main:   li    $s0, 0x7c000000      # two pages the program fills on demand
        lw    $t0, 4096($s0)       # map the second page: a load leaves it clean
        li    $t0, 5
        sw    $t0, 0($s0)          # the first page becomes dirty
        li    $v0, 0xb1            # vm_dirty(page, 2, bits)
        move  $a0, $s0
        li    $a1, 2
        la    $a2, bits
        syscall
        move  $s1, $v0
        la    $a0, dirty_says
        jal   puts
        move  $a0, $s1
        jal   putint

        li    $v0, 0xb2            # vm_trap(handler)
        la    $a0, handler
        syscall

        li    $v0, 0xb0            # vm_protect(page, 1, PROT_READ)
        move  $a0, $s0
        li    $a1, 1
        li    $a2, 1
        syscall
        li    $t0, 7
        sw    $t0, 0($s0)          # traps; the handler unprotects; the store runs again
        lw    $s1, 0($s0)
        la    $a0, value_says
        jal   puts
        move  $a0, $s1
        jal   putint

        li    $v0, 0xb0            # vm_protect(page, 1, PROT_NONE)
        move  $a0, $s0
        li    $a1, 1
        li    $a2, 0
        syscall
        lw    $s1, 0($s0)          # traps too
        la    $a0, value_says
        jal   puts
        move  $a0, $s1
        jal   putint

        la    $a0, count_says
        jal   puts
        lw    $a0, traps
        jal   putint
        li    $v0, 10
        syscall

# handler(address, kind): says what happened, unprotects the page, returns.
handler:
        move  $t8, $ra
        move  $t6, $a0
        move  $t7, $a1
        lw    $t0, traps
        addiu $t0, $t0, 1
        sw    $t0, traps
        la    $a0, trap_says
        li    $v0, 4
        syscall
        la    $a0, read_says
        beqz  $t7, say
        la    $a0, write_says
say:    li    $v0, 4
        syscall
        move  $a0, $t6
        jal   putint
        srl   $a0, $t6, 12
        sll   $a0, $a0, 12
        li    $a1, 1
        li    $a2, 3               # PROT_READ_WRITE
        li    $v0, 0xb0
        syscall
        jr    $t8

puts:   li    $v0, 4               # print_string($a0)
        syscall
        jr    $ra

putint: li    $v0, 1               # print_int($a0), then a newline
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        jr    $ra
