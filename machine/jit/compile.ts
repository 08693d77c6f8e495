/**
 * The block compiler: turns the instructions at one entry address into the source of a JS
 * function. A block stays inside one 4 KiB page (so one translation covers it), runs straight
 * through not-taken conditional branches (a taken one is a side exit), and ends at a jump, at
 * an instruction no emitter handles, at the page end or after MAX_BLOCK_WORDS words. A branch
 * and its delay slot are emitted together; a branch whose slot is on the next page or cannot be
 * compiled ends the block before it, so the interpreter runs the pair.
 *
 * A branch back to the block's own entry loops inside the function for as long as the caller's
 * instruction budget covers another full pass, which is what makes tight loops fast.
 *
 * The generated function is `(limit, base) => executed`: `limit` is the instruction budget
 * left (the caller guarantees limit >= maxLen), `base` the clock's cycle count at entry. It
 * stores the exit kind in jit.exitKind and, on a normal exit, the next PC in the CPU.
 */

import { EXIT_EXCEPTION, RegUse, type Site } from './emit.ts';
import { alwaysRaises, emitAlu } from './emit-alu.ts';
import { decodeBranch, isControlTransfer } from './emit-branch.ts';
import { emitCop0, isCop0 } from './emit-cop0.ts';
import { emitMemory, isMemory } from './emit-memory.ts';

/** Longest block, in instruction words. */
export const MAX_BLOCK_WORDS = 128;

export interface CompiledSource {
  /** Body of the factory function (see FACTORY_PARAMS); returns the block function. */
  source: string;
  /** Instruction words the block covers, from the entry. */
  words: number;
  /** Most instructions one pass can execute (the budget a pass needs). */
  maxLen: number;
}

/** Parameter names of the factory the source is the body of, in order. */
export const FACTORY_PARAMS = [
  'cpu',
  'r',
  'm8',
  'mu8',
  'm16',
  'mu16',
  'm32',
  'rTag',
  'rBase',
  'wTag',
  'wBase',
  'clock',
  'bus',
  'jit',
  'slow',
  'mulHi',
  'mulHiU',
  'clo',
  'acc64',
  'readCop0',
  'cop0',
] as const;

/** A non-branch instruction as JS, or null when no emitter compiles it. */
function emitPlain(site: Site, u: RegUse): string | null {
  if (isMemory(site.inst)) return emitMemory(site, u);
  if (isCop0(site.inst)) return emitCop0(site, u);
  return emitAlu(site, u);
}

/** The part of a block pass that leaves to `target` (static) after `count` instructions. */
function taken(target: number | null, count: number, entry: number, canStop: boolean): string {
  if (target === null) return `{ pc = t; n += ${count}; break L; }`;
  if (target === entry) {
    const stop = canStop ? 'stop === 0 && ' : '';
    return `{ n += ${count}; if (${stop}n + MAXLEN <= limit) continue L; pc = ${entry}; break L; }`;
  }
  return `{ pc = ${target}; n += ${count}; break L; }`;
}

/**
 * Compiles the block entered at virtual address `vpc` whose instruction words are
 * `code[0..]` (the rest of the page). Returns null when the first instruction cannot be
 * compiled.
 */
export function compileBlock(vpc: number, code: Int32Array, user: boolean): CompiledSource | null {
  const u = new RegUse();
  const body: string[] = [];
  const limit = Math.min(code.length, MAX_BLOCK_WORDS);
  let i = 0;
  let pos = 0;
  let ended = false;
  while (i < limit && !ended) {
    const inst = code[i];
    const addr = (vpc + 4 * i) | 0;
    if (isControlTransfer(inst)) {
      if (i + 1 >= code.length) break;
      const branch = decodeBranch(inst, addr, u);
      const slotInst = code[i + 1];
      if (branch === null || isControlTransfer(slotInst)) break;
      const slotSite: Site = {
        inst: slotInst,
        addr: (addr + 4) | 0,
        count: pos + 2,
        inDelay: true,
        user,
      };
      const slot = emitPlain(slotSite, u);
      if (slot === null) break;
      const canStop = isMemory(slotInst) || isCop0(slotInst);
      const parts: string[] = [];
      if (branch.target === null) parts.push(`const t = ${u.get(branch.targetReg)};`);
      else if (branch.cond !== null) parts.push(`const t = ${branch.cond};`);
      if (branch.link !== 0) parts.push(u.set(branch.link, String((addr + 8) | 0)));
      const go = taken(branch.target, pos + 2, vpc, canStop);
      if (branch.cond === null) {
        parts.push(slot, go);
        ended = true;
      } else if (branch.likely) {
        parts.push(`if (t) { ${slot} ${go} }`);
      } else {
        parts.push(slot, `if (t) ${go}`);
        if (canStop)
          parts.push(`if (stop !== 0) { pc = ${(addr + 8) | 0}; n += ${pos + 2}; break L; }`);
      }
      body.push(`{ ${parts.join(' ')} }`);
      // Not taken: a likely branch annulled its slot, so only the branch itself counted.
      pos += branch.likely ? 1 : 2;
      i += 2;
      continue;
    }
    const site: Site = { inst, addr, count: pos + 1, inDelay: false, user };
    const code1 = emitPlain(site, u);
    if (code1 === null) break;
    body.push(code1);
    pos++;
    i++;
    if (alwaysRaises(inst)) ended = true;
  }
  if (i === 0) return null;
  if (!ended) body.push(`pc = ${(vpc + 4 * i) | 0}; n += ${pos}; break L;`);
  const maxLen = i;
  const regs = [...u.read].sort((a, b) => a - b);
  const prologue = regs.length > 0 ? `let ${regs.map((x) => `r${x} = r[${x}]`).join(', ')};` : '';
  const epilogue = [...u.written]
    .sort((a, b) => a - b)
    .map((x) => `r[${x}] = r${x};`)
    .join(' ');
  const source = [
    `const MAXLEN = ${maxLen};`,
    'return function block(limit, base) {',
    prologue,
    'let n = 0, k = 0, pc = 0, stop = 0;',
    'L: for (;;) {',
    ...body,
    '}',
    epilogue,
    'jit.exitKind = k;',
    `if (k !== ${EXIT_EXCEPTION}) { cpu.pc = pc; cpu.npc = (pc + 4) | 0; cpu.inDelaySlot = false; }`,
    'return n;',
    '};',
  ].join('\n');
  return { source, words: i, maxLen };
}
