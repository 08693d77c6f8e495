/**
 * The first library OS (ExOS-like), the public face of kernel/libos: load a MIPS program into
 * an environment with ExOS as its library OS, then run it on the exokernel.
 *
 *   const loaded = loadProgram(kernel, 'hello.s', bytes, { diagnostics });
 *   if (loaded.ok) { kernel.switchTo(loaded.env); kernel.run(1e8); }
 */
export { ExOs, type ExosOptions } from './exos.ts';
export { type ExosLoadOptions, type ExosLoadResult, loadProgram } from './load.ts';
export { ExosPageTable, PAGE_SIZE, type PageEntry, STACK_LOW, STACK_TOP } from './page-table.ts';
export type { PagingCandidate, PagingChooser } from './paging.ts';
export { SCRATCH_VADDR } from './spim-port.ts';
export { ExosVm, MAX_STRING_BYTES } from './vm.ts';
