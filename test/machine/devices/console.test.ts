import { describe, expect, it } from 'vitest';
import { IRQ_CONSOLE_RX, IRQ_CONSOLE_TX } from '../../../machine/devices/addresses.ts';
import {
  CONSOLE_EOF,
  CONSOLE_RX_CTRL,
  CONSOLE_RX_DATA,
  CONSOLE_RX_LATENCY,
  CONSOLE_TX_CTRL,
  CONSOLE_TX_DATA,
  CONSOLE_TX_LATENCY,
  ConsoleDevice,
} from '../../../machine/devices/console.ts';
import { context, runTo } from './context.ts';

function fresh() {
  const ctx = context(4096);
  const written: string[] = [];
  const host = {
    write: (b: Uint8Array | string) =>
      written.push(typeof b === 'string' ? b : String.fromCharCode(...b)),
  };
  const con = new ConsoleDevice(ctx, host);
  con.reset();
  return { ctx, con, written };
}

describe('ConsoleDevice transmitter', () => {
  it('sends a byte, is busy for the latency, then ready again', () => {
    const { ctx, con, written } = fresh();
    expect(con.read(CONSOLE_TX_CTRL, 4)).toBe(1);
    con.write(CONSOLE_TX_DATA, 1, 0x41);
    expect(written).toEqual(['A']);
    expect(con.read(CONSOLE_TX_CTRL, 4)).toBe(0);
    con.write(CONSOLE_TX_DATA, 4, 0x42); // ignored: not ready
    expect(con.transcript()).toBe('A');
    runTo(ctx, CONSOLE_TX_LATENCY - 1);
    expect(con.read(CONSOLE_TX_CTRL, 4)).toBe(0);
    runTo(ctx, CONSOLE_TX_LATENCY);
    expect(con.read(CONSOLE_TX_CTRL, 4)).toBe(1);
  });

  it('raises IP2 while ready and enabled', () => {
    const { ctx, con } = fresh();
    con.write(CONSOLE_TX_CTRL, 4, 2);
    expect(ctx.irq.isRaised(IRQ_CONSOLE_TX)).toBe(true);
    con.write(CONSOLE_TX_DATA, 4, 0x0a);
    expect(ctx.irq.isRaised(IRQ_CONSOLE_TX)).toBe(false);
    runTo(ctx, CONSOLE_TX_LATENCY);
    expect(ctx.irq.isRaised(IRQ_CONSOLE_TX)).toBe(true);
    expect(con.read(CONSOLE_TX_CTRL, 4)).toBe(3);
    con.write(CONSOLE_TX_CTRL, 4, 0);
    expect(ctx.irq.isRaised(IRQ_CONSOLE_TX)).toBe(false);
  });
});

describe('ConsoleDevice receiver', () => {
  it('latches fed bytes one at a time after the latency', () => {
    const { ctx, con } = fresh();
    con.feed('hi');
    expect(con.read(CONSOLE_RX_CTRL, 4)).toBe(0);
    runTo(ctx, CONSOLE_RX_LATENCY);
    expect(con.read(CONSOLE_RX_CTRL, 4)).toBe(1);
    expect(con.read(CONSOLE_RX_DATA, 1)).toBe(0x68);
    expect(con.read(CONSOLE_RX_CTRL, 4)).toBe(0);
    runTo(ctx, 2 * CONSOLE_RX_LATENCY - 1);
    expect(con.read(CONSOLE_RX_CTRL, 4)).toBe(0);
    runTo(ctx, 2 * CONSOLE_RX_LATENCY);
    expect(con.read(CONSOLE_RX_DATA, 4)).toBe(0x69);
  });

  it('raises IP3 while a byte waits and interrupts are enabled', () => {
    const { ctx, con } = fresh();
    con.write(CONSOLE_RX_CTRL, 4, 2);
    con.feed('x');
    expect(ctx.irq.isRaised(IRQ_CONSOLE_RX)).toBe(false);
    runTo(ctx, CONSOLE_RX_LATENCY);
    expect(ctx.irq.isRaised(IRQ_CONSOLE_RX)).toBe(true);
    expect(con.read(CONSOLE_RX_CTRL, 4)).toBe(3);
    con.read(CONSOLE_RX_DATA, 4);
    expect(ctx.irq.isRaised(IRQ_CONSOLE_RX)).toBe(false);
  });

  it('undefined offsets read 0 and ignore writes', () => {
    const { con } = fresh();
    expect(con.read(0x40, 4)).toBe(0);
    con.write(0x40, 4, -1);
    con.write(CONSOLE_RX_CTRL, 4, 1); // READY is read-only
    expect(con.read(CONSOLE_RX_CTRL, 4)).toBe(0);
  });
});

describe('ConsoleDevice syscall I/O', () => {
  it('tells would-block from end of input', () => {
    const { con } = fresh();
    expect(con.readChar()).toBeNull();
    expect(con.readLine()).toBeNull();
    con.feed('ab\ncd');
    expect(con.readLine()).toBe('ab\n');
    expect(con.readLine()).toBeNull();
    con.endInput();
    expect(con.atEof()).toBe(false);
    expect(con.readLine()).toBe('cd');
    expect(con.readLine()).toBe('');
    expect(con.readChar()).toBe(CONSOLE_EOF);
    expect(con.atEof()).toBe(true);
  });

  it('reads a byte latched in the receiver first', () => {
    const { ctx, con } = fresh();
    con.feed('xy');
    runTo(ctx, CONSOLE_RX_LATENCY);
    expect(con.readChar()).toBe(0x78);
    expect(con.readChar()).toBe(0x79);
    runTo(ctx, 10 * CONSOLE_RX_LATENCY);
    expect(con.read(CONSOLE_RX_CTRL, 4)).toBe(0);
  });

  it('keeps a bounded transcript', () => {
    const ctx = context(4096);
    const con = new ConsoleDevice(ctx, { write: () => {} }, { transcriptLimit: 4 });
    con.writeText('hello, ');
    con.writeBytes(new TextEncoder().encode('world'));
    expect(con.transcript()).toBe('orld');
  });
});

describe('ConsoleDevice save/restore', () => {
  it('continues identically', () => {
    const a = fresh();
    a.con.write(CONSOLE_RX_CTRL, 4, 2);
    a.con.feed('abc');
    a.con.write(CONSOLE_TX_DATA, 4, 0x5a);
    runTo(a.ctx, 50);
    const state = JSON.parse(JSON.stringify(a.con.save()));
    const b = fresh();
    b.ctx.clock.cycles = 50;
    b.con.restore(state);
    expect(b.con.transcript()).toBe('Z');
    for (const { ctx, con } of [a, b]) {
      runTo(ctx, CONSOLE_RX_LATENCY);
      expect(ctx.irq.isRaised(IRQ_CONSOLE_RX)).toBe(true);
      expect(con.read(CONSOLE_RX_DATA, 4)).toBe(0x61);
      runTo(ctx, CONSOLE_TX_LATENCY);
      expect(con.read(CONSOLE_TX_CTRL, 4)).toBe(1);
      expect(con.readLine()).toBeNull();
      expect(con.readChar()).toBe(0x62);
    }
  });
});

describe('ConsoleDevice at scale', () => {
  it('reads a large fed input line by line and keeps only the transcript tail', () => {
    const ctx = context(4096);
    const con = new ConsoleDevice(ctx, { write: () => {} }, { transcriptLimit: 10 });
    con.feed('line\n'.repeat(20_000));
    con.endInput();
    let lines = 0;
    for (let line = con.readLine(); line; line = con.readLine()) {
      expect(line).toBe('line\n');
      lines++;
      con.writeText(line);
    }
    expect(lines).toBe(20_000);
    expect(con.transcript()).toBe('line\nline\n');
  });

  it('a latched newline alone is a line', () => {
    const { ctx, con } = fresh();
    con.feed('\nz');
    runTo(ctx, CONSOLE_RX_LATENCY);
    expect(con.readLine()).toBe('\n');
    expect(con.readLine()).toBeNull();
  });
});
