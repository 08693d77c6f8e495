# touch-twice.s: adds 1 to one word in each of 80 pages, twice over, then exits.
# The pages start out unmapped: on the first pass each touch misses in the STLB and the
# library OS's page-fault handler binds a zeroed frame (demand-zero). 80 pages do not fit in
# the 64-entry hardware TLB, so the second pass misses in the TLB again, and now the kernel
# answers from its STLB without asking the library OS.
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
done:   li      $v0, 10           # exit
        syscall
