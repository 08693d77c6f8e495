/**
 * The portable process and virtual-memory calls: one syscall ABI that a MIPS program uses under
 * either kernel (ExOS on the exokernel, kernel/libos/; the monolithic baseline, kernel/mono/).
 * SPIM/o32 conventions as everywhere else: `syscall` with the number in $v0 and arguments in
 * $a0..$a3; the value comes back in $v0 and the error code (kernel/exo/errors.ts) in $v1, with
 * $v0 = -1 on an error. The numbers sit below the exokernel's KERNEL_CALL_BASE (0x100), among
 * the calls a library OS answers, above SPIM's and MARS's (1..90) and beside the IPC calls
 * (0xc0.., kernel/libos/ipc/abi.ts):
 *
 *   0xb0 vm_protect(vaddr, npages, prot)   prot PROT_NONE, PROT_READ or PROT_READ_WRITE for the
 *                                        npages mapped pages from vaddr's page; 0, or E_FAULT if
 *                                        one is not mapped (nothing changes then)
 *   0xb1 vm_dirty(vaddr, npages, buf)      how many of the pages have been written since they
 *                                        were mapped; with buf != 0, one word per page at buf
 *                                        (1 dirty, 0 clean)
 *   0xb2 vm_trap(handler)                  the user-level fault handler (0: none). A load from a
 *                                        PROT_NONE page or a store to a page without write
 *                                        permission calls handler(addr, kind, frame) as an
 *                                        ordinary function: $a0 = the faulting address, $a1 =
 *                                        TRAP_READ or TRAP_WRITE, $a2 = a kernel-specific frame
 *                                        pointer, $ra = a return stub. It may use the temporaries
 *                                        and must keep $s0..$s7, $sp, $fp, $gp as o32 asks. When
 *                                        it returns, the faulting instruction runs again (so the
 *                                        handler should unprotect the page). It must not itself
 *                                        fault on a protected page.
 *   0xb3 vm_policy(policy)                 the paging policy when memory runs out (POLICY_*):
 *                                        only where the library OS manages paging (ExOS);
 *                                        the baseline's kernel keeps its LRU and answers E_NOSYS
 *   0xb4 fork()                            a copy of the calling process: the child's id in the
 *                                        parent, 0 in the child
 *   0xb5 wait(pid)                         waits for child pid to exit; returns its exit code
 *
 * Exit and console output are SPIM's calls (1 print_int, 4 print_string, 11 print_char,
 * 10 exit, 17 exit2) under both kernels; 0x100 (env_self / getpid) is portable too.
 */

export const SYS_VM_PROTECT = 0xb0;
export const SYS_VM_DIRTY = 0xb1;
export const SYS_VM_TRAP = 0xb2;
export const SYS_VM_POLICY = 0xb3;
export const SYS_FORK = 0xb4;
export const SYS_WAIT = 0xb5;

export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_READ_WRITE = 3;

/** $a1 of a trap handler: what the faulting instruction tried to do. */
export const TRAP_READ = 0;
export const TRAP_WRITE = 1;

/** vm_policy arguments: which resident page to give up when a frame is needed. */
export const POLICY_FIFO = 0;
export const POLICY_MRU = 1;
export const PAGING_POLICIES_VALID: readonly number[] = [POLICY_FIFO, POLICY_MRU];

/**
 * Where each kernel puts the trap handler's return stub (and, under ExOS, the fault frame):
 * the page below ExOS's console scratch page, out of the way of text, data, heap and stack.
 */
export const TRAMPOLINE_VADDR = 0x7bffe000;

/** True for a protection the calls accept. */
export function isProt(prot: number): boolean {
  return prot === PROT_NONE || prot === PROT_READ || prot === PROT_READ_WRITE;
}
