/**
 * The packet-filter bytecode: the instruction set an environment downloads into the kernel to
 * claim network packets (DPF in Aegis; see EXOKERNEL.md, "Downloading code"). Our own design,
 * shaped like BPF/MPF: an accumulator machine.
 *
 * Machine state (all values unsigned 32-bit):
 *   A        accumulator          X     index register
 *   M[0..15] scratch words, owned by the filter and kept by the kernel between packets
 *   P        the packet bytes (read only), loaded big-endian (network order)
 *
 * Instruction record {op, k, jt, jf}. k is the constant operand (uint32). jt/jf are ABSOLUTE
 * instruction indices (not offsets) so that the verifier, not the encoding, is what rules out
 * backward jumps. Non-jumps keep jt = jf = 0; `ja` uses jt only.
 *
 * Word encoding (two 32-bit words per instruction, what a guest writes into memory):
 *   word 0:  op[31:24] | jt[23:12] | jf[11:0]        word 1:  k
 *
 * Semantics the verifier, the interpreter and the compiler all follow:
 * - A packet shorter than the filter's declared minimum length is rejected before it runs.
 * - A packet load whose bytes are not all inside the packet makes the filter reject. Indexed
 *   loads use the offset X + k computed exactly (no 32-bit wrap-around).
 * - Division or remainder by X = 0 makes the filter reject (by a constant 0 is refused at
 *   verification). Shift counts are taken modulo 32.
 * - `accept` / `reject` end the run. Every instruction executed, including the one that ends
 *   the run, counts one step; the kernel charges cycles per step.
 */

/** Operand shapes; the assembler parses and the disassembler prints by these. */
export type OperandKind =
  | 'none' // tax, accept
  | 'pkt' // [k]
  | 'pktx' // [x+k]
  | 'imm' // #k
  | 'mem' // M[k]
  | 'len' // len
  | 'msh' // 4*([k]&0xf)
  | 'x' // x (ALU with X)
  | 'target' // L (ja)
  | 'cond-k' // #k, Lt[, Lf]
  | 'cond-x'; // x, Lt[, Lf]

export type OpClass = 'load' | 'store' | 'alu' | 'jump' | 'return' | 'move';

export interface OpInfo {
  readonly op: number;
  readonly mnemonic: string;
  readonly operand: OperandKind;
  readonly cls: OpClass;
  /** Bytes read from the packet by loads of kind pkt/pktx/msh. */
  readonly width?: 1 | 2 | 4;
}

/** Opcode numbers (the top byte of word 0). */
// biome-ignore format: one row per group reads as a table
export const OP = {
  LD_W: 0x01, LD_H: 0x02, LD_B: 0x03, // ld/ldh/ldb [k]
  LD_WX: 0x04, LD_HX: 0x05, LD_BX: 0x06, // ld/ldh/ldb [x+k]
  LD_IMM: 0x07, LD_MEM: 0x08, LD_LEN: 0x09,
  LDX_IMM: 0x0a, LDX_MEM: 0x0b, LDX_LEN: 0x0c, LDX_MSH: 0x0d,
  ST: 0x0e, STX: 0x0f,
  ADD_K: 0x10, SUB_K: 0x11, MUL_K: 0x12, DIV_K: 0x13, MOD_K: 0x14,
  AND_K: 0x15, OR_K: 0x16, XOR_K: 0x17, LSH_K: 0x18, RSH_K: 0x19,
  ADD_X: 0x20, SUB_X: 0x21, MUL_X: 0x22, DIV_X: 0x23, MOD_X: 0x24,
  AND_X: 0x25, OR_X: 0x26, XOR_X: 0x27, LSH_X: 0x28, RSH_X: 0x29,
  NEG: 0x2a,
  JA: 0x30, JEQ_K: 0x31, JGT_K: 0x32, JGE_K: 0x33, JSET_K: 0x34,
  JEQ_X: 0x35, JGT_X: 0x36, JGE_X: 0x37, JSET_X: 0x38,
  TAX: 0x3e, TXA: 0x3f,
  ACCEPT: 0x40, REJECT: 0x41,
} as const;

export interface Insn {
  op: number;
  k: number;
  jt: number;
  jf: number;
}

/** A filter program as downloaded: a list of instructions, index 0 first. */
export type Program = readonly Insn[];

/** Largest program the verifier accepts. */
export const MAX_INSNS = 256;
/** Scratch words per filter. */
export const SCRATCH_WORDS = 16;
/** Largest packet (and declared minimum length) the filter machinery considers. */
export const MAX_PACKET = 65535;

const ALU_NAMES = ['add', 'sub', 'mul', 'div', 'mod', 'and', 'or', 'xor', 'lsh', 'rsh'];
const JUMP_NAMES = ['jeq', 'jgt', 'jge', 'jset'];

function buildTable(): OpInfo[] {
  const t: OpInfo[] = [
    { op: OP.LD_W, mnemonic: 'ld', operand: 'pkt', cls: 'load', width: 4 },
    { op: OP.LD_H, mnemonic: 'ldh', operand: 'pkt', cls: 'load', width: 2 },
    { op: OP.LD_B, mnemonic: 'ldb', operand: 'pkt', cls: 'load', width: 1 },
    { op: OP.LD_WX, mnemonic: 'ld', operand: 'pktx', cls: 'load', width: 4 },
    { op: OP.LD_HX, mnemonic: 'ldh', operand: 'pktx', cls: 'load', width: 2 },
    { op: OP.LD_BX, mnemonic: 'ldb', operand: 'pktx', cls: 'load', width: 1 },
    { op: OP.LD_IMM, mnemonic: 'ld', operand: 'imm', cls: 'load' },
    { op: OP.LD_MEM, mnemonic: 'ld', operand: 'mem', cls: 'load' },
    { op: OP.LD_LEN, mnemonic: 'ld', operand: 'len', cls: 'load' },
    { op: OP.LDX_IMM, mnemonic: 'ldx', operand: 'imm', cls: 'load' },
    { op: OP.LDX_MEM, mnemonic: 'ldx', operand: 'mem', cls: 'load' },
    { op: OP.LDX_LEN, mnemonic: 'ldx', operand: 'len', cls: 'load' },
    { op: OP.LDX_MSH, mnemonic: 'ldx', operand: 'msh', cls: 'load', width: 1 },
    { op: OP.ST, mnemonic: 'st', operand: 'mem', cls: 'store' },
    { op: OP.STX, mnemonic: 'stx', operand: 'mem', cls: 'store' },
    { op: OP.NEG, mnemonic: 'neg', operand: 'none', cls: 'alu' },
    { op: OP.JA, mnemonic: 'ja', operand: 'target', cls: 'jump' },
    { op: OP.TAX, mnemonic: 'tax', operand: 'none', cls: 'move' },
    { op: OP.TXA, mnemonic: 'txa', operand: 'none', cls: 'move' },
    { op: OP.ACCEPT, mnemonic: 'accept', operand: 'none', cls: 'return' },
    { op: OP.REJECT, mnemonic: 'reject', operand: 'none', cls: 'return' },
  ];
  ALU_NAMES.forEach((mnemonic, i) => {
    t.push({ op: OP.ADD_K + i, mnemonic, operand: 'imm', cls: 'alu' });
    t.push({ op: OP.ADD_X + i, mnemonic, operand: 'x', cls: 'alu' });
  });
  JUMP_NAMES.forEach((mnemonic, i) => {
    t.push({ op: OP.JEQ_K + i, mnemonic, operand: 'cond-k', cls: 'jump' });
    t.push({ op: OP.JEQ_X + i, mnemonic, operand: 'cond-x', cls: 'jump' });
  });
  return t;
}

/** The instruction table, shared by assembler, disassembler, verifier and both back ends. */
export const OPS: readonly OpInfo[] = buildTable();
const BY_OP = new Map(OPS.map((o) => [o.op, o]));

/** The table entry for an opcode, or undefined for an unknown one. */
export function opInfo(op: number): OpInfo | undefined {
  return BY_OP.get(op);
}

/** True for conditional jumps (two targets). */
export function isConditional(info: OpInfo): boolean {
  return info.operand === 'cond-k' || info.operand === 'cond-x';
}

/** The jump targets of an instruction (empty for non-jumps). */
export function targetsOf(insn: Insn, info: OpInfo): number[] {
  if (info.op === OP.JA) return [insn.jt];
  return isConditional(info) ? [insn.jt, insn.jf] : [];
}

/** Encodes a program as words (2 per instruction) for placing in guest memory. */
export function encodeProgram(program: Program): Uint32Array {
  const words = new Uint32Array(program.length * 2);
  program.forEach((insn, i) => {
    words[2 * i] = (((insn.op & 0xff) << 24) | ((insn.jt & 0xfff) << 12) | (insn.jf & 0xfff)) >>> 0;
    words[2 * i + 1] = insn.k >>> 0;
  });
  return words;
}

/** Decodes words into instruction records; opcodes are not checked here (the verifier does). */
export function decodeProgram(words: ArrayLike<number>): Insn[] {
  const out: Insn[] = [];
  for (let i = 0; i + 1 < words.length; i += 2) {
    const w = words[i]! >>> 0;
    out.push({ op: w >>> 24, jt: (w >>> 12) & 0xfff, jf: w & 0xfff, k: words[i + 1]! >>> 0 });
  }
  return out;
}
