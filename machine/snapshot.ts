/**
 * Snapshot and restore of a whole machine: CPU, FPU, TLB, clock, interrupt lines, every
 * device's registers and pending events, and RAM. Restoring into a machine built with the same
 * options (memory size, disk, network script) and continuing gives exactly the run the original
 * would have had. Host hooks (the bare-mode syscall service, the console's host) are not state:
 * the caller installs them again.
 *
 * The layer above may store plain `meta` data with the machine (bare mode keeps its session
 * state there). Format (little-endian):  "EXOSNAP1" | u32 header length | UTF-8 JSON header | page data.
 * RAM is stored sparsely: the header lists the indices of the 4 KiB pages that are not all
 * zero, and their bytes follow in that order.
 */
import type { CpuState } from './cpu-state.ts';
import type { DeviceState } from './device.ts';
import type { FpuState } from './fpu.ts';
import type { Machine } from './machine.ts';
import { PAGE_SIZE } from './memory.ts';

const MAGIC = 'EXOSNAP1';

interface SnapshotHeader {
  version: 1;
  memoryBytes: number;
  seed: number;
  cycles: number;
  irq: number;
  cpu: CpuState;
  fpu: FpuState;
  tlb: { hi: number[]; lo: number[] };
  spimConsolePhys: number;
  devices: Record<string, DeviceState>;
  pages: number[];
  /** What the layer above the machine keeps with it (bare mode: its session state). */
  meta?: unknown;
}

/**
 * The machine's whole state as bytes. `meta` is plain JSON-able data the caller wants stored
 * alongside (the state of whatever drives the machine); snapshotMeta reads it back.
 */
export function saveSnapshot(machine: Machine, meta?: unknown): Uint8Array {
  const mem = machine.memory;
  const pages: number[] = [];
  for (let p = 0; p < mem.frames; p++) {
    const words = mem.i32.subarray((p * PAGE_SIZE) >>> 2, ((p + 1) * PAGE_SIZE) >>> 2);
    if (words.some((w) => w !== 0)) pages.push(p);
  }
  const devices: Record<string, DeviceState> = {};
  for (const d of machine.devices()) devices[d.name] = d.save();
  const header: SnapshotHeader = {
    version: 1,
    memoryBytes: mem.size,
    seed: machine.seed,
    cycles: machine.clock.cycles,
    irq: machine.irq.pending,
    cpu: machine.cpu.save(),
    fpu: machine.fpu.save(),
    tlb: machine.mmu.tlb.save(),
    spimConsolePhys: machine.mmu.spimConsolePhys,
    devices,
    pages,
    meta,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(12 + json.length + pages.length * PAGE_SIZE);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  let at = 12 + json.length;
  for (const p of pages) {
    out.set(mem.u8.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE), at);
    at += PAGE_SIZE;
  }
  return out;
}

/**
 * Loads a snapshot into `machine`, which must have been built with the same memory size.
 * Returns null on success or a message saying what is wrong with the data; on failure the
 * machine is left untouched.
 */
export function restoreSnapshot(machine: Machine, bytes: Uint8Array): string | null {
  const parsed = parseSnapshot(bytes);
  if (typeof parsed === 'string') return parsed;
  const { header, pageData } = parsed;
  if (header.memoryBytes !== machine.memory.size) {
    return `snapshot is of a machine with ${header.memoryBytes} bytes of memory; this one has ${machine.memory.size}`;
  }
  const mem = machine.memory;
  mem.u8.fill(0);
  header.pages.forEach((p, i) => {
    mem.u8.set(pageData.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), p * PAGE_SIZE);
  });
  machine.clock.clear();
  machine.clock.cycles = header.cycles;
  machine.irq.pending = header.irq;
  machine.mmu.tlb.restore(header.tlb);
  machine.mmu.spimConsolePhys = header.spimConsolePhys;
  machine.cpu.restore(header.cpu);
  machine.fpu.restore(header.fpu);
  for (const d of machine.devices()) {
    const state = header.devices[d.name];
    if (state !== undefined) d.restore(state);
  }
  return null;
}

/** The `meta` stored with a snapshot (undefined if none), or a message if the bytes are bad. */
export function snapshotMeta(bytes: Uint8Array): { meta: unknown } | string {
  const parsed = parseSnapshot(bytes);
  return typeof parsed === 'string' ? parsed : { meta: parsed.header.meta };
}

function parseSnapshot(
  bytes: Uint8Array,
): { header: SnapshotHeader; pageData: Uint8Array } | string {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    return 'not an exolab snapshot (bad magic)';
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  if (12 + length > bytes.length) return 'truncated snapshot (header runs past the end)';
  let header: SnapshotHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  } catch {
    return 'corrupt snapshot (header is not valid JSON)';
  }
  if (header === null || typeof header !== 'object' || header.version !== 1) {
    return 'unsupported snapshot version';
  }
  if (
    !Array.isArray(header.pages) ||
    !header.cpu ||
    !header.fpu ||
    !header.tlb ||
    !header.devices
  ) {
    return 'corrupt snapshot (header is missing fields)';
  }
  const maxPage = header.memoryBytes / PAGE_SIZE;
  if (header.pages.some((p) => !Number.isInteger(p) || p < 0 || p >= maxPage)) {
    return 'corrupt snapshot (page index out of range)';
  }
  const pageData = bytes.subarray(12 + length);
  if (pageData.length !== header.pages.length * PAGE_SIZE) {
    return 'truncated snapshot (page data is the wrong length)';
  }
  return { header, pageData };
}
