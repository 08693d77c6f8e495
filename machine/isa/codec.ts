/**
 * Packing operand values into an instruction word (assembler side) and unpacking them (disassembler
 * side) for one table entry. Values are plain numbers: register numbers, immediates, and for
 * `label`/`target` the absolute target address, made PC-relative here against the delay slot.
 */

import { FIELDS, fieldRange, fieldRaw } from './fields.ts';
import type { TableEntry } from './table.ts';

export type EncodeResult =
  | { ok: true; word: number }
  | { ok: false /** index of the offending operand */; index: number; message: string };

/** The raw field contents for operand value `v`, or an error message naming `text`. */
function pack(name: keyof typeof FIELDS, v: number, pc: number, text: string): number | string {
  const field = FIELDS[name];
  const slot = (pc + 4) >>> 0;
  if (field.kind === 'branch') {
    if ((v & 3) !== 0) return `branch target \`${text}\` is not word-aligned`;
    const off = ((v - slot) | 0) >> 2;
    if (off < -32768 || off > 32767) return `branch target \`${text}\` is out of range`;
    return off & 0xffff;
  }
  if (field.kind === 'jump') {
    if ((v & 3) !== 0) return `jump target \`${text}\` is not word-aligned`;
    if (((v ^ slot) & 0xf0000000) !== 0) {
      return `jump target \`${text}\` is outside the 256 MiB region of the jump`;
    }
    return (v >>> 2) & 0x3ffffff;
  }
  const [lo, hi] = fieldRange(field);
  if (!Number.isInteger(v) || v < lo || v > hi) return rangeMessage(name, text);
  return v & ((1 << field.bits) - 1);
}

function rangeMessage(name: keyof typeof FIELDS, text: string): string {
  const field = FIELDS[name];
  switch (field.kind) {
    case 'gpr':
    case 'fpr':
    case 'creg':
      return `register \`${text}\` does not exist`;
    case 'cc':
      return `condition code \`${text}\` must be 0..7`;
    case 'code':
      return `code \`${text}\` does not fit in ${field.bits} bits`;
    default:
      if (name === 'sa') return `shift amount \`${text}\` does not fit in 5 bits`;
      return `immediate \`${text}\` does not fit in ${field.bits} bits`;
  }
}

/**
 * Encode `entry` at address `pc` with one value per operand field. `texts` (the source spelling of
 * each operand) is only used in error messages.
 */
export function encode(
  entry: TableEntry,
  values: readonly number[],
  pc = 0,
  texts: readonly string[] = [],
): EncodeResult {
  if (values.length !== entry.operands.length) {
    return { ok: false, index: 0, message: `\`${entry.mnemonic}\` expects ${entry.syntax}` };
  }
  let word = entry.match;
  for (let i = 0; i < values.length; i++) {
    const name = entry.operands[i]!;
    const raw = pack(name, values[i]!, pc, texts[i] ?? String(values[i]));
    if (typeof raw === 'string') return { ok: false, index: i, message: raw };
    for (const shift of FIELDS[name].shifts) word |= raw << shift;
  }
  return { ok: true, word: word >>> 0 };
}

/** Operand values of `word` decoded as `entry` at `pc` (branch/jump targets absolute). */
export function decodeOperands(entry: TableEntry, word: number, pc = 0): number[] {
  return entry.operands.map((name) => {
    const field = FIELDS[name];
    const raw = fieldRaw(field, word);
    if (field.kind === 'branch') return (pc + 4 + (((raw << 16) >> 16) << 2)) >>> 0;
    if (field.kind === 'jump') return (((pc + 4) & 0xf0000000) | (raw << 2)) >>> 0;
    if (field.kind === 'signed') return (raw << (32 - field.bits)) >> (32 - field.bits);
    return raw;
  });
}
