/**
 * Signals of the monolithic baseline (Ultrix/BSD style). A faulting exception becomes a
 * signal; with a handler registered by sigaction, the kernel copies the full trap frame (the
 * signal context) onto the user stack and enters the handler in user mode:
 *
 *   $a0 = signal number   $a1 = Cause   $a2 = $sp = the signal context's address
 *
 * The handler may edit the context (sc_pc, registers) and returns with sigreturn(scp), which
 * copies the whole context back in and resumes it. Signal context layout (words, from scp):
 *
 *   0..31  $zero..$ra (slot 0 is written as 0 and ignored)
 *   32 HI   33 LO   34 sc_pc (EPC)   35 Status   36 Cause   37 BadVAddr
 *
 * sc_pc is EPC: for a fault in a branch delay slot it is the branch, with Cause.BD set, and the
 * handler must decide where to resume. There are no signal masks: a fault inside a handler is
 * delivered again, on top of the first context. Without a handler the default action kills
 * the process.
 */
import {
  EXC_ADEL,
  EXC_ADES,
  EXC_BP,
  EXC_CPU,
  EXC_DBE,
  EXC_FPE,
  EXC_IBE,
  EXC_MOD,
  EXC_OV,
  EXC_RI,
  EXC_SYS,
  EXC_TLBL,
  EXC_TLBS,
  EXC_TR,
} from '../../machine/cp0.ts';
import type { TrapFrame } from './process.ts';

export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGFPE = 8;
export const SIGBUS = 10;
export const SIGSEGV = 11;
export const SIGSYS = 12;

/** Words of the signal context on the user stack, and its byte offsets. */
export const SIGCONTEXT_WORDS = 38;
export const SC_PC = 34 * 4;

/** The signal an exception raises (badVAddr decides between SIGBUS and SIGSEGV). */
export function signalFor(code: number, badVAddr: number): number {
  switch (code) {
    case EXC_ADEL:
    case EXC_ADES:
      return badVAddr < 0 ? SIGSEGV : SIGBUS;
    case EXC_IBE:
    case EXC_DBE:
      return SIGBUS;
    case EXC_MOD:
    case EXC_TLBL:
    case EXC_TLBS:
      return SIGSEGV;
    case EXC_OV:
    case EXC_FPE:
      return SIGFPE;
    case EXC_CPU:
    case EXC_RI:
      return SIGILL;
    case EXC_BP:
    case EXC_TR:
      return SIGTRAP;
    case EXC_SYS:
      return SIGSYS;
    default:
      return SIGSEGV;
  }
}

/** The signal context's words for `frame`, in the layout above. */
export function contextWords(frame: TrapFrame): Int32Array {
  const w = new Int32Array(SIGCONTEXT_WORDS);
  w.set(frame.regs);
  w[0] = 0;
  w[32] = frame.hi;
  w[33] = frame.lo;
  w[34] = frame.pc;
  w[35] = frame.status;
  w[36] = frame.cause;
  w[37] = frame.badVAddr;
  return w;
}

/** Loads a signal context back into `frame` (Status, Cause and BadVAddr are not restored). */
export function loadContext(frame: TrapFrame, w: Int32Array): void {
  frame.regs.set(w.subarray(0, 32));
  frame.regs[0] = 0;
  frame.hi = w[32];
  frame.lo = w[33];
  frame.pc = w[34];
}
