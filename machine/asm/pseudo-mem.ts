/**
 * Pseudo-instructions, part 3: memory and the FPU. A load or store whose address is a label, an
 * absolute address or an offset that does not fit 16 bits goes through $at:
 *   lw $t0, label        ->  lui $at, %hi(label);  lw $t0, %lo(label)($at)
 *   lw $t0, label($t1)   ->  lui $at, %hi(label);  addu $at, $at, $t1;  lw $t0, %lo(label)($at)
 * l.s/l.d/s.s/s.d are lwc1/ldc1/swc1/sdc1; li.s/li.d load a float constant through $at and mtc1;
 * mfc1.d/mtc1.d move an even/odd register pair (the even register holds the low word); SPIM's
 * ulw/usw/ulh/ulhu/ush use lwl/lwr/swl/swr and byte accesses, little-endian.
 */

import { ColumnError } from './errors.ts';
import type { ConstOf } from './match.ts';
import type { Operand } from './operands.ts';
import { full, half, ins, type MachineOp } from './ops.ts';
import { AT, type Expander, isExpr, isReg, liConst } from './pseudo.ts';

const LOADS_STORES = [
  'lb',
  'lbu',
  'lh',
  'lhu',
  'lw',
  'lwl',
  'lwr',
  'll',
  'sb',
  'sh',
  'sw',
  'swl',
  'swr',
  'sc',
  'lwc1',
  'ldc1',
  'swc1',
  'sdc1',
];

/** The FPU spellings of the coprocessor loads and stores. */
export const FP_MEMORY_ALIASES: Record<string, string> = {
  'l.s': 'lwc1',
  'l.d': 'ldc1',
  's.s': 'swc1',
  's.d': 'sdc1',
};

function expandMemory(name: string): Expander {
  const real = FP_MEMORY_ALIASES[name] ?? name;
  const fp = real.endsWith('c1');
  return ([rt, addr, ...rest], constOf) => {
    if (!rt || !addr || rest.length > 0) return undefined;
    if (rt.kind !== (fp ? 'fpr' : 'gpr') || !('n' in rt)) return undefined;
    if (addr.kind === 'mem' && !addr.expr) return [ins(real, rt.n, 0, addr.base)];
    if (addr.kind !== 'mem' && addr.kind !== 'expr') return undefined;
    const expr = addr.expr!;
    const arg = full(expr, addr.text, addr.col);
    const v = constOf(expr);
    const base = addr.kind === 'mem' ? addr.base : 0;
    if (v !== undefined && v >= -32768 && v <= 32767) return [ins(real, rt.n, v, base)];
    const ops: MachineOp[] = [ins('lui', AT, half(arg, 'hi'))];
    if (base !== 0) ops.push(ins('addu', AT, AT, base));
    ops.push(ins(real, rt.n, half(arg, 'lo'), AT));
    return ops;
  };
}

/**
 * The base register and offset an unaligned access can use: the written `offset(base)` if
 * offset+3 still fits 16 bits, else the address computed into $at first (as GNU as does).
 */
function unalignedBase(
  addr: Operand,
  constOf: ConstOf,
): { pre: MachineOp[]; base: number; off: number } | undefined {
  if (addr.kind === 'mem' && !addr.expr) return { pre: [], base: addr.base, off: 0 };
  if (addr.kind !== 'mem' && addr.kind !== 'expr') return undefined;
  const v = constOf(addr.expr!);
  const base = addr.kind === 'mem' ? addr.base : 0;
  if (v !== undefined && v >= -32768 && v + 3 <= 32767) return { pre: [], base, off: v };
  const arg = full(addr.expr!, addr.text, addr.col);
  const pre = [ins('lui', AT, half(arg, 'hi')), ins('addiu', AT, AT, half(arg, 'lo'))];
  if (base !== 0) pre.push(ins('addu', AT, AT, base));
  return { pre, base: AT, off: 0 };
}

/** SPIM's unaligned loads and stores, little-endian: ulw, usw, ulh, ulhu, ush. */
function expandUnaligned(name: string): Expander {
  return ([rt, addr, ...rest], constOf) => {
    if (!isReg(rt) || !addr || rest.length > 0) return undefined;
    const a = unalignedBase(addr, constOf);
    if (!a) return undefined;
    const { pre, base, off } = a;
    const r = rt.n;
    switch (name) {
      case 'ulw':
        return [...pre, ins('lwl', r, off + 3, base), ins('lwr', r, off, base)];
      case 'usw':
        return [...pre, ins('swl', r, off + 3, base), ins('swr', r, off, base)];
      case 'ush':
        if (base !== AT) {
          return [ins('sb', r, off, base), ins('srl', AT, r, 8), ins('sb', AT, off + 1, base)];
        }
        // With the address in $at, GNU's sequence: shift rt itself, then restore it.
        return [
          ...pre,
          ins('sb', r, off, base),
          ins('srl', r, r, 8),
          ins('sb', r, off + 1, base),
          ins('lbu', AT, off, base),
          ins('sll', r, r, 8),
          ins('or', r, r, AT),
        ];
      default: {
        const high = name === 'ulh' ? 'lb' : 'lbu';
        if (base === AT) {
          // $at holds the address: load the high byte into rt first, the low byte last.
          return [
            ...pre,
            ins(high, r, off + 1, AT),
            ins('lbu', AT, off, AT),
            ins('sll', r, r, 8),
            ins('or', r, r, AT),
          ];
        }
        return [
          ...pre,
          ins(high, AT, off + 1, base),
          ins('lbu', r, off, base),
          ins('sll', AT, AT, 8),
          ins('or', r, r, AT),
        ];
      }
    }
  };
}

/** The IEEE bits of a float constant: one word for single, [low, high] for double. */
function floatBits(v: number, double: boolean): number[] {
  const view = new DataView(new ArrayBuffer(8));
  if (!double) {
    view.setFloat32(0, v, true);
    return [view.getUint32(0, true)];
  }
  view.setFloat64(0, v, true);
  return [view.getUint32(0, true), view.getUint32(4, true)];
}

function expandLiFloat(double: boolean): Expander {
  return ([fd, val, ...rest], constOf) => {
    if (fd?.kind !== 'fpr' || !isExpr(val) || rest.length > 0) return undefined;
    const v = constOf(val.expr);
    if (v === undefined) return new ColumnError(val.col, `\`${val.text}\` is not a constant`);
    if (double && fd.n % 2 !== 0) return new ColumnError(fd.col, `\`${fd.text}\` must be even`);
    const ops: MachineOp[] = [];
    const words = floatBits(v, double);
    for (let i = 0; i < words.length; i++) {
      const load = liConst(AT, words[i]!, val);
      if (load instanceof ColumnError) return load;
      ops.push(...load, ins('mtc1', AT, fd.n + i));
    }
    return ops;
  };
}

/** mfc1.d/mtc1.d rt, fs: the pair rt, rt+1 <-> fs, fs+1. */
function expandPairMove(name: 'mfc1' | 'mtc1'): Expander {
  return ([rt, fs, ...rest]) => {
    if (!isReg(rt) || fs?.kind !== 'fpr' || rest.length > 0) return undefined;
    if (fs.n % 2 !== 0) return new ColumnError(fs.col, `\`${fs.text}\` must be even`);
    if (rt.n === 31) return new ColumnError(rt.col, `\`${rt.text}\` has no next register`);
    return [ins(name, rt.n, fs.n), ins(name, rt.n + 1, fs.n + 1)];
  };
}

export const MEMORY_PSEUDOS: Record<string, Expander> = {
  ...Object.fromEntries(
    [...LOADS_STORES, ...Object.keys(FP_MEMORY_ALIASES)].map((m) => [m, expandMemory(m)]),
  ),
  ...Object.fromEntries(['ulw', 'usw', 'ulh', 'ulhu', 'ush'].map((m) => [m, expandUnaligned(m)])),
  'li.s': expandLiFloat(false),
  'li.d': expandLiFloat(true),
  'mfc1.d': expandPairMove('mfc1'),
  'mtc1.d': expandPairMove('mtc1'),
};
