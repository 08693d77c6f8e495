# Packet filters (bench paper), one program for both kernels: it downloads $a0 filters, each
# claiming UDP to one port (7000, 7001, ...), then spins $a1 times while the bench's packets
# arrive. Every packet goes to the last port installed, so the kernel runs all $a0 filters on
# it: compiled under the exokernel (kernel/exo/network.ts), interpreted in the baseline's
# kernel (kernel/mono/net.ts). The program never receives: what is measured is the kernel's
# work per arriving packet (interrupt, driver, filters, queueing).
#
# The filter, in kernel/filter's assembly (two words per instruction below):
#   ldh [12]; jeq #0x0800, ip, drop        EtherType IPv4?
#   ip: ldb [23]; jeq #17, udp, drop       protocol UDP?
#   udp: ldx 4*([14]&0xf); ldh [x+16]      destination port, after the IP header's real length
#   jeq #7000, yes, drop                   our port (word 13, patched before each install)
#   yes: accept; drop: reject
        .text
main:   move  $s0, $a0
        move  $s1, $a1
        li    $s2, 0
install:
        la    $t0, filter
        li    $t1, 7000
        addu  $t1, $t1, $s2
        sw    $t1, 52($t0)        # word 13: the port constant of `jeq #port`
        li    $v0, 0x160          # filter_install(filter, 18 words, min length 42, &cap)
        move  $a0, $t0
        li    $a1, 18
        li    $a2, 42
        la    $a3, cap
        syscall
        bnez  $v1, fail
        addiu $s2, $s2, 1
        bne   $s2, $s0, install
spin:   addiu $s1, $s1, -1
        bnez  $s1, spin
        li    $v0, 0x101          # exit(0)
        li    $a0, 0
        syscall
fail:   li    $v0, 0x101          # exit(1): a filter was refused
        li    $a0, 1
        syscall
        .data
filter: .word 0x02000000, 0x0000000c, 0x31002008, 0x00000800, 0x03000000, 0x00000017
        .word 0x31004008, 0x00000011, 0x0d000000, 0x0000000e, 0x05000000, 0x00000010
        .word 0x31007008, 0x00001b58, 0x40000000, 0x00000000, 0x41000000, 0x00000000
cap:    .space 16
