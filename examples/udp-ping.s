# udp-ping.s: the asking side of a UDP ping-pong under ExOS. Binds UDP port 7001, waits until
# the ponger has published its port (name 7002), then five times sends "ping N" to
# 10.0.0.1:7002 through the network device and waits for the answer, printing it with where
# it came from. Frames leave through the network interface and come back in through it
# (loopback); the kernel's compiled packet filters hand each to the environment that claimed
# its port.
        .data
msg:    .ascii  "ping 0"
buf:    .space  64
sent:   .asciiz "sent "
got:    .asciiz ", got "
from:   .asciiz " from 10.0.0."
colon:  .asciiz ":"
nl:     .asciiz "\n"
        .text
main:   li      $v0, 0xc7         # udp_bind(7001)
        li      $a0, 7001
        syscall
        bnez    $v1, fail
        li      $v0, 0xc6         # name_lookup(7002): waits until the ponger listens
        li      $a0, 7002
        syscall
        li      $s0, 1
ping:   la      $t0, msg          # "ping N"
        addiu   $t1, $s0, 48
        sb      $t1, 5($t0)
        li      $v0, 0xc8         # udp_send(1, 7002, msg, 6)
        li      $a0, 1
        li      $a1, 7002
        move    $a2, $t0
        li      $a3, 6
        syscall
        bnez    $v1, fail
        li      $v0, 0xc9         # udp_recv(buf, 63): waits for the answer
        la      $a0, buf
        li      $a1, 63
        syscall
        bnez    $v1, fail
        move    $s1, $a0          # the sender's host and port
        move    $s2, $a1
        la      $t0, buf
        addu    $t0, $t0, $v0
        sb      $zero, 0($t0)     # end the answer's string
        la      $a0, sent
        li      $v0, 4
        syscall
        jal     printmsg          # "ping N" (msg has no NUL of its own)
        la      $a0, got
        li      $v0, 4
        syscall
        la      $a0, buf
        li      $v0, 4
        syscall
        la      $a0, from
        li      $v0, 4
        syscall
        move    $a0, $s1
        li      $v0, 1
        syscall
        la      $a0, colon
        li      $v0, 4
        syscall
        move    $a0, $s2
        li      $v0, 1
        syscall
        la      $a0, nl
        li      $v0, 4
        syscall
        addiu   $s0, $s0, 1
        li      $t0, 6
        bne     $s0, $t0, ping
        li      $v0, 10           # exit
        syscall
fail:   li      $v0, 17           # exit2(1)
        li      $a0, 1
        syscall

# printmsg: prints the 6 bytes of msg one print_char at a time.
printmsg:
        la      $t0, msg
        li      $t1, 6
pc:     lbu     $a0, 0($t0)
        li      $v0, 11
        syscall
        addiu   $t0, $t0, 1
        addiu   $t1, $t1, -1
        bnez    $t1, pc
        jr      $ra
