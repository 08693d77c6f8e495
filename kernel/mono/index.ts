/**
 * The monolithic baseline kernel (Ultrix-like): full trap frames, kernel page tables with
 * demand zero, signals with sigreturn, kernel pipes. See kernel.ts for what it does and charges.
 */
export { DEMAND_ZERO_BASE, KERNEL_FRAMES, MonoKernel, STACK_TOP } from './kernel.ts';
export { PIPE_CAPACITY, Pipe } from './pipes.ts';
export { Process, TRAP_FRAME_WORDS } from './process.ts';
export * from './signals.ts';
export * from './syscalls.ts';
