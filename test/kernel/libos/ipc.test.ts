/**
 * ExOS's IPC, network and scheduling services (kernel/libos/ipc, net, sched) through the MIPS
 * programs under examples/, each checked against its committed output (examples/expected/):
 * pipes deliver in order under slice switches, and the portable pipe programs print the same
 * under the monolithic baseline; LRPC returns its results over protected control transfer;
 * a shared page is visible from both sides; UDP ping-pong goes through the network device;
 * the stride scheduler shares the CPU in proportion to tickets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { E_BUSY, E_INVAL, E_OK } from '../../../kernel/exo/errors.ts';
import { loadProgram } from '../../../kernel/libos/index.ts';
import { ipcHubFor } from '../../../kernel/libos/ipc/hub.ts';
import { exoRun, monoRun } from './ipc-helpers.ts';

const expected = (name: string) =>
  readFileSync(new URL(`../../../examples/expected/${name}.out`, import.meta.url), 'utf8');
const LIMIT = 50_000_000;

describe('pipes (pipe-writer.s, pipe-reader.s)', () => {
  for (const order of [
    ['pipe-reader.s', 'pipe-writer.s'],
    ['pipe-writer.s', 'pipe-reader.s'],
  ]) {
    it(`deliver in order under slice switches under ExOS (${order[0]} first)`, () => {
      const run = exoRun(order);
      // Count the yields each environment makes: a pipe call that must wait gives its slice up.
      const yields = new Map<number, number>();
      const slices = run.kernel.slices;
      const request = slices.request.bind(slices);
      slices.request = (r) => {
        if (r.kind === 'yield') yields.set(r.env, (yields.get(r.env) ?? 0) + 1);
        request(r);
      };
      expect(run.kernel.run(LIMIT).reason).toBe('halted');
      expect(run.envs.map((e) => e.exitCode)).toEqual([0, 0]);
      expect(run.output()).toBe(expected('pipes'));
      // The reader had to wait for bytes, handing the rest of its slice to the writer by
      // protected control transfer (or yielding it before the writer had opened its end),
      // and the CPU went back and forth between the two many times.
      const reader = run.envs[order.indexOf('pipe-reader.s')];
      const handoffs = run.kernel.log
        .recent(10_000, { kind: 'pct' })
        .filter((e) => e.env === reader.id && /resumes where it was/.test(e.text));
      expect(handoffs.length).toBeGreaterThan(0);
      expect(yields.size).toBeGreaterThan(0);
      const starts = run.kernel.log
        .recent(10_000, { kind: 'slice' })
        .filter((e) => /starts/.test(e.text));
      const runners = starts.map((e) => e.env);
      const switches = runners.filter((env, i) => i > 0 && env !== runners[i - 1]).length;
      expect(switches).toBeGreaterThan(4);
    });

    it(`print the same under the monolithic baseline (${order[0]} first)`, () => {
      const run = monoRun(order);
      expect(run.kernel.run(LIMIT).reason).toBe('halted');
      expect(run.procs.map((p) => p.exitCode)).toEqual([0, 0]);
      expect(run.output()).toBe(expected('pipes'));
      expect(run.kernel.counts.switches).toBeGreaterThanOrEqual(4);
    });
  }

  it('refuse a bad descriptor or end with E_INVAL', () => {
    const source = `
        .text
main:   li $v0, 0xc1
        li $a0, 5
        la $a1, buf
        li $a2, 4
        syscall
        move $s0, $v1
        li $v0, 0xc0
        li $a0, 1
        li $a1, 7
        syscall
        move $s1, $v1
        li $v0, 0x101
        li $a0, 0
        syscall
        .data
buf:    .word 1`;
    const exo = exoRun([]);
    const loaded = loadProgram(exo.kernel, 'bad.s', new TextEncoder().encode(source));
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    exo.kernel.switchTo(loaded.env);
    exo.kernel.run(1_000_000);
    expect([loaded.env.context.regs[16], loaded.env.context.regs[17]]).toEqual([E_INVAL, E_INVAL]);
  });
});

describe('LRPC over protected control transfer (lrpc-server.s, lrpc-client.s)', () => {
  it('returns the results, and the shared page is visible from both sides', () => {
    const run = exoRun(['lrpc-server.s', 'lrpc-client.s']);
    const [server, client] = run.envs;
    run.kernel.run(200_000); // both have attached the page and the client has filled it
    const sharedFrame = (env: typeof server) => env.bindings.get(0x30000000 >>> 12)! >>> 12;
    expect(sharedFrame(server)).toBe(sharedFrame(client));
    expect(run.kernel.run(LIMIT).reason).toBe('halted');
    expect(run.output()).toBe(expected('lrpc'));
    expect([server.exitCode, client.exitCode]).toEqual([0, 0]);
    // Three calls and three replies, then the request to quit: all protected control transfers.
    const transfers = run.kernel.log.recent(10_000, { kind: 'pct' });
    expect(transfers.length).toBe(7);
    expect(transfers.filter((e) => e.env === client.id).length).toBe(4);
  });
});

describe('UDP over downloaded packet filters (udp-ping.s, udp-pong.s)', () => {
  it('ping-pong between two environments through the network device', () => {
    const run = exoRun(['udp-pong.s', 'udp-ping.s']);
    expect(run.kernel.run(LIMIT).reason).toBe('halted');
    expect(run.output()).toBe(expected('udp'));
    expect(run.envs.map((e) => e.exitCode)).toEqual([0, 0]);
    // Ten frames went out on the wire and came back in, each to the filter that claimed it.
    expect(run.kernel.net.delivered).toBe(10);
    expect(run.kernel.net.unclaimed).toBe(0);
  });

  it('a port another environment has bound is refused (E_BUSY); another port is not', () => {
    const run = exoRun(['udp-pong.s']);
    run.kernel.run(100_000); // udp-pong has bound 7002
    const source = `
        .text
main:   li $v0, 0xc7
        li $a0, 7002
        syscall
        move $s0, $v1
        li $v0, 0xc7
        li $a0, 7003
        syscall
        move $s1, $v1
        li $v0, 0x101
        li $a0, 0
        syscall`;
    const loaded = loadProgram(run.kernel, 'thief.s', new TextEncoder().encode(source));
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    run.kernel.switchTo(loaded.env);
    run.kernel.run(200_000);
    expect(loaded.env.state).toBe('exited');
    expect([loaded.env.context.regs[16], loaded.env.context.regs[17]]).toEqual([E_BUSY, E_OK]);
  });
});

describe('stride scheduling over owned slices (stride-setup.s, stride-worker.s)', () => {
  const programs = ['stride-worker.s', 'stride-worker.s', 'stride-worker.s', 'stride-setup.s'];

  it('lays the slice vector out in proportion to tickets, interleaved', () => {
    const run = exoRun(programs, 0);
    run.kernel.switchTo(run.envs[3]);
    run.kernel.run(200_000);
    const positions = ipcHubFor(run.kernel).stride.positions();
    expect([1, 2, 3].map((id) => positions.get(id)!.length)).toEqual([3, 5, 8]);
    // Interleaved: the 30-ticket worker never holds more than two positions in a row.
    const owner = new Map([...positions].flatMap(([id, ps]) => ps.map((p) => [p, id])));
    for (let p = 0; p + 2 < 16; p++) {
      expect([owner.get(p), owner.get(p + 1), owner.get(p + 2)].every((o) => o === 3)).toBe(false);
    }
  });

  it('gives each worker CPU time in proportion to its tickets', () => {
    const run = exoRun(programs, 0);
    run.kernel.switchTo(run.envs[3]);
    const counted = () =>
      run.envs
        .slice(0, 3)
        .map((e) =>
          run.kernel.current === e ? run.kernel.machine.cpu.regs[16] : e.context.regs[16],
        );
    run.kernel.run(200_000);
    const before = counted();
    run.kernel.run(16 * 10_000 * 6); // six rounds of the slice vector
    const done = counted().map((n, i) => n - before[i]);
    // 3 : 5 : 8 positions of 16 (tickets 10 : 20 : 30), to within a few per cent.
    expect(done[1] / done[0]).toBeCloseTo(5 / 3, 1);
    expect(done[2] / done[0]).toBeCloseTo(8 / 3, 1);
    expect(run.kernel.run(LIMIT).reason).toBe('halted');
    expect(run.output()).toBe(expected('stride'));
  });
});
