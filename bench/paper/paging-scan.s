# Application-controlled paging vs the kernel's LRU (bench paper): a cyclic scan of more
# pages than there are frames. Started with $a0 = the paging policy it asks ExOS for
# (vm_policy: 0 FIFO, 1 MRU; under `load` $a0 is argc = 1, MRU); the baseline answers
# E_NOSYS and keeps its LRU. Pass 0 writes two words into each of the 40 pages; passes 1..3
# read them back in order and add them up. Prints the sum, the same under both kernels.
        .data
pages:  .space 163840              # 40 pages, demand-zero

        .text
main:   li    $v0, 0xb3            # vm_policy($a0); ignored where the kernel decides
        syscall
        la    $s0, pages
        li    $s1, 0               # page index
fill:   sll   $t0, $s1, 12
        addu  $t0, $t0, $s0
        sw    $s1, 0($t0)          # word 0: the index
        sll   $t1, $s1, 1
        sw    $t1, 4092($t0)       # word 1023: twice the index
        addiu $s1, $s1, 1
        sltiu $t2, $s1, 40
        bnez  $t2, fill
        li    $s3, 3               # passes
        li    $s4, 0               # the sum
pass:   li    $s1, 0
scan:   sll   $t0, $s1, 12
        addu  $t0, $t0, $s0
        lw    $t1, 0($t0)
        addu  $s4, $s4, $t1
        lw    $t1, 4092($t0)
        addu  $s4, $s4, $t1
        addiu $s1, $s1, 1
        sltiu $t2, $s1, 40
        bnez  $t2, scan
        addiu $s3, $s3, -1
        bnez  $s3, pass
        move  $a0, $s4             # 3 passes x (0+..+39) x 3 = 7020
        li    $v0, 1
        syscall
        li    $a0, 10
        li    $v0, 11
        syscall
        li    $v0, 10
        syscall
