/**
 * Lab 2's plug: a program under ExOS whose page-fault handler and protection-fault handler
 * (the TLB modification exception) are the student's. The environment's LibOsHooks are ExOS's
 * with pageFault replaced and exception intercepted for EXC_MOD.
 */

import type { Capability } from '../../../kernel/caps/index.ts';
import type { EnvApi, LibOsHooks } from '../../../kernel/exo/env.ts';
import { E_OK } from '../../../kernel/exo/errors.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { type ExOs, loadProgram, PAGE_SIZE, SCRATCH_VADDR } from '../../../kernel/libos/index.ts';
import { EXC_MOD } from '../../../machine/cp0.ts';
import type { LabContext } from '../../../source/grader/lab-api.ts';
import type { Vm } from '../lab-types.ts';

export interface Run {
  kernel: Exokernel;
  env: NonNullable<ReturnType<Exokernel['createEnv']>>;
  exos: ExOs;
  output: () => string;
  /** Upcalls of the student's pageFault. */
  faults: () => number;
}

/** Loads `source` under ExOS with the student's handlers (not yet run). */
export function load(t: LabContext, source: string): Run {
  let out = '';
  const decoder = new TextDecoder();
  const kernel = new Exokernel({
    memoryBytes: 16 << 20,
    seed: 1,
    consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  t.track(kernel);
  const loaded = loadProgram(kernel, 'prog.s', new TextEncoder().encode(source));
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const pageFault = t.student.fn<(vm: Vm, vaddr: number, write: boolean) => void>(
    'pageFault',
    'page-fault handler (pageFault)',
  );
  const protectionFault = t.student.fn<(vm: Vm, vaddr: number) => boolean>(
    'protectionFault',
    'protection-fault handler (protectionFault)',
  );
  const exos = loaded.exos;
  let faults = 0;
  const hooks: LibOsHooks = new Proxy(exos, {
    get(target, key) {
      if (key === 'pageFault') {
        return (api: EnvApi, vaddr: number, write: boolean) => {
          faults++;
          pageFault(vmFor(api, exos), vaddr, write);
        };
      }
      if (key === 'exception') {
        return (api: EnvApi, code: number, epc: number, bad: number) => {
          if (code !== EXC_MOD) return target.exception(api, code, epc, bad);
          if (protectionFault(vmFor(api, exos), bad) === true) return 'retry';
          // Refused: ExOS reports it as SPIM would, with its own first-write path kept out
          // (the page is hidden from its table meanwhile).
          const entry = exos.vm.pages.lookup(bad);
          if (entry !== undefined) exos.vm.pages.delete(bad);
          try {
            return target.exception(api, code, epc, bad);
          } finally {
            if (entry !== undefined) exos.vm.pages.set(bad, entry);
          }
        };
      }
      const v = Reflect.get(target, key);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  loaded.env.libos = hooks;
  return { kernel, env: loaded.env, exos, output: () => out, faults: () => faults };
}

/** The student's view of ExOS's virtual memory over the environment's api. */
function vmFor(api: EnvApi, exos: ExOs): Vm {
  const pages = exos.vm.pages;
  return {
    lookup: (vaddr) => pages.lookup(vaddr),
    insert: (vaddr, entry) => pages.set(vaddr, { ...entry, cap: entry.cap as Capability }),
    isDemandZero: (vaddr) => pages.isDemandZero(vaddr),
    allocFrame() {
      const got = api.call('frame_alloc');
      return got.error === E_OK && got.cap ? { frame: got.value, cap: got.cap } : null;
    },
    bind: (page, cap, writable) =>
      api.call('bind', page, cap as Capability, writable ? 1 : 0).error === E_OK,
    outOfMemory: () => {
      api.call('env_exit', 1);
    },
  };
}

/** Drops every binding of the program's own pages (not ExOS's console scratch page). */
export function unbindAll(run: Run): number {
  const api = run.kernel.calls.apiFor(run.env);
  let n = 0;
  for (const vpn of [...run.env.bindings.keys()]) {
    if (vpn * PAGE_SIZE === SCRATCH_VADDR) continue;
    api.call('unbind', vpn * PAGE_SIZE);
    n++;
  }
  return n;
}
