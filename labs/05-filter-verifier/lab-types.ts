/**
 * Lab 5, the interface between your verifier and the exokernel: the packet-filter bytecode as
 * the kernel defines it (kernel/filter/bytecode.ts), and the verdict it expects. Read it; do
 * not change it (the grader uses its own copy). Your verifier.ts imports from here.
 *
 * Machine state (unsigned 32-bit): A the accumulator, X the index register, M[0..15] scratch
 * words the kernel keeps for the filter between packets, P the packet bytes (read only).
 * An instruction is { op, k, jt, jf }: k the constant operand, jt/jf ABSOLUTE instruction
 * indices of the jump targets (jt only for `ja`; both 0 for non-jumps).
 */

/** One instruction as downloaded. Nothing about it is trusted: fields may hold any number. */
export interface Insn {
  readonly op: number;
  readonly k: number;
  readonly jt: number;
  readonly jf: number;
}

/** Longest program the kernel accepts (instructions). */
export const MAX_INSNS = 256;
/** Scratch words per filter: M[0] .. M[15]. */
export const SCRATCH_WORDS = 16;

/**
 * What an opcode's operand is:
 *   'pkt'    a packet load at constant offset k ([k]), `width` bytes
 *   'pktx'   a packet load at X + k ([x+k]), `width` bytes (always checked when it runs)
 *   'msh'    X = 4 * (P[k] & 0xf), a 1-byte packet load at constant offset k
 *   'mem'    scratch word M[k] (a load or a store)
 *   'imm'    the constant k itself (loads and ALU operations)
 *   'x', 'len', 'none'   no constant that matters (k is still a 32-bit constant)
 *   'jump'   ja: jump to jt
 *   'cond'   conditional jump: to jt if the test holds, else to jf
 */
export type Operand =
  | 'pkt'
  | 'pktx'
  | 'msh'
  | 'mem'
  | 'imm'
  | 'x'
  | 'len'
  | 'none'
  | 'jump'
  | 'cond';

export interface OpShape {
  readonly name: string;
  readonly operand: Operand;
  /** Bytes a packet load reads ('pkt', 'pktx', 'msh'). */
  readonly width?: 1 | 2 | 4;
  /** Ends the run: accept or reject. */
  readonly returns?: boolean;
}

const pkt = (name: string, width: 1 | 2 | 4): OpShape => ({ name, operand: 'pkt', width });
const pktx = (name: string, width: 1 | 2 | 4): OpShape => ({ name, operand: 'pktx', width });

/** Every opcode the kernel knows, by number. Any other number is not an instruction. */
// biome-ignore format: one row per group reads as a table
export const OPCODES: Readonly<Record<number, OpShape>> = {
  1: pkt('ld', 4), 2: pkt('ldh', 2), 3: pkt('ldb', 1),
  4: pktx('ld', 4), 5: pktx('ldh', 2), 6: pktx('ldb', 1),
  7: { name: 'ld', operand: 'imm' }, 8: { name: 'ld', operand: 'mem' },
  9: { name: 'ld', operand: 'len' },
  10: { name: 'ldx', operand: 'imm' }, 11: { name: 'ldx', operand: 'mem' },
  12: { name: 'ldx', operand: 'len' }, 13: { name: 'ldx', operand: 'msh', width: 1 },
  14: { name: 'st', operand: 'mem' }, 15: { name: 'stx', operand: 'mem' },
  16: { name: 'add', operand: 'imm' }, 17: { name: 'sub', operand: 'imm' },
  18: { name: 'mul', operand: 'imm' }, 19: { name: 'div', operand: 'imm' },
  20: { name: 'mod', operand: 'imm' }, 21: { name: 'and', operand: 'imm' },
  22: { name: 'or', operand: 'imm' }, 23: { name: 'xor', operand: 'imm' },
  24: { name: 'lsh', operand: 'imm' }, 25: { name: 'rsh', operand: 'imm' },
  32: { name: 'add', operand: 'x' }, 33: { name: 'sub', operand: 'x' },
  34: { name: 'mul', operand: 'x' }, 35: { name: 'div', operand: 'x' },
  36: { name: 'mod', operand: 'x' }, 37: { name: 'and', operand: 'x' },
  38: { name: 'or', operand: 'x' }, 39: { name: 'xor', operand: 'x' },
  40: { name: 'lsh', operand: 'x' }, 41: { name: 'rsh', operand: 'x' },
  42: { name: 'neg', operand: 'none' },
  48: { name: 'ja', operand: 'jump' },
  49: { name: 'jeq', operand: 'cond' }, 50: { name: 'jgt', operand: 'cond' },
  51: { name: 'jge', operand: 'cond' }, 52: { name: 'jset', operand: 'cond' },
  53: { name: 'jeq', operand: 'cond' }, 54: { name: 'jgt', operand: 'cond' },
  55: { name: 'jge', operand: 'cond' }, 56: { name: 'jset', operand: 'cond' },
  62: { name: 'tax', operand: 'none' }, 63: { name: 'txa', operand: 'none' },
  64: { name: 'accept', operand: 'none', returns: true },
  65: { name: 'reject', operand: 'none', returns: true },
};

/** Opcodes your checks name: division and remainder by k, shifts by k. */
export const OP_DIV_K = 0x13;
export const OP_MOD_K = 0x14;
export const OP_LSH_K = 0x18;
export const OP_RSH_K = 0x19;

/** What the kernel tells your verifier besides the program. */
export interface VerifyOptions {
  /** Packets shorter than this never reach the filter (0..65535). */
  readonly minLength: number;
  /**
   * Refuse a constant-offset packet load ('pkt', 'msh') that does not end within minLength,
   * instead of leaving it to be checked when it runs.
   */
  readonly staticBounds: boolean;
}

/**
 * Your verdict. Accepting: `proven[i]` is true for exactly the constant-offset packet loads
 * that end within minLength (k + width <= minLength): the compiled filter skips their bounds
 * check. Refusing: the index of an instruction that is wrong (for a program of the wrong
 * length, any index) and one line saying why.
 */
export type Verdict =
  | { ok: true; proven: boolean[] }
  | { ok: false; index: number; reason: string };
