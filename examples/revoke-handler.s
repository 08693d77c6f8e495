# revoke-handler.s: a program with its own (MIPS) revocation handler. It takes two frames
# from the kernel, installs an exception handler and spins. When the kernel asks for frames
# back, it delivers exception 21 (EXC_REVOKE) to the handler, with the frame asked for (or
# minus the count) in $a1; the handler frees the second frame, tells the kernel with the
# revoke_done call, and jumps back to where the program was ($a2 = EPC).
        .data
cap1:   .space  16
cap2:   .space  16
save:   .space  32                # the exception save area the kernel writes

        .text
main:   la      $t0, cap1
        sw      $zero, 0($t0)     # touch .data so the library OS maps it (demand-zero)
        li      $v0, 0x102        # frame_alloc(&cap1)
        la      $a0, cap1
        syscall
        li      $v0, 0x102        # frame_alloc(&cap2)
        la      $a0, cap2
        syscall
        li      $v0, 0x107        # set_exception_handler(handler, save)
        la      $a0, handler
        la      $a1, save
        syscall
spin:   b       spin

handler:                          # $a0 = Cause, $a1 = BadVAddr, $a2 = EPC
        srl     $t0, $a0, 2
        andi    $t0, $t0, 31      # the exception code
        li      $t1, 21
        bne     $t0, $t1, other
        li      $v0, 0x103        # frame_free(&cap2): give one frame back
        la      $a0, cap2
        syscall
        li      $v0, 0x143        # revoke_done: 1 once the kernel is satisfied
        syscall
        jr      $a2               # resume the interrupted program
other:  li      $v0, 10           # anything else: exit
        syscall
