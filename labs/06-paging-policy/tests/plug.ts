/**
 * Lab 6's harness: a workload run under ExOS with the student's policy choosing the pages to
 * give up, and under the monolithic baseline with the kernel's LRU — same program, same
 * number of frames, cycles counted by the same emulated clock.
 *
 * The seam lives here, not in ExOS: ExOS's pager (kernel/libos/paging.ts) picks its victim in
 * a private `choose()`; the harness replaces that one method on the program's own pager
 * instance with the student's choice (and tells the policy of each fault by wrapping the
 * page-fault hook). Everything else — writing dirty pages out, reading them back, rebinding
 * the frame — is ExOS's own code. test/source/grader/labs-4-6.test.ts checks that the method
 * is still there.
 */
import { POLICY_FIFO, POLICY_MRU, TRAMPOLINE_VADDR } from '../../../kernel/abi/vm-abi.ts';
import type { LibOsHooks } from '../../../kernel/exo/env.ts';
import { Exokernel, KERNEL_FRAMES } from '../../../kernel/exo/kernel.ts';
import { loadProgram, PAGE_SIZE } from '../../../kernel/libos/index.ts';
import type { PageEntry } from '../../../kernel/libos/page-table.ts';
import type { ExosPager } from '../../../kernel/libos/paging.ts';
import { SCRATCH_VADDR } from '../../../kernel/libos/spim-port.ts';
import { MonoKernel } from '../../../kernel/mono/index.ts';
import { assemble } from '../../../machine/asm/index.ts';
import type { LabContext } from '../../../source/grader/lab-api.ts';
import type { Advice, PagingPolicy, ResidentPage } from '../lab-types.ts';
import { PROGRAM_FRAMES } from './workloads.ts';

export interface RunResult {
  cycles: number;
  output: string;
  /** Pages read back from disk and written out (ExOS runs only). */
  pageIns: number;
  pageOuts: number;
  /** Victims the policy chose. */
  choices: number;
}

const MEMORY = (KERNEL_FRAMES + PROGRAM_FRAMES) * PAGE_SIZE;

/** The private method of ExosPager the harness replaces (see the header). */
export type PagerChoice = { choose(): [number, PageEntry] | null };

/** Runs `source` under ExOS with the student's Policy; the run must end (it fails otherwise). */
export function runWithPolicy(t: LabContext, name: string, source: string): RunResult {
  let output = '';
  const decoder = new TextDecoder();
  const kernel = t.track(
    new Exokernel({
      memoryBytes: MEMORY,
      seed: 1,
      consoleHost: { write: (b) => (output += typeof b === 'string' ? b : decoder.decode(b)) },
    }),
  );
  const loaded = loadProgram(kernel, name, new TextEncoder().encode(source), {
    paging: POLICY_FIFO,
  });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const { exos, env } = loaded;
  const policy = t.student.make<PagingPolicy>('Policy', 'paging policy (Policy)');
  const pager = exos.vm.pager as ExosPager;
  let choices = 0;
  let lastFault = -1;
  (pager as unknown as PagerChoice).choose = () => {
    const candidates = pageable(exos.vm.pages.entries(), exos.vm.pages.heapBase);
    if (candidates.length === 0) return null;
    const resident: ResidentPage[] = candidates.map(([vpn, e]) =>
      Object.freeze({
        vpn,
        dirty: e.dirty,
        onDisk: e.diskCopy !== undefined,
        mappedAt: e.mappedAt ?? 0,
      }),
    );
    const advice: Advice = pager.policy === POLICY_MRU ? 'cyclic' : 'none';
    const vpn = policy.victim(Object.freeze(resident), advice);
    const chosen = candidates.find(([v]) => v === vpn);
    if (chosen === undefined) {
      const some = resident
        .slice(0, 6)
        .map((p) => `0x${p.vpn.toString(16)}`)
        .join(', ');
      t.fail(
        `victim returned ${typeof vpn === 'number' ? `0x${vpn.toString(16)}` : String(vpn)}, which is not a resident page (${name}, choice ${choices + 1})`,
        `the vpn of one of ${resident.length} resident pages (${some}, …)`,
        vpn,
      );
    }
    choices++;
    return chosen;
  };
  const hooks: LibOsHooks = new Proxy(exos, {
    get(target, key) {
      if (key === 'pageFault') {
        return (api: never, vaddr: number, write: boolean) => {
          // A fault waiting for the disk is retried many times: the policy hears of it once.
          if (vaddr >>> 12 !== lastFault) policy.fault(vaddr >>> 12);
          lastFault = vaddr >>> 12;
          target.pageFault(api, vaddr, write);
        };
      }
      const v = Reflect.get(target, key);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  env.libos = hooks;
  kernel.switchTo(env);
  const stop = kernel.run(t.limits.cycles);
  t.ok(
    env.state === 'exited',
    `${name} under ExOS with your policy ran to its end within ${t.limits.cycles} cycles`,
    'exited',
    `${env.state} (${stop.reason}${env.abortReason ? `: ${env.abortReason}` : ''})`,
  );
  return {
    cycles: kernel.cycles,
    output,
    pageIns: exos.vm.pageIns,
    pageOuts: pager.pageOuts,
    choices,
  };
}

/** The pages ExOS may give up, as its pager decides (data, heap, stack; not its own pages). */
function pageable(entries: Iterable<[number, PageEntry]>, heapBase: number): [number, PageEntry][] {
  const out: [number, PageEntry][] = [];
  for (const [vpn, e] of entries) {
    const page = (vpn * PAGE_SIZE) >>> 0;
    if (page < heapBase >>> 0 || page === SCRATCH_VADDR || page === TRAMPOLINE_VADDR || e.cow)
      continue;
    out.push([vpn, e]);
  }
  return out;
}

const lruCache = new Map<string, RunResult>();

/** Runs `source` under the baseline kernel's LRU (deterministic, so once per worker). */
export function runWithLru(name: string, source: string): RunResult {
  const cached = lruCache.get(source);
  if (cached) return cached;
  let output = '';
  const decoder = new TextDecoder();
  const kernel = new MonoKernel({
    memoryBytes: MEMORY,
    seed: 1,
    consoleHost: { write: (b) => (output += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  const program = assemble({ name, text: source });
  if (!program.ok) throw new Error(program.errors.map((e) => e.message).join('\n'));
  const proc = kernel.spawn(name, program.segments, program.symbols.get('main')!);
  if (proc === null) throw new Error(`${name}: does not fit`);
  kernel.switchTo(proc);
  kernel.run(200_000_000);
  if (proc.state !== 'exited') throw new Error(`${name} under LRU: ${proc.state}`);
  const result = { cycles: kernel.cycles, output, pageIns: 0, pageOuts: 0, choices: 0 };
  lruCache.set(source, result);
  return result;
}
