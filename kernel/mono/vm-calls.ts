/**
 * The baseline's side of the portable virtual-memory calls (kernel/abi/vm-abi.ts) and the
 * SPIM console calls portable programs print with. Each handler decodes registers and calls
 * the kernel (vm.ts, or the console); [value, error] goes back in $v0/$v1, or null when the
 * call set the frame itself (exit).
 *
 *   0xb0 vm_protect, 0xb1 vm_dirty, 0xb2 vm_trap   vm.ts
 *   0xb3 vm_policy   E_NOSYS: the kernel's LRU is fixed (that is the point of the baseline)
 *   0xb4 fork, 0xb5 wait   fork.ts (an eager copy of every page; wait sleeps in the kernel)
 *   1 print_int, 4 print_string, 11 print_char, 10 exit, 17 exit2   as SPIM's
 *
 * Console output is copied out of user memory (wordAccess per word), as write_console does.
 */
import {
  SYS_FORK,
  SYS_VM_DIRTY,
  SYS_VM_POLICY,
  SYS_VM_PROTECT,
  SYS_VM_TRAP,
  SYS_WAIT,
} from '../abi/vm-abi.ts';
import { COSTS } from '../exo/costs.ts';
import { E_FAULT, E_NOSYS, E_OK } from '../exo/errors.ts';
import { fork, wait } from './fork.ts';
import type { MonoKernel } from './kernel.ts';
import type { Process } from './process.ts';

type Outcome = [number, number] | null;
type Handler = (p: Process, a: Int32Array) => Outcome;

const MAX_STRING = 1 << 16;
const encoder = new TextEncoder();

export function monoVmCalls(kernel: MonoKernel): Record<number, Handler> {
  const vm = kernel.vm;
  const result = (error: number, value = 0): Outcome => [error === E_OK ? value : -1, error];
  const print = (bytes: Uint8Array): Outcome => {
    kernel.machine.cpu.charge(Math.ceil(bytes.length / 4) * COSTS.wordAccess);
    kernel.machine.console.writeBytes(bytes);
    return [0, E_OK];
  };
  return {
    [SYS_VM_PROTECT]: (p, a) => result(vm.protect(p, a[4], a[5], a[6])),
    [SYS_VM_DIRTY]: (p, a) => {
      const [value, error] = vm.dirty(p, a[4], a[5], a[6]);
      return result(error, value);
    },
    [SYS_VM_TRAP]: (p, a) => result(vm.setHandler(p, a[4])),
    [SYS_VM_POLICY]: () => result(E_NOSYS),
    [SYS_FORK]: (p) => fork(kernel, p),
    [SYS_WAIT]: (p, a) => wait(kernel, p, a[4]),
    1: (_p, a) => print(encoder.encode(String(a[4]))),
    11: (_p, a) => print(Uint8Array.of(a[4] & 0xff)),
    4: (p, a) => {
      const bytes: number[] = [];
      for (let at = a[4]; bytes.length < MAX_STRING; at++) {
        const chunk = kernel.readBytes(p, at, 1);
        if (chunk === null) return [-1, E_FAULT];
        if (chunk[0] === 0) break;
        bytes.push(chunk[0]);
      }
      return print(Uint8Array.from(bytes));
    },
    10: (p) => {
      kernel.end(p, 'exited', 0);
      return null;
    },
    17: (p, a) => {
      kernel.end(p, 'exited', a[4]);
      return null;
    },
  };
}
