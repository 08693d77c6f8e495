/**
 * `bench kernel`: host throughput of the exokernel's hot paths, each driven by a MIPS program
 * in one environment:
 *
 *   stlb-refill   80 bound pages touched round and round: every access misses the 64-entry
 *                 hardware TLB and is refilled from the STLB
 *   libos-upcall  a new page on every access: every access misses the STLB and upcalls the
 *                 environment's TypeScript page-fault handler, which binds a frame
 *   kernel-call   env_self from MIPS `syscall` in a loop
 *
 * Reported per benchmark: operations, emulated cycles per operation (the same on every
 * machine), and host operations per second (wall clock, read here only).
 */
import type { Capability } from '../../kernel/caps/index.ts';
import type { Environment } from '../../kernel/exo/env.ts';
import { Exokernel } from '../../kernel/exo/kernel.ts';
import { assemble } from '../../machine/asm/index.ts';

export interface KernelBenchResult {
  benchmark: string;
  operations: number;
  cyclesPerOperation: number;
  seconds: number;
  operationsPerSecond: number;
}

const PAGES = 80;
const REFILL_ROUNDS = 2000;
const UPCALL_PAGES = 50_000;
const CALLS = 200_000;

/** Capabilities of the frames the loader bound, by VPN: the bench's own little page table. */
type PageTable = Map<number, Capability>;

/** A kernel with one environment running `source` (its pages bound to fresh frames). */
function boot(source: string): { kernel: Exokernel; env: Environment; pages: PageTable } {
  const kernel = new Exokernel({ memoryBytes: 8 << 20 });
  const env = kernel.createEnv('bench')!;
  const api = kernel.calls.apiFor(env);
  const program = assemble({ name: 'bench.s', text: source });
  if (!program.ok) throw new Error(program.errors.map((e) => e.message).join('\n'));
  const pages: PageTable = new Map();
  for (const seg of program.segments) {
    for (let page = seg.address & ~0xfff; page < seg.address + seg.bytes.length; page += 4096) {
      const frame = api.call('frame_alloc');
      api.call('bind', page, frame.cap!, 1);
      pages.set(page >>> 12, frame.cap!);
    }
    api.writeBytes(seg.address, seg.bytes);
  }
  env.context.pc = program.symbols.get('main')!;
  kernel.switchTo(env);
  return { kernel, env, pages };
}

function measure(
  name: string,
  source: string,
  operations: (k: Exokernel) => number,
  setup?: (env: Environment, pages: PageTable) => void,
): KernelBenchResult {
  const { kernel, env, pages } = boot(source);
  setup?.(env, pages);
  const t0 = performance.now();
  const c0 = kernel.cycles;
  const result = kernel.run(Number.MAX_SAFE_INTEGER);
  const seconds = (performance.now() - t0) / 1000;
  if (result.reason !== 'halted' || env.state !== 'exited') {
    throw new Error(
      `bench kernel ${name}: the program stopped (${result.reason}, ${env.state} ${env.abortReason})`,
    );
  }
  const ops = operations(kernel);
  return {
    benchmark: name,
    operations: ops,
    cyclesPerOperation: (kernel.cycles - c0) / ops,
    seconds,
    operationsPerSecond: ops / seconds,
  };
}

const EXIT = `
        li    $v0, 0x101
        li    $a0, 0
        syscall
        .data
cap:    .space 16`;

function stlbRefill(): KernelBenchResult {
  let binds = '';
  for (let i = 0; i < PAGES; i++) {
    binds += `
        li $v0, 0x102
        la $a0, cap
        syscall
        li $v0, 0x104
        li $a0, ${0x20000000 + i * 4096}
        la $a1, cap
        li $a2, 1
        syscall`;
  }
  const source = `
        .text
main:   ${binds}
        li    $s0, ${REFILL_ROUNDS}
round:  li    $t0, 0x20000000
        li    $t2, ${PAGES}
touch:  lw    $t3, 0($t0)
        addiu $t0, $t0, 4096
        addiu $t2, $t2, -1
        bnez  $t2, touch
        addiu $s0, $s0, -1
        bnez  $s0, round
${EXIT}`;
  return measure('stlb-refill', source, (k) => k.stlb.hits);
}

function libosUpcall(): KernelBenchResult {
  const source = `
        .text
main:   li    $t0, 0x20000000
        li    $t2, ${UPCALL_PAGES}
touch:  lw    $t3, 0($t0)
        addiu $t0, $t0, 4096
        addiu $t2, $t2, -1
        bnez  $t2, touch
${EXIT}`;
  let upcalls = 0;
  return measure(
    'libos-upcall',
    source,
    () => upcalls,
    (env, pages) => {
      // A library OS in miniature: pages it loaded are rebound from its page table (the STLB
      // is only a cache); any other page gets one shared frame, read-only.
      let shared: Capability | undefined;
      env.libos = {
        pageFault(api, vaddr) {
          upcalls++;
          const known = pages.get(vaddr >>> 12);
          if (known) {
            api.call('bind', vaddr, known, 1);
            return;
          }
          shared ??= api.call('frame_alloc').cap;
          api.call('bind', vaddr, shared!, 0);
        },
      };
    },
  );
}

function kernelCall(): KernelBenchResult {
  const source = `
        .text
main:   li    $s0, ${CALLS}
loop:   li    $v0, 0x100
        syscall
        addiu $s0, $s0, -1
        bnez  $s0, loop
${EXIT}`;
  return measure('kernel-call', source, () => CALLS);
}

/**
 * Runs each benchmark repeatedly for about `seconds` and keeps the median run (the first run,
 * which warms V8 up, is left out when there are others).
 */
export function benchKernel(seconds = 2): KernelBenchResult[] {
  return [stlbRefill, libosUpcall, kernelCall].map((bench) => {
    const runs: KernelBenchResult[] = [];
    const start = performance.now();
    do runs.push(bench());
    while ((performance.now() - start) / 1000 < seconds);
    const counted = runs.length > 1 ? runs.slice(1) : runs;
    counted.sort((a, b) => a.seconds - b.seconds);
    return counted[counted.length >> 1];
  });
}

export function formatKernelTable(results: KernelBenchResult[]): string {
  const header = ['benchmark', 'operations', 'cycles/op', 'seconds', 'ops/second'];
  const rows = results.map((r) => [
    r.benchmark,
    r.operations.toLocaleString('en-US'),
    r.cyclesPerOperation.toFixed(1),
    r.seconds.toFixed(3),
    Math.round(r.operationsPerSecond).toLocaleString('en-US'),
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  '),
    )
    .join('\n');
}
