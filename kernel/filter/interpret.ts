/**
 * The filter interpreter: runs a verified program one instruction at a time (MPF's approach,
 * kept to compare against the compiled filters of compile.ts, which must agree with it on
 * every packet). Semantics are those written at the top of bytecode.ts.
 */
import { OP, SCRATCH_WORDS } from './bytecode.ts';
import type { VerifiedFilter } from './verify.ts';

/** What a filter run decided, and how many instructions it executed (for cycle charging). */
export interface FilterResult {
  accept: boolean;
  steps: number;
}

/** A fresh zeroed scratch area for one filter. */
export function newScratch(): Uint32Array {
  return new Uint32Array(SCRATCH_WORDS);
}

/** Reads `width` bytes big-endian at `off`, or returns -1 if any byte is outside the packet. */
function load(p: Uint8Array, off: number, width: number): number {
  if (off + width > p.length) return -1;
  if (width === 1) return p[off]!;
  if (width === 2) return (p[off]! << 8) | p[off + 1]!;
  return ((p[off]! << 24) | (p[off + 1]! << 16) | (p[off + 2]! << 8) | p[off + 3]!) >>> 0;
}

/** ALU op `op` (0 = add .. 9 = rsh, as laid out in OP) applied to a and b. -1: divide by 0. */
function alu(op: number, a: number, b: number): number {
  switch (op) {
    case 0:
      return (a + b) >>> 0;
    case 1:
      return (a - b) >>> 0;
    case 2:
      return Math.imul(a, b) >>> 0;
    case 3:
      return b === 0 ? -1 : (a / b) >>> 0;
    case 4:
      return b === 0 ? -1 : a % b;
    case 5:
      return (a & b) >>> 0;
    case 6:
      return (a | b) >>> 0;
    case 7:
      return (a ^ b) >>> 0;
    case 8:
      return (a << (b & 31)) >>> 0;
    default:
      return a >>> (b & 31);
  }
}

/** Conditional jump test (0 = jeq .. 3 = jset). */
function test(op: number, a: number, b: number): boolean {
  if (op === 0) return a === b;
  if (op === 1) return a > b;
  if (op === 2) return a >= b;
  return (a & b) !== 0;
}

/**
 * Runs `filter` on `packet` with the filter's `scratch` (SCRATCH_WORDS words, kept between
 * packets by the caller). Never throws on a verified program.
 */
export function interpretFilter(
  filter: VerifiedFilter,
  packet: Uint8Array,
  scratch: Uint32Array,
): FilterResult {
  const prog = filter.program;
  if (packet.length < filter.minLength) return { accept: false, steps: 0 };
  let a = 0;
  let x = 0;
  let steps = 0;
  let pc = 0;
  // Terminates: the verifier proved every jump forward and the last instruction a return.
  for (;;) {
    const { op, k, jt, jf } = prog[pc]!;
    steps++;
    pc++;
    let v: number;
    switch (op) {
      case OP.LD_W:
      case OP.LD_H:
      case OP.LD_B:
        if ((a = load(packet, k, 4 >> (op - OP.LD_W))) < 0) return { accept: false, steps };
        break;
      case OP.LD_WX:
      case OP.LD_HX:
      case OP.LD_BX:
        if ((a = load(packet, x + k, 4 >> (op - OP.LD_WX))) < 0) return { accept: false, steps };
        break;
      case OP.LD_IMM:
        a = k;
        break;
      case OP.LD_MEM:
        a = scratch[k]!;
        break;
      case OP.LD_LEN:
        a = packet.length;
        break;
      case OP.LDX_IMM:
        x = k;
        break;
      case OP.LDX_MEM:
        x = scratch[k]!;
        break;
      case OP.LDX_LEN:
        x = packet.length;
        break;
      case OP.LDX_MSH:
        if ((v = load(packet, k, 1)) < 0) return { accept: false, steps };
        x = (v & 0xf) << 2;
        break;
      case OP.ST:
        scratch[k] = a;
        break;
      case OP.STX:
        scratch[k] = x;
        break;
      case OP.NEG:
        a = -a >>> 0;
        break;
      case OP.TAX:
        x = a;
        break;
      case OP.TXA:
        a = x;
        break;
      case OP.JA:
        pc = jt;
        break;
      case OP.ACCEPT:
        return { accept: true, steps };
      case OP.REJECT:
        return { accept: false, steps };
      default:
        if (op >= OP.ADD_K && op <= OP.RSH_K) {
          if ((a = alu(op - OP.ADD_K, a, k)) < 0) return { accept: false, steps };
        } else if (op >= OP.ADD_X && op <= OP.RSH_X) {
          if ((a = alu(op - OP.ADD_X, a, x)) < 0) return { accept: false, steps };
        } else if (op >= OP.JEQ_K && op <= OP.JSET_K) {
          pc = test(op - OP.JEQ_K, a, k) ? jt : jf;
        } else if (op >= OP.JEQ_X && op <= OP.JSET_X) {
          pc = test(op - OP.JEQ_X, a, x) ? jt : jf;
        } else throw new Error(`interpretFilter: unverified opcode 0x${op.toString(16)}`);
    }
  }
}
