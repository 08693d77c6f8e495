# lrpc-client.s: calls the service of lrpc-server.s by LRPC over protected control transfer.
# It maps the same shared page (key 9), puts 1..100 in it, finds the service's environment by
# name (name_lookup waits until it is published), and calls it three times, for the sums of
# the first 10, 20 and 30 words: arguments in registers and the shared page, the answer back
# in $a2 at its own entry point `reply`. As ExOS's LRPC stub does, it does not trust the
# server with its registers: it saves $s0, $s1, $sp and $ra before each call and restores them
# on return. It prints each sum and the count of calls the server has written in the shared
# page, then asks the service to quit.
        .data
save:   .space  16
sumis:  .asciiz "sum of the first "
words:  .asciiz " words = "
served: .asciiz ", calls served (shared page) = "
nl:     .asciiz "\n"
gone:   .asciiz "the server has quit\n"
        .text
main:   li      $v0, 0xc4         # shm_attach(9, 0x30000000)
        li      $a0, 9
        li      $a1, 0x30000000
        syscall
        bnez    $v1, fail
        li      $t0, 0x30000000   # the shared page: words 1..100
        li      $t1, 1
fill:   sw      $t1, 0($t0)
        addiu   $t0, $t0, 4
        addiu   $t1, $t1, 1
        li      $t2, 101
        bne     $t1, $t2, fill
        li      $v0, 0xc6         # name_lookup(7): the server's environment
        li      $a0, 7
        syscall
        move    $s0, $v0
        li      $v0, 0x135        # set_entry_points(reply, 0)
        la      $a0, reply
        li      $a1, 0
        syscall
        li      $s1, 10           # words to add this call
call:   la      $t0, save         # the stub: keep what the server may not touch
        sw      $s0, 0($t0)
        sw      $s1, 4($t0)
        sw      $sp, 8($t0)
        sw      $ra, 12($t0)
        move    $a0, $s0
        li      $a1, 0
        move    $a2, $s1
        li      $a3, 0
        li      $v0, 0x134        # pct(server, sync)
        syscall
        b       fail              # not reached: the server answers at reply
reply:  la      $t0, save         # entered by the server's pct: its registers, answer in $a2
        lw      $s0, 0($t0)
        lw      $s1, 4($t0)
        lw      $sp, 8($t0)
        lw      $ra, 12($t0)
        move    $s2, $a2
        la      $a0, sumis
        li      $v0, 4
        syscall
        move    $a0, $s1
        li      $v0, 1
        syscall
        la      $a0, words
        li      $v0, 4
        syscall
        move    $a0, $s2
        li      $v0, 1
        syscall
        la      $a0, served
        li      $v0, 4
        syscall
        li      $t0, 0x30000ffc
        lw      $a0, 0($t0)
        li      $v0, 1
        syscall
        la      $a0, nl
        li      $v0, 4
        syscall
        addiu   $s1, $s1, 10
        li      $t0, 40
        bne     $s1, $t0, call
        move    $a0, $s0          # pct(server, sync) with $a3 = 1: quit
        li      $a1, 0
        li      $a3, 1
        li      $v0, 0x134
        syscall
        la      $a0, gone         # we run again once the server has gone
        li      $v0, 4
        syscall
        li      $v0, 10
        syscall
fail:   li      $v0, 17           # exit2(1)
        li      $a0, 1
        syscall
