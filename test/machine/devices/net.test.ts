import { describe, expect, it } from 'vitest';
import { IRQ_NET } from '../../../machine/devices/addresses.ts';
import {
  NET_CONTROL,
  NET_RX_ACK,
  NET_RX_ADDR,
  NET_RX_DROPS,
  NET_RX_LEN,
  NET_RX_POST_ADDR,
  NET_RX_POST_SIZE,
  NET_RX_RING,
  NET_RX_STATUS,
  NET_TX_ACK,
  NET_TX_ADDR,
  NET_TX_BYTE_CYCLES,
  NET_TX_ERR_DMA,
  NET_TX_LEN,
  NET_TX_SETUP_CYCLES,
  NET_TX_STATUS,
  NetDevice,
  type NetFrame,
  type NetSource,
} from '../../../machine/devices/net.ts';
import { context, runTo } from './context.ts';

function post(net: NetDevice, addr: number, size: number): void {
  net.write(NET_RX_POST_ADDR, 4, addr);
  net.write(NET_RX_POST_SIZE, 4, size);
}

/** A seeded script: `n` frames every 1000 cycles, contents from a tiny LCG. */
function script(seed: number, n: number): NetSource {
  return function* () {
    let x = seed;
    for (let i = 0; i < n; i++) {
      const bytes = new Uint8Array(60);
      for (let j = 0; j < bytes.length; j++)
        bytes[j] = (x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 24;
      yield { at: 1000 * (i + 1), bytes };
    }
  };
}

describe('NetDevice receive', () => {
  it('frames arrive at their cycles into posted buffers', () => {
    const ctx = context();
    const net = new NetDevice(ctx, [
      { at: 500, bytes: Uint8Array.of(1, 2, 3) },
      { at: 900, bytes: Uint8Array.of(4, 5) },
    ]);
    net.write(NET_CONTROL, 4, 1);
    post(net, 0x1000, 2048);
    post(net, 0x2000, 2048);
    expect(net.read(NET_RX_STATUS, 4)).toBe(0x200);
    runTo(ctx, 499);
    expect(net.read(NET_RX_STATUS, 4) & 1).toBe(0);
    runTo(ctx, 500);
    expect(ctx.irq.isRaised(IRQ_NET)).toBe(true);
    expect(net.read(NET_RX_LEN, 4)).toBe(3);
    expect(net.read(NET_RX_ADDR, 4)).toBe(0x1000);
    expect([...ctx.memory.u8.subarray(0x1000, 0x1003)]).toEqual([1, 2, 3]);
    net.write(NET_RX_ACK, 4, 0);
    expect(ctx.irq.isRaised(IRQ_NET)).toBe(false);
    runTo(ctx, 900);
    expect(net.read(NET_RX_ADDR, 4)).toBe(0x2000);
    expect(net.read(NET_RX_STATUS, 4)).toBe(0x10001);
  });

  it('drops frames when no buffer is posted or it is too small', () => {
    const ctx = context();
    const net = new NetDevice(ctx, [
      { at: 10, bytes: new Uint8Array(100) },
      { at: 20, bytes: new Uint8Array(100) },
    ]);
    runTo(ctx, 10);
    expect(net.read(NET_RX_DROPS, 4)).toBe(1);
    post(net, 0x1000, 64);
    runTo(ctx, 20);
    expect(net.read(NET_RX_DROPS, 4)).toBe(2);
    expect(net.read(NET_RX_STATUS, 4)).toBe(0x100);
    net.write(NET_RX_DROPS, 4, 0);
    expect(net.read(NET_RX_DROPS, 4)).toBe(0);
  });

  it('refuses posts past the ring size or outside RAM', () => {
    const net = new NetDevice(context());
    post(net, 0xfff00000, 64);
    for (let i = 0; i < NET_RX_RING + 2; i++) post(net, 0x100 * i, 0x100);
    expect(net.read(NET_RX_STATUS, 4)).toBe(NET_RX_RING << 8);
  });

  it('unposts buffers in a repossessed frame', () => {
    const ctx = context();
    const net = new NetDevice(ctx, [{ at: 5, bytes: Uint8Array.of(9) }]);
    post(net, 0x3000, 512);
    post(net, 0x5000, 512);
    expect(net.cancelFrame(3).map((b) => b.addr)).toEqual([0x3000]);
    runTo(ctx, 5);
    expect(ctx.memory.u8[0x3000]).toBe(0);
    expect(ctx.memory.u8[0x5000]).toBe(9);
  });
});

describe('NetDevice transmit', () => {
  it('hands the frame to the host after the documented time, and loops back', () => {
    const ctx = context();
    const sent: NetFrame[] = [];
    const net = new NetDevice(ctx, [], { transmit: (f) => sent.push(f) });
    const peerCtx = context();
    const peer = new NetDevice(peerCtx);
    post(peer, 0x800, 2048);
    ctx.memory.u8.set([7, 8, 9, 10], 0x400);
    net.write(NET_CONTROL, 4, 2);
    net.write(NET_TX_ADDR, 4, 0x400);
    net.write(NET_TX_LEN, 4, 4);
    ctx.memory.u8[0x400] = 0; // the frame was read when sending started
    expect(net.read(NET_TX_STATUS, 4)).toBe(1);
    const done = NET_TX_SETUP_CYCLES + 4 * NET_TX_BYTE_CYCLES;
    runTo(ctx, done - 1);
    expect(sent).toEqual([]);
    runTo(ctx, done);
    expect(net.read(NET_TX_STATUS, 4)).toBe(2);
    expect(ctx.irq.isRaised(IRQ_NET)).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0].at).toBe(done);
    expect([...sent[0].bytes]).toEqual([7, 8, 9, 10]);
    net.write(NET_TX_ACK, 4, 0);
    expect(ctx.irq.isRaised(IRQ_NET)).toBe(false);

    peer.inject(sent[0].bytes, 50);
    runTo(peerCtx, 50);
    expect(peer.read(NET_RX_LEN, 4)).toBe(4);
    expect(peerCtx.memory.u8[0x800]).toBe(7);
  });

  it('reports a frame outside RAM at once', () => {
    const ctx = context();
    const net = new NetDevice(ctx);
    net.write(NET_TX_ADDR, 4, 0xfffc);
    net.write(NET_TX_LEN, 4, 64);
    expect(net.read(NET_TX_STATUS, 4)).toBe(2 | (NET_TX_ERR_DMA << 8));
    net.write(NET_TX_ACK, 4, 0);
    expect(net.read(NET_TX_STATUS, 4)).toBe(0);
  });
});

describe('NetDevice save/restore', () => {
  it('continues a seeded script identically', () => {
    const make = () => {
      const ctx = context();
      const net = new NetDevice(ctx, script(42, 5));
      for (let i = 0; i < 5; i++) post(net, 0x1000 * (i + 1), 2048);
      return { ctx, net };
    };
    const a = make();
    runTo(a.ctx, 2500);
    const state = JSON.parse(JSON.stringify(a.net.save()));
    const b = make();
    b.net.reset();
    b.ctx.clock.clear();
    b.ctx.clock.cycles = 2500;
    b.net.restore(state);
    for (const { ctx, net } of [a, b]) {
      runTo(ctx, 5000);
      expect(net.read(NET_RX_STATUS, 4)).toBe(0x50001);
    }
    // RAM is the machine's to save; frames 3..5 arrived after the restore in both.
    expect([...b.ctx.memory.u8.subarray(0x3000, 0x5040)]).toEqual([
      ...a.ctx.memory.u8.subarray(0x3000, 0x5040),
    ]);
    expect(a.ctx.memory.u8[0x5000 + 10]).not.toBe(0);
  });
});
