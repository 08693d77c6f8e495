# The Appel–Li virtual-memory benchmarks (bench paper), one program for both kernels through
# the portable calls of kernel/abi/vm-abi.ts. Started with $a0 = the mode and $a1 = N; it maps
# 100 pages at 0x7c000000 (a store to each: both kernels fill that region on demand), installs
# its fault handler (vm_trap), then runs N iterations:
#   0  empty loop                   5  trap: protect one page read-only, store to it (the
#   1  dirty: vm_dirty of one page     handler unprotects it and the store runs again)
#   2  prot1: protect one page      6  the same without the fault: protect, unprotect, store
#   3  prot100: protect 100 pages   8  appel1: load from a protected page (a stride of 37
#   4  unprot100: unprotect 100        through the 100); the handler protects the page that
#                                      faulted before and unprotects this one
#                                   9  appel2: protect all 100, load from each in order; the
#                                      handler unprotects the faulting page
        .data
last:   .word 0                   # appel1: the page the handler unprotected last

        .text
main:   move  $s0, $a0
        move  $s1, $a1
        li    $s2, 0x7c000000       # the 100 pages
        li    $t0, 100              # map and dirty every page
        move  $t1, $s2
touch:  sw    $zero, 0($t1)
        addiu $t1, $t1, 4096
        addiu $t0, $t0, -1
        bnez  $t0, touch
        li    $v0, 0xb2             # vm_trap(handler)
        la    $a0, handler
        syscall
        sw    $s2, last
        li    $t2, 1
        beq   $s0, $t2, dirty
        li    $t2, 2
        beq   $s0, $t2, prot1
        li    $t2, 3
        beq   $s0, $t2, prot100
        li    $t2, 4
        beq   $s0, $t2, unprot100
        li    $t2, 5
        beq   $s0, $t2, trap
        li    $t2, 6
        beq   $s0, $t2, notrap
        li    $t2, 8
        beq   $s0, $t2, appel1
        li    $t2, 9
        beq   $s0, $t2, appel2
empty:  addiu $s1, $s1, -1
        bnez  $s1, empty
        b     done

dirty:  li    $v0, 0xb1             # vm_dirty(region, 1, 0)
        move  $a0, $s2
        li    $a1, 1
        li    $a2, 0
        syscall
        addiu $s1, $s1, -1
        bnez  $s1, dirty
        b     done

prot1:  li    $v0, 0xb0             # vm_protect(region, 1, PROT_READ)
        move  $a0, $s2
        li    $a1, 1
        li    $a2, 1
        syscall
        addiu $s1, $s1, -1
        bnez  $s1, prot1
        b     done

prot100:
        li    $v0, 0xb0             # vm_protect(region, 100, PROT_READ)
        move  $a0, $s2
        li    $a1, 100
        li    $a2, 1
        syscall
        addiu $s1, $s1, -1
        bnez  $s1, prot100
        b     done

unprot100:
        li    $v0, 0xb0             # vm_protect(region, 100, PROT_READ_WRITE)
        move  $a0, $s2
        li    $a1, 100
        li    $a2, 3
        syscall
        addiu $s1, $s1, -1
        bnez  $s1, unprot100
        b     done

trap:   li    $v0, 0xb0             # vm_protect(region, 1, PROT_READ)
        move  $a0, $s2
        li    $a1, 1
        li    $a2, 1
        syscall
        sw    $zero, 0($s2)         # faults; the handler unprotects
        addiu $s1, $s1, -1
        bnez  $s1, trap
        b     done

notrap: li    $v0, 0xb0             # vm_protect(region, 1, PROT_READ)
        move  $a0, $s2
        li    $a1, 1
        li    $a2, 1
        syscall
        li    $v0, 0xb0             # vm_protect(region, 1, PROT_READ_WRITE), as the handler
        move  $a0, $s2
        li    $a1, 1
        li    $a2, 3
        syscall
        sw    $zero, 0($s2)
        addiu $s1, $s1, -1
        bnez  $s1, notrap
        b     done

appel1: li    $v0, 0xb0             # vm_protect(region, 100, PROT_NONE)
        move  $a0, $s2
        li    $a1, 100
        li    $a2, 0
        syscall
        li    $s3, 0                # the page index
a1loop: addiu $s3, $s3, 37
        sltiu $t0, $s3, 100
        bnez  $t0, a1in
        addiu $s3, $s3, -100
a1in:   sll   $t0, $s3, 12
        addu  $t0, $t0, $s2
        lw    $t1, 0($t0)           # faults: the page is protected
        addiu $s1, $s1, -1
        bnez  $s1, a1loop
        b     done

appel2: li    $v0, 0xb0             # vm_protect(region, 100, PROT_NONE)
        move  $a0, $s2
        li    $a1, 100
        li    $a2, 0
        syscall
        li    $s3, 100
        move  $s4, $s2
a2loop: lw    $t1, 0($s4)           # faults; the handler unprotects
        addiu $s4, $s4, 4096
        addiu $s3, $s3, -1
        bnez  $s3, a2loop
        addiu $s1, $s1, -1
        bnez  $s1, appel2

done:   li    $v0, 10               # exit
        syscall

# The fault handler: an ordinary function, $a0 = the address, $a1 = the kind. It unprotects
# the faulting page (appel1: after protecting the page it unprotected last) and returns; the
# faulting instruction then runs again.
handler:
        srl   $t0, $a0, 12
        sll   $t0, $t0, 12          # the page
        li    $t1, 8
        bne   $s0, $t1, unprot
        lw    $a0, last             # appel1: protect the previous page again
        li    $a1, 1
        li    $a2, 0
        li    $v0, 0xb0
        syscall
        sw    $t0, last
unprot: move  $a0, $t0              # vm_protect(page, 1, PROT_READ_WRITE)
        li    $a1, 1
        li    $a2, 3
        li    $v0, 0xb0
        syscall
        jr    $ra
