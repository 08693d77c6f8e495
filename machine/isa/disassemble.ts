/**
 * Disassembler in the style of GNU objdump: `mnemonic operands` with ABI register names ($t0,
 * $sp, $f2), branch and jump targets as absolute addresses (with `<symbol>` when known), unsigned
 * immediates and codes in hex. Words the machine does not implement print as `.word 0x…`.
 * Decoding goes through the shared instruction table, so output reassembles to the same word.
 */

import { FIELDS, type FieldName } from './fields.ts';
import { fprName, gprName } from './registers.ts';
import { decode, decodeOperands, type TableEntry } from './table.ts';

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;
const hex8 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** Width the mnemonic is padded to before the operands. */
const MNEMONIC_WIDTH = 8;

function formatOperand(
  name: FieldName,
  value: number,
  symbols?: (addr: number) => string | undefined,
): string {
  const field = FIELDS[name];
  switch (field.kind) {
    case 'gpr':
      return gprName(value);
    case 'fpr':
      return fprName(value);
    case 'creg':
      return `$${value}`;
    case 'cc':
      return `$fcc${value}`;
    case 'signed':
      return String(value);
    case 'branch':
    case 'jump': {
      const sym = symbols?.(value);
      return sym ? `${hex8(value)} <${sym}>` : hex8(value);
    }
    default:
      return name === 'sa' || name === 'sel' ? String(value) : hex(value);
  }
}

/** Operand text of `word` decoded as `entry` at `pc`. */
export function formatOperands(
  entry: TableEntry,
  word: number,
  pc: number,
  symbols?: (addr: number) => string | undefined,
): string {
  const values = decodeOperands(entry, word, pc);
  const parts: string[] = [];
  entry.operands.forEach((name, i) => {
    const text = formatOperand(name, values[i]!, symbols);
    if (name === 'base') parts[parts.length - 1] += `(${text})`;
    else parts.push(text);
  });
  return parts.join(',');
}

/** One instruction word at address `pc` as text; `symbols` names addresses for branch targets. */
export function disassemble(
  word: number,
  pc: number,
  symbols?: (addr: number) => string | undefined,
): string {
  const entry = decode(word);
  if (!entry) return `.word ${hex8(word)}`;
  if (entry.operands.length === 0) return entry.mnemonic;
  const ops = formatOperands(entry, word, pc, symbols);
  return `${entry.mnemonic.padEnd(MNEMONIC_WIDTH - 1)} ${ops}`;
}
