# touch-twice.s: reads and writes one word in each of 80 pages, twice over, then exits with
# the env_exit kernel call. 80 pages do not fit in the 64-entry hardware TLB, so the second
# pass misses in the TLB again; the kernel answers those misses from its STLB.
        .data
pages:  .space  327680            # 80 pages of 4 KiB

        .text
main:   li      $s0, 2            # two passes
pass:   la      $t0, pages
        li      $t1, 80
touch:  lw      $t2, 0($t0)
        addiu   $t2, $t2, 1
        sw      $t2, 0($t0)
        addiu   $t0, $t0, 4096
        addiu   $t1, $t1, -1
        bnez    $t1, touch
        addiu   $s0, $s0, -1
        bnez    $s0, pass
done:   li      $v0, 0x101        # env_exit(0)
        li      $a0, 0
        syscall
