/**
 * The console: SPIM's memory-mapped terminal (Patterson & Hennessy appendix A.8, SPIM's mem.h)
 * plus the syscall-style I/O the bare-mode runtime uses. Window at CONSOLE_BASE (addresses.ts);
 * bare mode also aliases SPIM's 0xffff0000 onto it.
 *
 *   +0   receiver control   r/w  bit 0 READY (read-only), bit 1 INTERRUPT ENABLE
 *   +4   receiver data      r    low byte = the received character; reading it clears READY
 *   +8   transmitter control r/w bit 0 READY (read-only), bit 1 INTERRUPT ENABLE
 *   +12  transmitter data   w    low byte is sent; ignored while the transmitter is not READY
 *                           r    the last byte sent
 *   other offsets read 0, writes to them are ignored.
 *
 * Interrupts are level-triggered, as SPIM's raise-on-ready/clear-on-access amounts to: the
 * receiver holds IRQ_CONSOLE_RX (IP3, Cause bit 11) while READY and ENABLE are both set; the
 * transmitter holds IRQ_CONSOLE_TX (IP2, Cause bit 10) likewise.
 *
 * Timing, in cycles, following SPIM (IO_INTERVAL 100 instructions, TRANS_LATENCY 100
 * intervals): after a byte is written the transmitter is not READY for CONSOLE_TX_LATENCY
 * cycles. Input the host feeds is latched one byte at a time, CONSOLE_RX_LATENCY cycles after it
 * was fed or after the previous byte was read, whichever is later. Unlike SPIM, an unread byte
 * is never overwritten by the next one.
 *
 * Syscall I/O (print/read string, char, int) bypasses the registers and their latency but shares
 * the input queue: a byte already latched in the receiver is read first.
 */
import type { AccessWidth, Device, DeviceContext, DeviceState } from '../device.ts';
import { CONSOLE_BASE, DEVICE_WINDOW_SIZE, IRQ_CONSOLE_RX, IRQ_CONSOLE_TX } from './addresses.ts';
import { ByteQueue, TailBuffer } from './byte-queue.ts';
import { registerOffset, sliceRegister, writeValue } from './registers.ts';

export const CONSOLE_RX_CTRL = 0;
export const CONSOLE_RX_DATA = 4;
export const CONSOLE_TX_CTRL = 8;
export const CONSOLE_TX_DATA = 12;
export const CONSOLE_READY = 1;
export const CONSOLE_IE = 2;

export const CONSOLE_TX_LATENCY = 10_000;
export const CONSOLE_RX_LATENCY = 100;
/** readChar's answer at end of input (null means "nothing yet, would block"). */
export const CONSOLE_EOF = -1;

/** Where console output goes (a terminal, a pane, a test buffer). */
export interface ConsoleHost {
  write(bytes: Uint8Array | string): void;
}

export interface ConsoleOptions {
  /** Bytes of output kept in the transcript (the oldest are dropped). Default 65536. */
  transcriptLimit?: number;
}

export interface ConsoleState extends DeviceState {
  input: number[];
  inputEnded: boolean;
  rxCtrl: number;
  rxData: number;
  rxDeliverAt: number | null;
  txCtrl: number;
  txData: number;
  txReadyAt: number | null;
  output: number[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

export class ConsoleDevice implements Device {
  readonly name = 'console';
  readonly base = CONSOLE_BASE;
  readonly size = DEVICE_WINDOW_SIZE;
  private readonly input = new ByteQueue();
  private inputEnded = false;
  private rxCtrl = 0;
  private rxData = 0;
  private rxDeliverAt: number | null = null;
  private txCtrl = CONSOLE_READY;
  private txData = 0;
  private txReadyAt: number | null = null;
  private generation = 0;
  private readonly output: TailBuffer;

  constructor(
    private readonly ctx: DeviceContext,
    private readonly host: ConsoleHost,
    options: ConsoleOptions = {},
  ) {
    this.output = new TailBuffer(options.transcriptLimit ?? 65536);
  }

  read(offset: number, width: AccessWidth): number {
    switch (registerOffset(offset)) {
      case CONSOLE_RX_CTRL:
        return sliceRegister(this.rxCtrl, offset, width);
      case CONSOLE_RX_DATA:
        return sliceRegister(this.takeLatched(), offset, width);
      case CONSOLE_TX_CTRL:
        return sliceRegister(this.txCtrl, offset, width);
      case CONSOLE_TX_DATA:
        return sliceRegister(this.txData, offset, width);
      default:
        return 0;
    }
  }

  write(offset: number, width: AccessWidth, value: number): void {
    const v = writeValue(offset, width, value);
    if (v === null) return;
    if (offset === CONSOLE_RX_CTRL) this.rxCtrl = (this.rxCtrl & ~CONSOLE_IE) | (v & CONSOLE_IE);
    else if (offset === CONSOLE_TX_CTRL)
      this.txCtrl = (this.txCtrl & ~CONSOLE_IE) | (v & CONSOLE_IE);
    else if (offset === CONSOLE_TX_DATA) this.transmit(v & 0xff);
    this.updateLines();
  }

  /** Host: queues input bytes (strings are UTF-8 encoded). */
  feed(data: Uint8Array | string): void {
    for (const b of toBytes(data)) this.input.push(b);
    this.pumpReceiver();
  }

  /** Host: no more input will come once the queue drains (Ctrl-D, end of a script). */
  endInput(): void {
    this.inputEnded = true;
  }

  /** True when every input byte has been read and the host has ended input. */
  atEof(): boolean {
    return this.inputEnded && this.input.length === 0 && (this.rxCtrl & CONSOLE_READY) === 0;
  }

  /** Syscall output (print_string, print_int …): no transmitter latency. */
  writeText(text: string): void {
    this.emit(text);
  }

  writeBytes(bytes: Uint8Array): void {
    this.emit(bytes);
  }

  /** Syscall read_char: a byte, CONSOLE_EOF at end of input, or null when it would block. */
  readChar(): number | null {
    if ((this.rxCtrl & CONSOLE_READY) !== 0) return this.takeLatched();
    if (this.input.length > 0) return this.input.shift()!;
    return this.inputEnded ? CONSOLE_EOF : null;
  }

  /** Input bytes waiting to be read (latched in the receiver or queued). */
  pendingInput(): number {
    return this.input.length + ((this.rxCtrl & CONSOLE_READY) !== 0 ? 1 : 0);
  }

  /** True when readLine would return a line now (a whole line, or input has ended). */
  hasLine(): boolean {
    if ((this.rxCtrl & CONSOLE_READY) !== 0 && this.rxData === 10) return true;
    return this.inputEnded || this.input.indexOf(10) >= 0;
  }

  /**
   * Syscall read_string/read_int: the next line including its '\n'; at end of input the last
   * partial line without one, then '' for ever. Null when no whole line has arrived yet.
   */
  readLine(): string | null {
    const latched = (this.rxCtrl & CONSOLE_READY) !== 0 ? 1 : 0;
    let length = 1;
    if (!latched || this.rxData !== 10) {
      const newline = this.input.indexOf(10);
      if (newline < 0 && !this.inputEnded) return null;
      length = latched + (newline < 0 ? this.input.length : newline + 1);
    }
    const line: number[] = [];
    while (line.length < length) line.push(this.readChar()!);
    return decoder.decode(new Uint8Array(line));
  }

  /** Everything written so far (up to the transcript limit), decoded as UTF-8. */
  transcript(): string {
    return decoder.decode(this.output.toBytes());
  }

  clearTranscript(): void {
    this.output.clear();
  }

  reset(): void {
    this.input.clear();
    this.inputEnded = false;
    this.rxCtrl = 0;
    this.rxData = 0;
    this.rxDeliverAt = null;
    this.txCtrl = CONSOLE_READY;
    this.txData = 0;
    this.txReadyAt = null;
    this.generation++;
    this.output.clear();
    this.updateLines();
  }

  save(): ConsoleState {
    return {
      input: this.input.toArray(),
      inputEnded: this.inputEnded,
      rxCtrl: this.rxCtrl,
      rxData: this.rxData,
      rxDeliverAt: this.rxDeliverAt,
      txCtrl: this.txCtrl,
      txData: this.txData,
      txReadyAt: this.txReadyAt,
      output: [...this.output.toBytes()],
    };
  }

  restore(state: DeviceState): void {
    const s = state as ConsoleState;
    this.input.clear();
    for (const b of s.input) this.input.push(b);
    this.inputEnded = s.inputEnded;
    this.rxCtrl = s.rxCtrl;
    this.rxData = s.rxData;
    this.txCtrl = s.txCtrl;
    this.txData = s.txData;
    this.output.clear();
    this.output.append(Uint8Array.from(s.output));
    this.generation++;
    this.rxDeliverAt = null;
    this.txReadyAt = null;
    if (s.rxDeliverAt !== null) this.scheduleDelivery(s.rxDeliverAt);
    if (s.txReadyAt !== null) this.scheduleTxReady(s.txReadyAt);
    this.updateLines();
  }

  private emit(data: Uint8Array | string): void {
    this.host.write(data);
    this.output.append(toBytes(data));
  }

  private transmit(byte: number): void {
    if ((this.txCtrl & CONSOLE_READY) === 0) return;
    this.txData = byte;
    this.emit(Uint8Array.of(byte));
    this.txCtrl &= ~CONSOLE_READY;
    this.scheduleTxReady(this.ctx.clock.cycles + CONSOLE_TX_LATENCY);
  }

  /** Reads the receiver data register: returns the byte, clears READY, starts the next one. */
  private takeLatched(): number {
    const byte = this.rxData;
    this.rxCtrl &= ~CONSOLE_READY;
    this.pumpReceiver();
    this.updateLines();
    return byte;
  }

  /** Schedules the next byte's arrival if the receiver is empty and input is waiting. */
  private pumpReceiver(): void {
    if ((this.rxCtrl & CONSOLE_READY) !== 0 || this.rxDeliverAt !== null) return;
    if (this.input.length === 0) return;
    this.scheduleDelivery(this.ctx.clock.cycles + CONSOLE_RX_LATENCY);
  }

  private scheduleDelivery(at: number): void {
    const generation = this.generation;
    this.rxDeliverAt = at;
    this.ctx.clock.schedule(at, () => {
      if (generation !== this.generation || this.rxDeliverAt !== at) return;
      this.rxDeliverAt = null;
      // Syscall reads may have drained the queue, or latched nothing, since this was scheduled.
      if (this.input.length === 0 || (this.rxCtrl & CONSOLE_READY) !== 0) return;
      this.rxData = this.input.shift()!;
      this.rxCtrl |= CONSOLE_READY;
      this.updateLines();
    });
  }

  private scheduleTxReady(at: number): void {
    const generation = this.generation;
    this.txReadyAt = at;
    this.ctx.clock.schedule(at, () => {
      if (generation !== this.generation) return;
      this.txReadyAt = null;
      this.txCtrl |= CONSOLE_READY;
      this.updateLines();
    });
  }

  private updateLines(): void {
    const { irq } = this.ctx;
    const rx = (this.rxCtrl & (CONSOLE_READY | CONSOLE_IE)) === (CONSOLE_READY | CONSOLE_IE);
    const tx = (this.txCtrl & (CONSOLE_READY | CONSOLE_IE)) === (CONSOLE_READY | CONSOLE_IE);
    if (rx) irq.raise(IRQ_CONSOLE_RX);
    else irq.lower(IRQ_CONSOLE_RX);
    if (tx) irq.raise(IRQ_CONSOLE_TX);
    else irq.lower(IRQ_CONSOLE_TX);
  }
}
