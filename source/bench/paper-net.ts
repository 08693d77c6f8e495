/**
 * `bench paper`, the network and library-OS IPC rows (issue 4).
 *
 * Packet filters: compiled (the exokernel
 * downloads, verifies and compiles it; kernel/exo/network.ts) against interpreted (the
 * baseline's in-kernel filter; kernel/mono/net.ts), in cycles per arriving packet.
 *
 * bench/paper/filter-recv.s installs FILTERS filters, each claiming UDP to one port, and spins
 * while PACKETS (then 2 x PACKETS) UDP frames for the last port arrive at the network
 * interface, SPACING cycles apart; the spin is the same length in both runs, so the difference
 * divided by PACKETS is the kernel's work for one packet: the receive interrupt, the driver,
 * every filter run until the last accepts, and queueing. Per packet, from COSTS:
 *   exo   trapEntryExit + packetReceive + steps x filterStepCompiled
 *   mono  trapEntryExit + 2 x 37 trapFrameWord + packetReceive
 *         + steps x (filterInterpretStep + filterStepCompiled)
 * with steps = 8 per filter (FILTERS x 8 in all).
 *
 * Pipes: bench/paper/lpipe-client.s and lpipe-server.s, one pair of programs for both kernels
 * through the portable named pipes (kernel/libos/ipc/abi.ts), make ROUND_TRIPS (then twice as
 * many) round trips of a word; the row is cycles per round trip. Under the baseline the pipes
 * are kernel buffers and a read that must wait sleeps (a context switch) and is restarted;
 * under the exokernel they live in ExOS, in a page the two environments share: every pipe call
 * is a `syscall` upcalled into the TypeScript library OS (trap, upcall, libosHandler, the words
 * it touches), and a read that must wait hands the rest of its slice to the other side by an
 * asynchronous protected control transfer (COSTS.pct and the 34 registers the other side's
 * entry reloads). Each environment owns one slice.
 */
import { readFileSync } from 'node:fs';
import { Exokernel } from '../../kernel/exo/kernel.ts';
import { loadProgram } from '../../kernel/libos/index.ts';
import { buildUdpFrame } from '../../kernel/libos/net/frame.ts';
import { MonoKernel } from '../../kernel/mono/index.ts';
import type { NetFrame } from '../../machine/devices/net.ts';
import {
  entry,
  finishExo,
  finishMono,
  loadExo,
  MEMORY,
  type PaperRow,
  program,
  row,
} from './paper.ts';

const FILTERS = 8;
const PACKETS = 32;
const SPACING = 3000;
/** Spin iterations: well past the last of 2 x PACKETS arrivals in either kernel. */
const SPIN = 150_000;
const FIRST_PORT = 7000;

/** `n` UDP frames to the last filter's port, SPACING cycles apart from cycle 20,000. */
function arrivals(n: number): NetFrame[] {
  const bytes = buildUdpFrame({
    from: { host: 9, port: 5000 },
    to: { host: 1, port: FIRST_PORT + FILTERS - 1 },
    payload: new Uint8Array(22),
  });
  return Array.from({ length: n }, (_, i) => ({ at: 20_000 + i * SPACING, bytes }));
}

function filterRun(kernel: 'exo' | 'mono', packets: number): number {
  const p = program('filter-recv.s');
  const regs = { 4: FILTERS, 5: SPIN };
  const options = { memoryBytes: MEMORY, network: arrivals(packets) };
  if (kernel === 'exo') {
    const k = new Exokernel(options);
    k.switchTo(loadExo(k, p, regs));
    const cycles = finishExo(k, 'filter-recv');
    if (k.net.delivered !== packets) throw new Error('bench paper filter (exo): packets lost');
    return cycles;
  }
  const k = new MonoKernel(options);
  const proc = k.spawn(p.name, p.segments, entry(p))!;
  for (const [r, v] of Object.entries(regs)) proc.frame.regs[Number(r)] = v;
  k.switchTo(proc);
  const cycles = finishMono(k, 'filter-recv');
  if (k.net.delivered !== packets) throw new Error('bench paper filter (mono): packets lost');
  return cycles;
}

function perPacket(kernel: 'exo' | 'mono'): number {
  return (filterRun(kernel, 2 * PACKETS) - filterRun(kernel, PACKETS)) / PACKETS;
}

const ROUND_TRIPS = 100;
const PIPE_PROGRAMS = ['lpipe-client.s', 'lpipe-server.s'];

/** Cycles for `n` pipe round trips; the client's `count` word is set before it starts. */
function pipeRun(kernel: 'exo' | 'mono', n: number): number {
  if (kernel === 'exo') {
    const k = new Exokernel({ memoryBytes: MEMORY });
    const envs = PIPE_PROGRAMS.map((name) => {
      const text = readFileSync(new URL(`../../bench/paper/${name}`, import.meta.url));
      const loaded = loadProgram(k, name, new Uint8Array(text));
      if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
      const api = k.calls.apiFor(loaded.env);
      api.call('slice_alloc', -1);
      const count = loaded.symbols.get('count');
      if (count !== undefined) api.writeWord(count, n);
      return loaded.env;
    });
    k.switchTo(envs[0]);
    return finishExo(k, 'lpipe');
  }
  const k = new MonoKernel({ memoryBytes: MEMORY });
  const procs = PIPE_PROGRAMS.map((name) => {
    const p = program(name);
    const proc = k.spawn(name, p.segments, entry(p))!;
    const count = p.symbols.get('count');
    if (count !== undefined) k.writeWords(proc, count, Int32Array.of(n));
    return proc;
  });
  k.switchTo(procs[0]);
  return finishMono(k, 'lpipe');
}

function perRoundTrip(kernel: 'exo' | 'mono'): number {
  return (pipeRun(kernel, 2 * ROUND_TRIPS) - pipeRun(kernel, ROUND_TRIPS)) / ROUND_TRIPS;
}

/** The network and library-OS IPC rows of `bench paper`; deterministic. */
export function benchPaperNet(): PaperRow[] {
  return [
    row(
      `packet filter: compiled vs interpreted, cycles per packet (${FILTERS} filters)`,
      perPacket('mono'),
      perPacket('exo'),
      'about 23x (interpreted MPF 35.0 us vs compiled DPF 1.5 us)',
    ),
    row(
      'pipe round trip: kernel pipes vs ExOS library pipes',
      perRoundTrip('mono'),
      perRoundTrip('exo'),
      "library-OS IPC 5-40x faster than Ultrix's (no per-row figure in our notes)",
    ),
  ];
}
