# TLB-heavy benchmark: word writes and reads spread over 512 pages (2 MiB), eight times more
# pages than the 64-entry TLB can map, visited in scattered orders (page i*37 mod 512 when
# writing, i*101 mod 512 when reading), so nearly every access misses and goes through the
# TLB refill handler. Repeated R times; prints a checksum: the sum over r = R..1 of
# sum over i < 512 of (i xor r). SPIM/MARS syscall conventions: 1 print_int, 10 exit.
        .data
pages:  .space 2097152
        .text
        .globl main
main:
        la    $s0, pages
        li    $s7, 300          # repetitions R, counted down to 1
        li    $s6, 512          # pages
        li    $v1, 0            # checksum
rep:
        sll   $s1, $s7, 2       # this repetition's word offset inside every page
        andi  $s1, $s1, 4092
        addu  $s1, $s1, $s0
        li    $t0, 0            # i
        li    $t8, 0            # page = i*37 mod 512
write:  sll   $t1, $t8, 12
        addu  $t1, $t1, $s1
        xor   $t3, $t0, $s7
        sw    $t3, 0($t1)
        addiu $t8, $t8, 37
        andi  $t8, $t8, 511
        addiu $t0, $t0, 1
        bne   $t0, $s6, write
        li    $t0, 0
        li    $t8, 0            # page = i*101 mod 512
read:   sll   $t1, $t8, 12
        addu  $t1, $t1, $s1
        lw    $t3, 0($t1)
        addu  $v1, $v1, $t3
        addiu $t8, $t8, 101
        andi  $t8, $t8, 511
        addiu $t0, $t0, 1
        bne   $t0, $s6, read
        addiu $s7, $s7, -1
        bne   $s7, $zero, rep
        move  $a0, $v1
        li    $v0, 1
        syscall
        li    $a0, 10
        li    $v0, 11
        syscall
        li    $v0, 10
        syscall
