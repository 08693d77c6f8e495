/**
 * The default exception handler and start-up code of bare mode, in MIPS source. It behaves as
 * SPIM's does, so programs written for SPIM print the same lines: for each exception it prints
 * "  Exception N  [name]  occurred and ignored" on the program's output and resumes at the
 * next instruction (EPC + 4); an unaligned PC ends the program. Before that it asks the host,
 * through exolab's syscall 90, to print where the exception happened on stderr, as SPIM
 * itself does ("Exception occurred at PC=0x…").
 *
 * The start-up code (STARTUP_SOURCE) calls main(argc, argv, envp) with arguments the loader put
 * on the stack, then exits; an ELF program brings its own. `--exception-handler FILE` replaces
 * both, as SPIM's -exception_file does; such a file should define __start (else the program's
 * entry is `main`).
 */

/** SPIM's names of the exception codes, as its handler prints them (with their spacing). */
const NAMES: Record<number, string> = {
  0: '  [Interrupt] ',
  1: '  [TLB]',
  2: '  [TLB]',
  3: '  [TLB]',
  4: '  [Address error in inst/data fetch] ',
  5: '  [Address error in store] ',
  6: '  [Bad instruction address] ',
  7: '  [Bad data address] ',
  8: '  [Error in syscall] ',
  9: '  [Breakpoint] ',
  10: '  [Reserved instruction] ',
  12: '  [Arithmetic overflow] ',
  13: '  [Trap] ',
  15: '  [Floating point] ',
  18: '  [Coproc 2]',
  22: '  [MDMX]',
  23: '  [Watch]',
  24: '  [Machine check]',
  30: '  [Cache]',
};

function nameTable(): string {
  const strings: string[] = [];
  const words: string[] = [];
  for (let code = 0; code < 32; code++) {
    strings.push(`__exc_name${code}: .asciiz "${NAMES[code] ?? ''}"`);
    words.push(`__exc_name${code}`);
  }
  return `${strings.join('\n')}\n        .align 2\n__exc_names: .word ${words.join(', ')}`;
}

export const EXCEPTION_HANDLER_SOURCE = `
# exolab's default bare-mode exception handler (generated from kernel/bare/exception-handler.ts)
        .kdata
__exc_prefix:  .asciiz "  Exception "
__exc_suffix:  .asciiz " occurred and ignored\\n"
${nameTable()}
        .align 2
__exc_save_v0: .word 0
__exc_save_a0: .word 0

        .ktext 0x80000180
        .set noat
        move  $k1, $at
        .set at
        sw    $v0, __exc_save_v0
        sw    $a0, __exc_save_a0
        li    $v0, 90                 # exolab: report the exception's PC and cause on stderr
        syscall
        mfc0  $k0, $13
        li    $v0, 4
        la    $a0, __exc_prefix
        syscall
        srl   $a0, $k0, 2
        andi  $a0, $a0, 0x1f
        li    $v0, 1
        syscall
        andi  $a0, $k0, 0x7c
        lw    $a0, __exc_names($a0)
        li    $v0, 4
        syscall
        andi  $a0, $k0, 0x7c
        bne   $a0, 0x18, __exc_pc_ok   # code 6: a bad PC can only be skipped if aligned
        mfc0  $a0, $14
        andi  $a0, $a0, 3
        beqz  $a0, __exc_pc_ok
        li    $v0, 10
        syscall
__exc_pc_ok:
        li    $v0, 4
        la    $a0, __exc_suffix
        syscall
        andi  $a0, $k0, 0x7c
        beqz  $a0, __exc_return        # an interrupt: the instruction at EPC has not run
        mfc0  $k0, $14
        addiu $k0, $k0, 4
        mtc0  $k0, $14
__exc_return:
        lw    $v0, __exc_save_v0
        lw    $a0, __exc_save_a0
        .set noat
        move  $at, $k1
        .set at
        mtc0  $zero, $13
        mfc0  $k0, $12
        ori   $k0, $k0, 1
        mtc0  $k0, $12
        eret
`;

/** SPIM's start-up code: calls main(argc, argv, envp), then exits. Assembly programs only. */
export const STARTUP_SOURCE = `
        .text
        .globl __start
__start:
        lw    $a0, 0($sp)             # argc
        addiu $a1, $sp, 4             # argv
        addiu $a2, $a1, 4             # envp = argv + argc + 1
        sll   $v0, $a0, 2
        addu  $a2, $a2, $v0
        jal   main
        li    $v0, 10
        syscall
`;
