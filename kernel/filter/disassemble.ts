/**
 * The filter disassembler: instruction records back to the assembler's text form, one
 * instruction per line, with a label `L<index>` on every jump target. For a program whose
 * jumps are in range, assembling the output gives the same records back.
 */
import { type Insn, type OpInfo, opInfo, type Program, targetsOf } from './bytecode.ts';

/** `#k` in the most readable base: decimal below 10, hex above. */
function imm(k: number): string {
  return k < 10 ? `#${k}` : `#0x${k.toString(16)}`;
}

/** The operand text of one instruction. */
function operands(insn: Insn, info: OpInfo): string {
  const label = (i: number) => `L${i}`;
  switch (info.operand) {
    case 'none':
      return '';
    case 'pkt':
      return `[${insn.k}]`;
    case 'pktx':
      return insn.k === 0 ? '[x]' : `[x+${insn.k}]`;
    case 'imm':
      return imm(insn.k);
    case 'mem':
      return `M[${insn.k}]`;
    case 'len':
      return 'len';
    case 'msh':
      return `4*([${insn.k}]&0xf)`;
    case 'x':
      return 'x';
    case 'target':
      return label(insn.jt);
    case 'cond-k':
      return `${imm(insn.k)}, ${label(insn.jt)}, ${label(insn.jf)}`;
    case 'cond-x':
      return `x, ${label(insn.jt)}, ${label(insn.jf)}`;
  }
}

/** One instruction as text (no label); unknown opcodes print as a comment. */
export function formatInsn(insn: Insn): string {
  const info = opInfo(insn.op);
  if (!info) return `// unknown opcode 0x${insn.op.toString(16)}`;
  return `${info.mnemonic} ${operands(insn, info)}`.trim();
}

/** The whole program as assembler text. */
export function disassembleFilter(program: Program): string {
  const targets = new Set<number>();
  for (const insn of program) {
    const info = opInfo(insn.op);
    if (info) for (const t of targetsOf(insn, info)) targets.add(t);
  }
  const width = `L${program.length}:`.length + 1;
  const lines = program.map((insn, i) => {
    const label = targets.has(i) ? `L${i}:` : '';
    return `${label.padEnd(width)}${formatInsn(insn)}`;
  });
  return `${lines.join('\n')}\n`;
}
