/**
 * Lab 4's plug: the student's abort protocol as the kernel's (Revoker.protocol, the lab seam
 * in kernel/exo/revoke.ts), each part separately so a step is graded on its own with the
 * kernel's code for the rest; and ExOS with the student's repossession handler (LibOsHooks
 * .repossessed) over a small view of its page table. Plus helpers the tests share.
 */
import type { Capability } from '../../../kernel/caps/index.ts';
import type { Environment, LibOsHooks } from '../../../kernel/exo/env.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { type AbortProtocol, kernelProtocol } from '../../../kernel/exo/revoke.ts';
import { breakFrame, refillTlb } from '../../../kernel/exo/tlb-control.ts';
import type { ExOs } from '../../../kernel/libos/exos.ts';
import { loadProgram, PAGE_SIZE } from '../../../kernel/libos/index.ts';
import type { LabContext } from '../../../source/grader/lab-api.ts';
import type {
  Judgement,
  KernelOps,
  RecoveryVm,
  RevocationState,
  VictimQuery,
} from '../lab-types.ts';

export type Part = 'judge' | 'victims' | 'repossess';

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;

/** The kernel's protocol with the student's `parts` in place of its own. */
export function studentProtocol(t: LabContext, kernel: Exokernel, parts: Part[]): AbortProtocol {
  const own = kernelProtocol(kernel);
  const judge = t.student.fn<(s: RevocationState) => Judgement>('judge', 'deadline check (judge)');
  const victims = t.student.fn<(q: VictimQuery) => number[]>(
    'chooseVictims',
    'victim choice (chooseVictims)',
  );
  const repossess = t.student.fn<(k: KernelOps, env: number, frame: number) => void>(
    'repossess',
    'repossession (repossess)',
  );
  return {
    judge: parts.includes('judge')
      ? (s) => {
          const v = judge(Object.freeze({ ...s }));
          if (v !== 'complied' && v !== 'abort' && v !== 'pending') {
            t.fail(
              'judge returned something that is not a verdict',
              "'complied' | 'abort' | 'pending'",
              v,
            );
          }
          return v;
        }
      : own.judge,
    victims: parts.includes('victims')
      ? (q) => {
          const got = victims(
            Object.freeze({ ...q, owned: [...q.owned], guaranteed: [...q.guaranteed] }),
          );
          if (!Array.isArray(got))
            t.fail(
              'chooseVictims returned something that is not a list of frames',
              'number[]',
              got,
            );
          for (const f of got) {
            if (!q.owned.includes(f)) {
              t.fail(
                `chooseVictims chose frame ${f}, which the environment does not own (it would be taken from someone else)`,
                `frames among ${q.owned.join(', ')}`,
                got,
              );
            }
            if (q.guaranteed.includes(f))
              t.fail(`chooseVictims chose guaranteed frame ${f}`, 'no guaranteed frame', got);
          }
          if (new Set(got).size !== got.length)
            t.fail('chooseVictims chose a frame twice', 'each frame once', got);
          return got;
        }
      : own.victims,
    repossess: parts.includes('repossess')
      ? (env, frame) => repossess(kernelOps(kernel), env.id, frame)
      : own.repossess,
  };
}

/** The kernel's primitives, as the student's repossess sees them. */
function kernelOps(kernel: Exokernel): KernelOps {
  const envOf = (id: number): Environment => {
    const env = kernel.envs.get(id);
    if (env === undefined) throw new RangeError(`no environment ${id}`);
    return env;
  };
  return {
    bindingsOf(frame) {
      const out: { env: number; vpn: number }[] = [];
      for (const env of kernel.envs.values()) {
        for (const [vpn, lo] of env.bindings)
          if (lo >>> 12 === frame) out.push({ env: env.id, vpn });
      }
      return out;
    },
    unbind: (env, vpn) => void kernel.removeBinding(envOf(env), vpn),
    stlbDropFrame: (frame) => void kernel.stlb.removeFrame(frame),
    tlbDropFrame: (frame) => void breakFrame(kernel.machine.cpu, frame),
    cancelDma: (frame) => void kernel.machine.disk.cancelFrame(frame),
    invalidate: (frame) => void kernel.frames.repossess(frame),
    recordLoss: (env, frame) => void envOf(env).repossessed.push(frame),
  };
}

/** A fresh kernel (4 MiB, seed 1) with the student's parts of the protocol, tracked. */
export function kernelWith(t: LabContext, parts: Part[]): Exokernel {
  const kernel = t.track(new Exokernel({ memoryBytes: 4 << 20, seed: 1 }));
  kernel.revoker.protocol = studentProtocol(t, kernel, parts);
  return kernel;
}

export interface Page {
  vaddr: number;
  frame: number;
  cap: Capability;
}

/** An environment with `n` pages bound writable and loaded in the hardware TLB. */
export function envWithPages(kernel: Exokernel, name: string, n: number) {
  const env = kernel.createEnv(name);
  if (env === null) throw new Error('plug: no environment');
  const api = kernel.calls.apiFor(env);
  const pages: Page[] = [];
  for (let i = 0; i < n; i++) {
    const got = api.call('frame_alloc');
    if (got.error || !got.cap) throw new Error('plug: frame_alloc failed');
    const vaddr = 0x10000000 + i * PAGE_SIZE;
    api.call('bind', vaddr, got.cap, 1);
    refillTlb(kernel.machine.cpu, vaddr, env.asid, env.bindings.get(vaddr >>> 12)!);
    pages.push({ vaddr, frame: got.value, cap: got.cap });
  }
  return { env, api, pages };
}

/** Frames whose PFN is in the hardware TLB now (valid entries). */
export function tlbFrames(kernel: Exokernel): number[] {
  const tlb = kernel.machine.cpu.mmu.tlb;
  const out: number[] = [];
  for (let i = 0; i < tlb.lo.length; i++)
    if ((tlb.lo[i]! & 0x200) !== 0) out.push(tlb.lo[i]! >>> 12);
  return out;
}

// ---- the library-OS side ----

export interface Program {
  kernel: Exokernel;
  env: Environment;
  exos: ExOs;
  /** How the environment answers a revocation: ExOS's own handler, or not at all. */
  revokeMode: 'exos' | 'ignore';
  /** Pages the student reported lost. */
  reported: number[];
  output(): string;
  /** Feeds a line on the console and runs until the program blocks or ends. */
  resume(line: string): ReturnType<Exokernel['run']>;
}

/** Loads `source` under ExOS with the student's recover as its repossession handler. */
export function startProgram(t: LabContext, source: string): Program {
  let out = '';
  const decoder = new TextDecoder();
  const kernel = t.track(
    new Exokernel({
      memoryBytes: 8 << 20,
      seed: 1,
      consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
    }),
  );
  const loaded = loadProgram(kernel, 'pages.s', new TextEncoder().encode(source));
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const recover = t.student.fn<(vm: RecoveryVm, frames: readonly number[]) => void>(
    'recover',
    'repossession handler (recover)',
  );
  const exos = loaded.exos;
  const program: Program = {
    kernel,
    env: loaded.env,
    exos,
    revokeMode: 'exos',
    reported: [],
    output: () => out,
    resume(line) {
      kernel.machine.console.feed(line);
      return kernel.run(t.limits.cycles);
    },
  };
  const view = recoveryVm(exos, program.reported);
  const hooks: LibOsHooks = new Proxy(exos, {
    get(target, key) {
      if (key === 'repossessed')
        return (_api: unknown, frames: number[]) => recover(view, Object.freeze([...frames]));
      if (key === 'revoke' && program.revokeMode === 'ignore') return () => {};
      const v = Reflect.get(target, key);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  loaded.env.libos = hooks;
  kernel.switchTo(loaded.env);
  const stop = kernel.run(t.limits.cycles);
  t.equal(stop.reason, 'blocked', 'the program, before the revocation, waiting for input');
  return program;
}

/** The student's view of ExOS's page table (kernel/libos/vm.ts). */
function recoveryVm(exos: ExOs, reported: number[]): RecoveryVm {
  const vm = exos.vm;
  return {
    pages: () =>
      [...vm.pages.entries()].map(([vpn, e]) => ({
        vaddr: vpn * PAGE_SIZE,
        frame: e.frame,
        dirty: e.dirty,
        onDisk: e.diskCopy !== undefined,
      })),
    forget: (vaddr) => void vm.pages.delete(vaddr),
    reloadFromDisk(vaddr) {
      const entry = vm.pages.lookup(vaddr);
      if (entry?.diskCopy === undefined) return false;
      vm.pages.delete(vaddr);
      vm.swapped.set(vaddr >>> 12, entry.diskCopy);
      return true;
    },
    reportLost: (vaddr) => void reported.push(vaddr & ~(PAGE_SIZE - 1)),
  };
}

export { hex };
