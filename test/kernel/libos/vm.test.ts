/**
 * ExOS's processes and virtual memory through MIPS programs, and the same portable programs
 * under the monolithic baseline: copy-on-write fork (both sides write, each sees its own value,
 * the copies are counted), the Appel–Li primitives (protect, dirty, trap), and paging a cyclic
 * scan larger than memory (the same output under both kernels; MRU pages in less than FIFO).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLICY_FIFO, POLICY_MRU } from '../../../kernel/abi/vm-abi.ts';
import { E_NOENV, E_NOSYS } from '../../../kernel/exo/errors.ts';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { type ExOs, loadProgram, type PagingChooser } from '../../../kernel/libos/index.ts';
import { KERNEL_FRAMES } from '../../../kernel/mono/index.ts';
import { PAGING_FRAMES } from '../../../source/bench/paper-vm.ts';
import { bootMono } from '../mono/helpers.ts';
import { loadUnderExos } from './helpers.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Runs `source` under the baseline with console output collected. */
function underMono(source: string, memoryBytes = 16 << 20, regs: Record<number, number> = {}) {
  let out = '';
  const decoder = new TextDecoder();
  const { kernel, proc } = bootMono(source, {
    memoryBytes,
    consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  for (const [r, v] of Object.entries(regs)) kernel.machine.cpu.regs[Number(r)] = v;
  expect(kernel.run(200_000_000).reason).toBe('halted');
  return { kernel, proc, output: out };
}

/** Runs `path` under ExOS from main with `regs` in a machine of `memoryBytes`. */
function underExosFromMain(
  path: string,
  memoryBytes: number,
  regs: Record<number, number>,
  paging?: PagingChooser,
) {
  let out = '';
  const decoder = new TextDecoder();
  const kernel = new Exokernel({
    memoryBytes,
    consoleHost: { write: (b) => (out += typeof b === 'string' ? b : decoder.decode(b)) },
  });
  const loaded = loadProgram(kernel, path, new TextEncoder().encode(read(path)), { paging });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  loaded.env.context.pc = loaded.symbols.get('main')!;
  for (const [r, v] of Object.entries(regs)) loaded.env.context.regs[Number(r)] = v;
  kernel.switchTo(loaded.env);
  expect(kernel.run(200_000_000).reason).toBe('halted');
  expect(loaded.env.state).toBe('exited');
  return { kernel, exos: loaded.exos, output: () => out };
}

describe('fork under ExOS', () => {
  it('both sides write the same word and each reads back its own value', () => {
    const run = loadUnderExos('fork.s', read('examples/fork.s'));
    expect(run.kernel.run(10_000_000).reason).toBe('halted');
    expect(run.output()).toBe(read('examples/expected/fork.out'));
    const [parent, child] = [...run.kernel.envs.values()];
    expect(parent.state).toBe('exited');
    expect(child.state).toBe('exited');
    expect(child.exitCode).toBe(7);
  });

  it('counts one copy-on-write fault on each side, and the child copied into its own frame', () => {
    const run = loadUnderExos('fork.s', read('examples/fork.s'));
    run.kernel.run(10_000_000);
    const child = [...run.kernel.envs.values()][1];
    const childOs = child.libos as ExOs;
    // The parent's store to x, and the child's: nothing else is written after the fork
    // (console output goes through each side's own scratch page).
    expect(run.exos.vm.cowFaults).toBe(1);
    expect(childOs.vm.cowFaults).toBe(1);
    const frames = run.kernel.log.recent(200, { kind: 'frame' }).filter((e) => e.env === child.id);
    expect(frames.length).toBeGreaterThanOrEqual(2); // its scratch page and its copy of x
  });

  it('gives the same output under the baseline, which copies every page at fork', () => {
    const mono = underMono(read('examples/fork.s'));
    expect(mono.output).toBe(read('examples/expected/fork.out'));
    expect(mono.proc.exitCode).toBe(0);
    const child = mono.kernel.procs[1];
    expect(child.exitCode).toBe(7);
    // Eager copies: the child has as many pages as the parent had, none shared.
    const frames = (p: typeof child) => [...p.pageTable.values()].map((pte) => pte >>> 12);
    expect(frames(child).some((f) => frames(mono.proc).includes(f))).toBe(false);
  });

  it('a forked child inherits the trap handler: both sides trap, with the same output', () => {
    // Parent and child each protect the shared page and store to it; each handler says
    // whose it is and unprotects. Under ExOS the trampoline page and the page are
    // copy-on-write in the child, so its trap copies both first.
    const program = `
        .data
says:   .asciiz "trap in "
nl:     .asciiz "\\n"
        .text
main:   li    $s0, 0x7c000000
        sw    $zero, 0($s0)
        li    $v0, 0xb2
        la    $a0, handler
        syscall
        li    $v0, 0xb4
        syscall
        move  $s1, $v0            # 0 in the child
        li    $v0, 0xb0           # both: protect, then store
        move  $a0, $s0
        li    $a1, 1
        li    $a2, 1
        syscall
        sw    $s1, 0($s0)
        beqz  $s1, child
        li    $v0, 0xb5
        move  $a0, $s1
        syscall
        li    $v0, 10
        syscall
child:  li    $v0, 17
        li    $a0, 3
        syscall
handler:
        move  $t9, $a0
        la    $a0, says
        li    $v0, 4
        syscall
        move  $a0, $s1
        sltu  $a0, $zero, $a0     # 1 in the parent, 0 in the child
        li    $v0, 1
        syscall
        la    $a0, nl
        li    $v0, 4
        syscall
        move  $a0, $t9
        li    $a1, 1
        li    $a2, 3
        li    $v0, 0xb0
        syscall
        jr    $ra
`;
    const exo = loadUnderExos('forktrap.s', program);
    expect(exo.kernel.run(10_000_000).reason).toBe('halted');
    expect(exo.output()).toBe('trap in 1\ntrap in 0\n');
    expect(underMono(program).output).toBe('trap in 1\ntrap in 0\n');
  });

  it('wait for a process that is not a child fails with E_NOENV under both kernels', () => {
    const program = `
main:   li    $v0, 0xb5
        li    $a0, 42
        syscall
        move  $a0, $v1
        li    $v0, 17
        syscall
`;
    const exo = loadUnderExos('wait.s', program);
    exo.kernel.run(1_000_000);
    expect(exo.env.exitCode).toBe(E_NOENV);
    expect(underMono(program).proc.exitCode).toBe(E_NOENV);
  });
});

describe('the Appel–Li primitives', () => {
  it('protect, dirty and trap give the expected output under ExOS and the same under the baseline', () => {
    const source = read('examples/appel-li.s');
    const expected = read('examples/expected/appel-li.out');
    const exo = loadUnderExos('appel-li.s', source);
    expect(exo.kernel.run(10_000_000).reason).toBe('halted');
    expect(exo.output()).toBe(expected);
    expect(exo.exos.appelLi.traps).toBe(2);
    const mono = underMono(source);
    expect(mono.output).toBe(expected);
    expect(mono.kernel.vm.counts.traps).toBe(2);
  });

  it('vm_protect refuses a range with an unmapped page and changes nothing', () => {
    const program = `
main:   li    $s0, 0x7c000000
        sw    $zero, 0($s0)        # only the first of two pages is mapped
        li    $v0, 0xb0
        move  $a0, $s0
        li    $a1, 2
        li    $a2, 1
        syscall
        move  $s1, $v1             # E_FAULT
        sw    $zero, 0($s0)        # still writable: no fault, no trap
        move  $a0, $s1
        li    $v0, 17
        syscall
`;
    const exo = loadUnderExos('range.s', program);
    exo.kernel.run(1_000_000);
    expect(exo.env.exitCode).toBe(9);
    expect(underMono(program).proc.exitCode).toBe(9);
  });

  it("vm_policy is the library OS's: the baseline answers E_NOSYS", () => {
    const program = `
main:   li    $v0, 0xb3
        li    $a0, 1
        syscall
        move  $a0, $v1
        li    $v0, 17
        syscall
`;
    const exo = loadUnderExos('policy.s', program);
    exo.kernel.run(1_000_000);
    expect(exo.env.exitCode).toBe(0);
    expect(underMono(program).proc.exitCode).toBe(E_NOSYS);
  });
});

describe('paging a cyclic scan larger than memory', () => {
  const memoryBytes = (KERNEL_FRAMES + PAGING_FRAMES) * 4096;
  const path = 'bench/paper/paging-scan.s';

  it('prints the same sum under both kernels; MRU reads back far fewer pages than FIFO or LRU', () => {
    const expected = read('examples/expected/paging-scan.out');
    const lru = underMono(read(path), memoryBytes, { 4: POLICY_MRU });
    const mru = underExosFromMain(path, memoryBytes, { 4: POLICY_MRU });
    const fifo = underExosFromMain(path, memoryBytes, { 4: POLICY_FIFO });
    for (const output of [lru.output, mru.output(), fifo.output()]) expect(output).toBe(expected);
    // 40 pages in 24 frames: the first pass writes pages out under every policy...
    expect(lru.kernel.vm.counts.pageOuts).toBeGreaterThan(0);
    expect(mru.exos.vm.pager?.pageOuts).toBeGreaterThan(0);
    // ...then three read passes: FIFO and LRU miss on every page of every pass, MRU on few.
    expect(fifo.exos.vm.pageIns).toBe(3 * 40);
    expect(lru.kernel.vm.counts.pageIns).toBe(3 * 40);
    expect(mru.exos.vm.pageIns).toBeLessThan(3 * 40 - 3 * 15);
    expect(mru.kernel.cycles).toBeLessThan(lru.kernel.cycles);
  });

  it('takes a policy written in TypeScript from the library-OS configuration', () => {
    let asked = 0;
    // The same choice as MRU, made by configuration: the program's own vm_policy then
    // replaces it, so start it with an invalid policy number (refused, the function stays).
    const newest: PagingChooser = (candidates) => {
      asked++;
      return candidates.reduce((a, b) => (b.mappedAt > a.mappedAt ? b : a)).vaddr;
    };
    const run = underExosFromMain(path, memoryBytes, { 4: 99 }, newest);
    expect(run.output()).toBe(read('examples/expected/paging-scan.out'));
    expect(asked).toBeGreaterThan(0);
    expect(run.exos.vm.pageIns).toBeLessThan(3 * 40 - 3 * 15);
  });
});
