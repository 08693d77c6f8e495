/**
 * The exception programs of `bench paper` (bench/paper/) do what the table claims: under each
 * kernel every kind of exception reaches the program's handler N times, which skips the
 * faulting instruction, and the program then exits normally. The IPC programs make exactly the
 * transfers and sleeps the table counts as one round trip.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Exokernel } from '../../../kernel/exo/kernel.ts';
import { MonoKernel, Pipe } from '../../../kernel/mono/index.ts';
import { bootWith, loadInto } from '../exo/helpers.ts';
import { bootMono, spawnSource } from './helpers.ts';

const read = (name: string) =>
  readFileSync(new URL(`../../../bench/paper/${name}`, import.meta.url), 'utf8');
const N = 10;
const KINDS = ['unaligned access', 'overflow', 'coprocessor unusable', 'protection fault'];

describe('bench/paper exception programs', () => {
  KINDS.forEach((kind, i) => {
    it(`${kind}: the exokernel dispatches to the handler N times`, () => {
      const { kernel, env } = bootWith(read('exception-exo.s'));
      kernel.machine.cpu.regs[4] = i;
      kernel.machine.cpu.regs[5] = N;
      expect(kernel.run(1_000_000).reason).toBe('halted');
      expect(env.state).toBe('exited');
      const events = kernel.log.recent(1000, { kind: 'exception' });
      expect(events.length).toBe(N);
    });

    it(`${kind}: the baseline delivers N signals`, () => {
      const { kernel, proc } = bootMono(read('exception-mono.s'));
      kernel.machine.cpu.regs[4] = i;
      kernel.machine.cpu.regs[5] = N;
      expect(kernel.run(1_000_000).reason).toBe('halted');
      expect(proc.state).toBe('exited');
      expect(kernel.counts.signals).toBe(N);
    });
  });

  it('the empty loop takes no exception under either kernel', () => {
    const exo = bootWith(read('exception-exo.s'));
    exo.kernel.machine.cpu.regs[4] = 4;
    exo.kernel.machine.cpu.regs[5] = N;
    expect(exo.kernel.run(1_000_000).reason).toBe('halted');
    expect(exo.kernel.log.recent(1000, { kind: 'exception' }).length).toBe(0);
    const mono = bootMono(read('exception-mono.s'));
    mono.kernel.machine.cpu.regs[4] = 4;
    mono.kernel.machine.cpu.regs[5] = N;
    expect(mono.kernel.run(1_000_000).reason).toBe('halted');
    expect(mono.kernel.counts.signals).toBe(0);
  });
});

describe('bench/paper IPC programs', () => {
  it('pct: each round trip is two synchronous transfers, then the pair exits', () => {
    const kernel = new Exokernel({ memoryBytes: 4 << 20 });
    const server = loadInto(kernel, 'server', read('pct-server.s'));
    kernel.calls.apiFor(server.env).call('set_entry_points', server.symbols.get('sync')!, 0);
    const client = loadInto(kernel, 'client', read('pct-client.s'));
    client.env.context.regs[4] = server.env.id;
    client.env.context.regs[5] = N;
    kernel.switchTo(client.env);
    expect(kernel.run(1_000_000).reason).toBe('halted');
    expect(client.env.state).toBe('exited');
    expect(server.env.state).toBe('exited');
    // N round trips plus the transfer that tells the server to quit.
    expect(kernel.log.recent(1000, { kind: 'pct' }).length).toBe(2 * N + 1);
  });

  it('pipes: each round trip sleeps once on each side, then the pair exits', () => {
    const kernel = new MonoKernel({ memoryBytes: 4 << 20 });
    const client = spawnSource(kernel, 'client', read('pipe-client.s')).proc;
    const server = spawnSource(kernel, 'server', read('pipe-server.s')).proc;
    const request = new Pipe();
    const reply = new Pipe();
    client.frame.regs[4] = client.open(request, 'write');
    client.frame.regs[6] = client.open(reply, 'read');
    client.frame.regs[5] = N;
    server.frame.regs[4] = server.open(request, 'read');
    server.frame.regs[6] = server.open(reply, 'write');
    kernel.switchTo(client);
    expect(kernel.run(1_000_000).reason).toBe('halted');
    expect(client.state).toBe('exited');
    expect(server.state).toBe('exited');
    // Two switches per round trip, and one to the server when the client exits.
    expect(kernel.counts.switches).toBe(2 * N + 1);
  });
});
