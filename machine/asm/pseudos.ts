/**
 * Every pseudo-instruction expander by mnemonic, gathered from pseudo.ts (constants, ALU, sets,
 * rotates), pseudo-branch.ts (branches, divide, checked multiply) and pseudo-mem.ts (memory, FPU).
 */

import { CORE_PSEUDOS, type Expander } from './pseudo.ts';
import { BRANCH_PSEUDOS } from './pseudo-branch.ts';
import { MEMORY_PSEUDOS } from './pseudo-mem.ts';

export const PSEUDOS: Record<string, Expander> = {
  ...CORE_PSEUDOS,
  ...BRANCH_PSEUDOS,
  ...MEMORY_PSEUDOS,
};
