/**
 * Comparing two machines for the differential tests: everything a snapshot holds (CPU, CP0,
 * FPU, TLB, clock, devices with their pending events, every byte of RAM) must be identical. When
 * it is not, the first differences are described in words so a failure says what diverged.
 */
import type { Machine } from '../../../machine/machine.ts';

/** A one-line summary of where a machine is. */
export function where(m: Machine): string {
  return `pc=0x${(m.cpu.pc >>> 0).toString(16)} cycles=${m.clock.cycles} retired=${m.retired}`;
}

/** Everything but RAM that a snapshot holds, as one comparable string. */
function registers(m: Machine): string {
  return JSON.stringify({
    cycles: m.clock.cycles,
    events: m.clock.pendingEvents(),
    irq: m.irq.pending,
    cpu: m.cpu.save(),
    fpu: m.fpu.save(),
    tlb: m.mmu.tlb.save(),
    devices: m.devices().map((d) => d.save()),
  });
}

/** True when RAM and every register of the two machines are equal (cheaper than snapshots). */
export function sameState(a: Machine, b: Machine): boolean {
  if (registers(a) !== registers(b)) return false;
  return Buffer.compare(Buffer.from(a.memory.buffer), Buffer.from(b.memory.buffer)) === 0;
}

/** Null when the two machines are in the same state, else what differs. */
export function stateDifference(a: Machine, b: Machine): string | null {
  if (sameState(a, b)) return null;
  const out: string[] = [`interp ${where(a)} | jit ${where(b)}`];
  for (let i = 0; i < 32; i++) {
    if (a.cpu.regs[i] !== b.cpu.regs[i]) out.push(`$${i}: ${a.cpu.regs[i]} vs ${b.cpu.regs[i]}`);
  }
  const cpuA = a.cpu.save();
  const cpuB = b.cpu.save();
  for (const k of ['hi', 'lo', 'npc', 'inDelaySlot', 'llBit', 'stallCycles'] as const) {
    if (cpuA[k] !== cpuB[k]) out.push(`${k}: ${cpuA[k]} vs ${cpuB[k]}`);
  }
  for (const [k, v] of Object.entries(cpuA.cp0)) {
    const w = (cpuB.cp0 as Record<string, number>)[k];
    if (v !== w) out.push(`cp0.${k}: 0x${(v >>> 0).toString(16)} vs 0x${(w >>> 0).toString(16)}`);
  }
  const ta = a.mmu.tlb;
  const tb = b.mmu.tlb;
  for (let i = 0; i < 64; i++) {
    if (ta.hi[i] !== tb.hi[i] || ta.lo[i] !== tb.lo[i]) out.push(`tlb[${i}] differs`);
  }
  const ma = a.memory.i32;
  const mb = b.memory.i32;
  let shown = 0;
  for (let i = 0; i < ma.length && shown < 5; i++) {
    if (ma[i] !== mb[i]) {
      out.push(
        `mem[0x${(i * 4).toString(16)}]: 0x${(ma[i] >>> 0).toString(16)} vs 0x${(mb[i] >>> 0).toString(16)}`,
      );
      shown++;
    }
  }
  if (out.length === 1) out.push('devices or pending events differ');
  return out.join('\n');
}
