/**
 * Lab 3's plug: a program under ExOS whose revocation handler is the student's. ExOS stays the
 * library OS for everything else (its page-fault handler reads written-out pages back); the
 * environment's LibOsHooks are ExOS's with `revoke` replaced.
 */
import type { Capability } from '../../../kernel/caps/index.ts';
import type { LibOsHooks } from '../../../kernel/exo/env.ts';
import { E_OK } from '../../../kernel/exo/errors.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import type { RevokeNotice as KernelNotice, RevokeApi } from '../../../kernel/exo/revoke.ts';
import { type ExosVm, loadProgram, PAGE_SIZE } from '../../../kernel/libos/index.ts';
import type { LabContext } from '../../../source/grader/lab-api.ts';
import type { Page, Pager, RevokeNotice } from '../lab-types.ts';

export interface Run {
  kernel: Exokernel;
  env: NonNullable<ReturnType<Exokernel['createEnv']>>;
  output: () => string;
}

/** Loads `source` under ExOS with the student's handler and runs it until it blocks. */
export function startProgram(t: LabContext, source: string): Run {
  let out = '';
  const decoder = new TextDecoder();
  const kernel = new Exokernel({
    memoryBytes: 16 << 20,
    seed: 1,
    consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  t.track(kernel);
  const loaded = loadProgram(kernel, 'pages.s', new TextEncoder().encode(source));
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const student = t.student.fn<(pager: Pager, notice: RevokeNotice) => void>(
    'revoke',
    'revocation handler (revoke)',
  );
  const exos = loaded.exos;
  const hooks: LibOsHooks = new Proxy(exos, {
    get(target, key) {
      if (key === 'revoke') {
        return (api: RevokeApi, notice: KernelNotice) =>
          student(pagerFor(api, exos.vm), { ...notice });
      }
      const v = Reflect.get(target, key);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  loaded.env.libos = hooks;
  kernel.switchTo(loaded.env);
  const stop = kernel.run(t.limits.cycles);
  t.equal(stop.reason, 'blocked', 'the program, before the revocation, waiting for input');
  return { kernel, env: loaded.env, output: () => out };
}

/** The student's view of ExOS's paging, over the revoke hook's api. */
function pagerFor(api: RevokeApi, vm: ExosVm): Pager {
  return {
    pages: (): Page[] =>
      [...vm.pages.entries()].map(([vpn, e]) => ({
        vaddr: vpn * PAGE_SIZE,
        frame: e.frame,
        dirty: e.dirty,
      })),
    writeOut(vaddr) {
      const entry = vm.pages.lookup(vaddr);
      if (entry === undefined) return false;
      const block = api.call('block_alloc');
      if (block.error !== E_OK || block.cap === undefined) return false;
      const queued = api.call('block_write', block.cap, entry.cap);
      if (queued.error !== E_OK || api.waitBlock(queued.value).error !== E_OK) {
        api.call('block_free', block.cap);
        return false;
      }
      vm.swapped.set(vaddr >>> 12, block.cap as Capability);
      return true;
    },
    release(vaddr) {
      const entry = vm.pages.lookup(vaddr);
      if (entry === undefined) return false;
      api.call('unbind', vaddr & ~(PAGE_SIZE - 1));
      if (api.call('frame_free', entry.cap).error !== E_OK) return false;
      vm.pages.delete(vaddr);
      return true;
    },
    now: () => api.now(),
  };
}
