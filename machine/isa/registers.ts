/**
 * MIPS register names as the o32 ABI spells them, shared by the assembler and the disassembler.
 *
 *   $0 zero  $1 at  $2-$3 v0-v1  $4-$7 a0-a3  $8-$15 t0-t7  $16-$23 s0-s7  $24-$25 t8-t9
 *   $26-$27 k0-k1  $28 gp  $29 sp  $30 fp (also s8)  $31 ra;   FPU: $f0..$f31;  FP conditions $fcc0..7
 */

// biome-ignore format: one row per register group
export const GPR_NAMES = [
  'zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3',
  't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
  's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7',
  't8', 't9', 'k0', 'k1', 'gp', 'sp', 'fp', 'ra',
] as const;

/** A general register's name, as GPR_NAMES spells it. */
export type GprName = (typeof GPR_NAMES)[number];

const GPR_BY_NAME = new Map<string, number>(GPR_NAMES.map((n, i) => [n as string, i]));
GPR_BY_NAME.set('s8', 30);

export const REG_ZERO = 0;
export const REG_AT = 1;
export const REG_RA = 31;

/** Number of a general register written `$8`, `$t0`, `$s8`…; undefined if `text` is not one. */
export function parseGpr(text: string): number | undefined {
  if (!text.startsWith('$')) return undefined;
  const name = text.slice(1);
  if (/^\d{1,2}$/.test(name)) {
    const n = Number(name);
    return n < 32 ? n : undefined;
  }
  return GPR_BY_NAME.get(name.toLowerCase());
}

/** Number of a floating-point register written `$f0`…`$f31`; undefined otherwise. */
export function parseFpr(text: string): number | undefined {
  const m = /^\$f(\d{1,2})$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n < 32 ? n : undefined;
}

/** Number of an FP condition flag written `$fcc0`…`$fcc7`; undefined otherwise. */
export function parseFcc(text: string): number | undefined {
  const m = /^\$fcc([0-7])$/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `$t0`-style name of general register `n`. */
export function gprName(n: number): string {
  return `$${GPR_NAMES[n & 31]}`;
}

/** `$f4`-style name of floating-point register `n`. */
export function fprName(n: number): string {
  return `$f${n & 31}`;
}
