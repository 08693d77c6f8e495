/**
 * The block compiler's emitter for loads and stores. lb/lbu/lh/lhu/lw and sb/sh/sw first try
 * the MMU's translation cache inline (the same tables the interpreter reads); a miss, and
 * every lwl/lwr/swl/swr/ll/sc, calls the interpreter's own slow path `accessSlow` with the
 * clock made current, exactly as the interpreter does. After a slow access the block leaves
 * if the access faulted (precise: the instruction did not happen), touched a device (the
 * slice must end so events run), or overwrote compiled code (the block may be stale).
 *
 * Compiled pages have no write slots (see Mmu.codePages), so an inline store never lands in
 * code. FP loads and stores are not compiled (they need the Coprocessor Unusable check).
 */
import { CACHE_MASK } from '../mmu.ts';
import { leaveAfter, type RegUse, raisePending, type Site, simm } from './emit.ts';

/** Inline fast-path shape of each load: typed array, alignment mask, index shift. */
const LOADS: Record<number, { view: string; align: number; shift: number }> = {
  32: { view: 'm8', align: 0, shift: 0 },
  33: { view: 'm16', align: 1, shift: 1 },
  35: { view: 'm32', align: 3, shift: 2 },
  36: { view: 'mu8', align: 0, shift: 0 },
  37: { view: 'mu16', align: 1, shift: 1 },
};

const STORES: Record<number, { view: string; align: number; shift: number }> = {
  40: { view: 'mu8', align: 0, shift: 0 },
  41: { view: 'mu16', align: 1, shift: 1 },
  43: { view: 'm32', align: 3, shift: 2 },
};

/** Loads and stores that always take the slow path: lwl, lwr, swl, swr, ll, sc. */
const SLOW_ONLY = new Set([34, 38, 42, 46, 48, 56]);

/** True when `inst` is a load or store this emitter compiles. */
export function isMemory(inst: number): boolean {
  const op = inst >>> 26;
  return op in LOADS || op in STORES || SLOW_ONLY.has(op);
}

/**
 * The slow access: clock current, register synchronised both ways (stores read it, loads and
 * sc write it, lwl/lwr merge into it), then the exits.
 */
function slowAccess(site: Site, u: RegUse, rt: number): string {
  const local = rt === 0 ? '' : `r${rt}`;
  const before = rt === 0 ? '' : `r[${rt}] = ${local}; `;
  const after = rt === 0 ? 'r[0] = 0; ' : `${local} = r[${rt}]; `;
  if (rt !== 0) {
    u.read.add(rt);
    u.written.add(rt);
  }
  return (
    `clock.cycles = base + n + ${site.count}; ${before}slow(cpu, ${site.inst}, a, ${site.user}); ` +
    `if (cpu.excCode >= 0) ${raisePending(site)} ${after}` +
    `if (bus.touchedDevice || jit.codeWritten) ${leaveAfter(site)}`
  );
}

/** JS statements for a load or store, or null when `inst` is not one this emitter compiles. */
export function emitMemory(site: Site, u: RegUse): string | null {
  const inst = site.inst;
  const op = inst >>> 26;
  const rs = (inst >> 21) & 31;
  const rt = (inst >> 16) & 31;
  const addr = `const a = (${u.get(rs)} + (${simm(inst)})) | 0;`;
  const load = LOADS[op];
  if (load !== undefined) {
    const aligned = load.align === 0 ? '' : `(a & ${load.align}) === 0 && `;
    const index = `(rBase[s] | (a & 4095))${load.shift === 0 ? '' : ` >> ${load.shift}`}`;
    const hit = rt === 0 ? '' : u.set(rt, `${load.view}[${index}]`);
    return `{ ${addr} const v = a >>> 12, s = v & ${CACHE_MASK}; if (${aligned}rTag[s] === v) { ${hit} } else { ${slowAccess(site, u, rt)} } }`;
  }
  const store = STORES[op];
  if (store !== undefined) {
    const aligned = store.align === 0 ? '' : `(a & ${store.align}) === 0 && `;
    const index = `(wBase[s] | (a & 4095))${store.shift === 0 ? '' : ` >> ${store.shift}`}`;
    return `{ ${addr} const v = a >>> 12, s = v & ${CACHE_MASK}; if (${aligned}wTag[s] === v) { ${store.view}[${index}] = ${u.get(rt)}; } else { ${slowAccess(site, u, rt)} } }`;
  }
  if (SLOW_ONLY.has(op)) return `{ ${addr} ${slowAccess(site, u, rt)} }`;
  return null;
}
