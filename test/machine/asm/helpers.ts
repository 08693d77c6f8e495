/** Small helpers for assembler tests: assemble a snippet, list its text as disassembly. */
import { type AssemblyResult, assemble, formatAssemblyError } from '../../../machine/asm/index.ts';
import { disassemble } from '../../../machine/isa/disassemble.ts';

export function asm(text: string, name = 't.s'): AssemblyResult {
  return assemble({ name, text });
}

/** Words of every segment of `kind`, in address order. */
export function words(r: AssemblyResult, kind = 'text'): number[] {
  const out: number[] = [];
  for (const s of r.segments.filter((x) => x.kind === kind)) {
    const view = new DataView(s.bytes.buffer, s.bytes.byteOffset, s.bytes.length);
    for (let i = 0; i + 4 <= s.bytes.length; i += 4) out.push(view.getUint32(i, true));
  }
  return out;
}

/** The text segment of `text` disassembled, one line per word (errors thrown as text). */
export function listing(text: string): string[] {
  const r = asm(text);
  if (!r.ok) throw new Error(r.errors.map(formatAssemblyError).join('\n'));
  const seg = r.segments.find((s) => s.kind === 'text')!;
  return words(r).map((w, i) => disassemble(w, seg.address + 4 * i).replace(/ +/, ' '));
}

export function errors(text: string, name = 't.s'): string[] {
  return asm(text, name).errors.map(formatAssemblyError);
}
