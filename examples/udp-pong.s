# udp-pong.s: the answering side of a UDP ping-pong under ExOS (ExOS's datagram protocol over
# a downloaded packet filter, kernel/libos/net/udp.ts). Binds UDP port 7002 (the kernel now
# runs our filter on every arriving frame), publishes the port as name 7002 so the pinger
# knows it is listening, then answers five datagrams: each "ping N" goes back to its sender
# as "pong N". Library-OS calls: kernel/libos/ipc/abi.ts.
        .data
buf:    .space  64
        .text
main:   li      $v0, 0xc7         # udp_bind(7002)
        li      $a0, 7002
        syscall
        bnez    $v1, fail
        li      $v0, 0xc5         # name_publish(7002): listening
        li      $a0, 7002
        syscall
        li      $s0, 5
serve:  li      $v0, 0xc9         # udp_recv(buf, 64): waits; $a0/$a1 = the sender
        la      $a0, buf
        li      $a1, 64
        syscall
        bnez    $v1, fail
        la      $t0, buf          # "ping N" -> "pong N"
        li      $t1, 111          # 'o'
        sb      $t1, 1($t0)
        move    $a2, $t0          # udp_send(sender host, sender port, buf, length)
        move    $a3, $v0
        li      $v0, 0xc8
        syscall
        bnez    $v1, fail
        addiu   $s0, $s0, -1
        bnez    $s0, serve
        li      $v0, 10           # exit
        syscall
fail:   li      $v0, 17           # exit2(1)
        li      $a0, 1
        syscall
