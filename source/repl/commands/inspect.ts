/**
 * Inspection: frames, capabilities held, the hardware TLB, the STLB, memory, registers and the
 * kernel's event log. These only read; none of them changes the kernel or the machine.
 */

import { type Capability, formatCapability, ResourceTable } from '../../../kernel/caps/index.ts';
import type { Environment } from '../../../kernel/exo/env.ts';
import { inspectStlb, inspectTlb } from '../../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../../kernel/exo/kernel.ts';
import { GPR_NAMES } from '../../../machine/isa/registers.ts';
import { type Command, said } from '../command.ts';
import { hex8, plural, ranges, table } from '../format.ts';
import { describeEnv } from './environments.ts';
import { memCommand } from './memory.ts';
import { slicesCommand } from './slices.ts';

const frames: Command = {
  name: 'frames',
  group: 'inspect',
  args: [{ name: 'ENV', kind: 'env', optional: true }],
  help: "physical frames: free, kernel's and each environment's; with ENV, its frames and bindings",
  example: 'frames alice',
  run(session, { values: [target] }) {
    const kernel = session.kernel;
    if (target !== undefined) return framesOf(kernel, target as Environment);
    let free = 0;
    let reserved = 0;
    const byOwner = new Map<number, number[]>();
    for (const entry of kernel.frames.snapshot().entries) {
      if (entry.owner === 'free') free++;
      else if (entry.owner === 'retired' || entry.owner === 0) reserved++;
      else byOwner.set(entry.owner, [...(byOwner.get(entry.owner) ?? []), entry.index]);
    }
    const lines = [
      `${kernel.frames.size} frames of 4 KiB: ${free} free, ${reserved} kernel's, ${
        kernel.frames.size - free - reserved
      } held by environments`,
    ];
    for (const [owner, held] of byOwner) {
      const env = kernel.envs.get(owner);
      lines.push(
        `  ${env ? describeEnv(env) : `env ${owner}`}: ${plural(held.length, 'frame')} ${ranges(held)}`,
      );
    }
    const owners = Object.fromEntries([...byOwner].map(([k, v]) => [k, v]));
    return said(lines, { total: kernel.frames.size, free, kernel: reserved, owners });
  },
};

function framesOf(kernel: Exokernel, env: Environment) {
  const held = kernel.frames.ownedBy(env.id);
  const bindings = [...env.bindings]
    .sort(([a], [b]) => a - b)
    .map(([vpn, lo]) => ({
      vaddr: vpn * 4096,
      frame: lo >>> 12,
      writable: (lo & (1 << 10)) !== 0,
      owner: kernel.frames.ownerOf(lo >>> 12),
    }));
  const lines = [
    `${describeEnv(env)} holds ${plural(held.length, 'frame')} ${ranges(held)}`.trimEnd(),
  ];
  if (bindings.length > 0) {
    const rows = [['vaddr', 'frame', 'access', 'frame owner']];
    for (const b of bindings) {
      const owner =
        b.owner === env.id ? 'itself' : typeof b.owner === 'number' ? `env ${b.owner}` : b.owner;
      rows.push([hex8(b.vaddr), String(b.frame), b.writable ? 'rw' : 'r', owner]);
    }
    lines.push(...table(rows));
  } else lines.push('no bindings');
  return said(lines, { env: env.id, frames: held, bindings });
}

/**
 * The kernel table that issues capabilities of `kind`, if the kernel has one. Each subsystem
 * keeps its own (frames on the kernel, blocks, slices and filters in their modules), so the
 * search looks a few objects deep rather than naming every subsystem here.
 */
function tableFor(kernel: Exokernel, kind: string): ResourceTable | undefined {
  const seen = new Set<object>();
  const search = (value: unknown, depth: number): ResourceTable | undefined => {
    if (value instanceof ResourceTable) return value.kind === kind ? value : undefined;
    if (depth === 0 || typeof value !== 'object' || value === null || seen.has(value)) return;
    if (ArrayBuffer.isView(value) || value instanceof Map || Array.isArray(value)) return;
    seen.add(value);
    for (const field of Object.values(value)) {
      const found = search(field, depth - 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(kernel, 3);
}

const STATUS = [
  'valid',
  'BAD (forged or no such resource)',
  'STALE (freed or repossessed)',
  'valid',
];

function statusOf(kernel: Exokernel, cap: Capability): string {
  const owner = tableFor(kernel, cap.kind);
  return owner ? STATUS[owner.check(cap, 0)] : 'unknown (no table for its kind)';
}

const caps: Command = {
  name: 'caps',
  group: 'inspect',
  args: [],
  help: 'capabilities this session holds ($c1, $c2 …) and whether each is still good',
  example: 'caps',
  run(session) {
    if (session.caps.size === 0) return said('no capabilities yet (frame_alloc hands one out)', []);
    const data = [...session.caps].map(([name, cap]) => ({
      name,
      cap: formatCapability(cap),
      status: statusOf(session.kernel, cap),
    }));
    return said(table(data.map((d) => [d.name, d.cap, d.status])), data);
  },
};

const tlb: Command = {
  name: 'tlb',
  group: 'inspect',
  args: [],
  flags: [{ name: '-a', help: 'all 64 entries, not only valid ones' }],
  help: 'the 64 hardware TLB entries: index, VPN, ASID, PFN and the N D V G bits (valid ones; -a all)',
  example: 'tlb -a',
  run(session, { flags }) {
    const entries = inspectTlb(session.kernel);
    const shown = flags.has('-a') ? entries : entries.filter((e) => e.v);
    const bit = (on: boolean, letter: string) => (on ? letter : '-');
    const rows = [['index', 'vpn', 'asid', 'pfn', 'ndvg']];
    for (const e of shown) {
      const bits = bit(e.n, 'N') + bit(e.d, 'D') + bit(e.v, 'V') + bit(e.g, 'G');
      rows.push([
        String(e.index),
        `0x${e.vpn.toString(16).padStart(5, '0')}`,
        String(e.asid),
        String(e.pfn),
        bits,
      ]);
    }
    const valid = entries.filter((e) => e.v).length;
    const summary = `${valid} of 64 entries valid${flags.has('-a') ? '' : ' (tlb -a shows all 64)'}`;
    return said([...(shown.length > 0 ? table(rows) : []), summary], shown);
  },
};

const stlb: Command = {
  name: 'stlb',
  group: 'inspect',
  args: [],
  flags: [{ name: '-a', help: 'every entry, not only the first 16' }],
  help: "the kernel's software TLB: size, entries, hits, misses and hit rate",
  example: 'stlb',
  run(session, { flags }) {
    const s = inspectStlb(session.kernel);
    const probes = s.hits + s.misses;
    const rate = probes === 0 ? 'no probes yet' : `hit rate ${(s.hitRate * 100).toFixed(1)}%`;
    const entries = session.kernel.stlb.entries().sort((a, b) => a.asid - b.asid || a.vpn - b.vpn);
    const shown = flags.has('-a') ? entries : entries.slice(0, 16);
    const lines = [
      `${s.valid} of ${s.size} entries used; ${s.hits} hits, ${s.misses} misses; ${rate}`,
    ];
    const rows = [['asid', 'vaddr', 'frame', 'access']];
    for (const e of shown) {
      rows.push([
        String(e.asid),
        hex8(e.vpn * 4096),
        String(e.entryLo >>> 12),
        e.entryLo & (1 << 10) ? 'rw' : 'r',
      ]);
    }
    if (shown.length > 0) lines.push(...table(rows));
    if (shown.length < entries.length)
      lines.push(`… ${entries.length - shown.length} more (stlb -a)`);
    return said(lines, { ...s, entries: shown });
  },
};

/** The registers of `env`: live on the CPU if it is running, else its saved context. */
export function registersOf(kernel: Exokernel, env: Environment) {
  const cpu = kernel.machine.cpu;
  const live = kernel.current === env;
  return {
    regs: Array.from(live ? cpu.regs : env.context.regs),
    pc: live ? cpu.pc : env.context.pc,
    hi: live ? cpu.hi : env.context.hi,
    lo: live ? cpu.lo : env.context.lo,
  };
}

const regs: Command = {
  name: 'regs',
  group: 'inspect',
  args: [{ name: 'ENV', kind: 'env', optional: true }],
  help: 'the registers of the chosen environment (or ENV): pc, hi, lo and the 32 general ones',
  example: 'regs',
  run(session, { values: [target] }) {
    const env = (target as Environment | undefined) ?? session.actingEnv();
    const r = registersOf(session.kernel, env);
    const lines = [`${describeEnv(env)}  pc ${hex8(r.pc)}  hi ${hex8(r.hi)}  lo ${hex8(r.lo)}`];
    for (let row = 0; row < 8; row++) {
      const cells = [0, 8, 16, 24].map((col) => {
        const n = row + col;
        return `${`$${GPR_NAMES[n]}`.padStart(5)} ${hex8(r.regs[n])}`;
      });
      lines.push(cells.join('  '));
    }
    return said(lines, { env: env.id, ...r });
  },
};

const log: Command = {
  name: 'log',
  group: 'inspect',
  args: [
    { name: 'N', kind: 'count', optional: true },
    { name: 'KIND', kind: 'word', optional: true },
  ],
  help: "the kernel's newest N events (default 20), optionally of one kind (bind, frame, env …)",
  example: 'log 10 bind',
  run(session, { values: [n, kind] }) {
    const count = (n as number | undefined) ?? 20;
    const filter = kind === undefined ? {} : { kind: kind as never };
    const events = session.kernel.log.recent(count, filter);
    if (events.length === 0) {
      const seen = [...new Set(session.kernel.log.recent().map((e) => e.kind))].join(', ');
      const what = kind === undefined ? 'no events yet' : `no \`${kind}\` events`;
      return said(seen ? `${what} (kinds logged: ${seen})` : what, []);
    }
    const rows = events.map((e) => [
      String(e.cycle),
      e.env < 0 ? 'kernel' : `env ${e.env}`,
      e.kind,
      e.text,
    ]);
    return said(table(rows), events);
  },
};

export const inspectCommands: Command[] = [
  frames,
  caps,
  tlb,
  stlb,
  slicesCommand,
  memCommand,
  regs,
  log,
];
