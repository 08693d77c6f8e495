import { describe, expect, it } from 'vitest';
import { IRQ_TIMER } from '../../../machine/cp0.ts';
import type { DeviceContext } from '../../../machine/device.ts';
import { CountCompareTimer } from '../../../machine/devices/timer.ts';
import { context, runTo } from './context.ts';

function fresh(): { ctx: DeviceContext; timer: CountCompareTimer } {
  const ctx = context(4096);
  const timer = new CountCompareTimer(ctx);
  timer.reset();
  return { ctx, timer };
}

describe('CountCompareTimer', () => {
  it('counts one per cycle and has no window', () => {
    const { ctx, timer } = fresh();
    expect(timer.size).toBe(0);
    runTo(ctx, 1234);
    expect(timer.readCount()).toBe(1234);
    expect(timer.read(0, 4)).toBe(0);
  });

  it('raises line 7 exactly when Count reaches Compare', () => {
    const { ctx, timer } = fresh();
    runTo(ctx, 100);
    timer.writeCompare(timer.readCount() + 500);
    runTo(ctx, 599);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(false);
    runTo(ctx, 600);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(true);
    expect(timer.readCount()).toBe(timer.readCompare());
  });

  it('writing Compare lowers the line', () => {
    const { ctx, timer } = fresh();
    timer.writeCompare(10);
    runTo(ctx, 10);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(true);
    timer.writeCompare(20);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(false);
    runTo(ctx, 20);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(true);
  });

  it('wraps around 2^32', () => {
    const { ctx, timer } = fresh();
    timer.writeCount(-10); // 0xfffffff6
    timer.writeCompare(5);
    expect(timer.nextFireAt()).toBe(15);
    runTo(ctx, 14);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(false);
    runTo(ctx, 15);
    expect(timer.readCount()).toBe(5);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(true);
  });

  it('Compare equal to Count now fires a full period later', () => {
    const { ctx, timer } = fresh();
    runTo(ctx, 50);
    timer.writeCompare(50);
    expect(timer.nextFireAt()).toBe(50 + 2 ** 32);
  });

  it('writing Count rebases and drops the stale event', () => {
    const { ctx, timer } = fresh();
    timer.writeCompare(1000);
    runTo(ctx, 400);
    timer.writeCount(0); // the match moves from cycle 1000 to cycle 1400
    expect(timer.nextFireAt()).toBe(1400);
    runTo(ctx, 1399);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(false);
    runTo(ctx, 1400);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(true);
  });

  it('drops stale events when Compare is rewritten', () => {
    const { ctx, timer } = fresh();
    timer.writeCompare(100);
    timer.writeCompare(300);
    runTo(ctx, 299);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(false);
    runTo(ctx, 300);
    expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(true);
  });

  it('is not armed after reset', () => {
    const { ctx } = fresh();
    expect(ctx.clock.pendingEvents()).toBe(0);
  });

  it('save and restore continue identically', () => {
    const a = fresh();
    runTo(a.ctx, 70);
    a.timer.writeCompare(400);
    runTo(a.ctx, 200);
    const state = JSON.parse(JSON.stringify(a.timer.save()));

    const b = fresh();
    b.ctx.clock.cycles = 200;
    b.timer.restore(state);
    expect(b.timer.readCount()).toBe(200);
    for (const { ctx, timer } of [a, b]) {
      runTo(ctx, 399);
      expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(false);
      runTo(ctx, 400);
      expect(ctx.irq.isRaised(IRQ_TIMER)).toBe(true);
      expect(timer.readCount()).toBe(400);
    }
  });
});
