# receive.s: waits for one packet with the net_recv kernel call, prints its length and
# byte 40, and exits. The packet arrives only if a filter this environment installed
# accepts it; until then net_recv answers E_BUSY and the program polls again.
        .data
buf:    .space  64
        .text
main:   la      $s0, buf
        sw      $zero, 0($s0)     # touch buf so the library OS maps it (demand-zero)
poll:   li      $v0, 0x162        # net_recv(buf, 64): length in $v0, error in $v1
        move    $a0, $s0
        li      $a1, 64
        syscall
        bnez    $v1, poll
        move    $a0, $v0          # print_int(length)
        li      $v0, 1
        syscall
        li      $a0, 32           # print_char(' ')
        li      $v0, 11
        syscall
        lbu     $a0, 40($s0)      # print_int(byte 40)
        li      $v0, 1
        syscall
        li      $v0, 10           # exit
        syscall
