/**
 * ExOS's datagram protocol (UDP over IPv4 over Ethernet, frame.ts) on the exokernel's
 * downloaded packet filters. Binding a port downloads a filter that claims exactly the UDP
 * frames for that port (an IPv4 header without options, protocol 17, destination port), so the
 * kernel's verifier sees a precise claim and refuses a second environment that asks for the
 * same port; the kernel runs the compiled filter on each arriving frame and queues it for us.
 * Sending builds the frame here, in the library OS, and hands it to net_send; receiving takes
 * a queued frame with net_recv and strips the headers. Frames pass through a private page of
 * the environment's (NET_PAGE_VADDR). The machine's address is host 1 (10.0.0.1).
 */
import type { EnvApi } from '../../exo/env.ts';
import { E_BUSY, E_FAULT, E_INVAL, E_OK } from '../../exo/errors.ts';
import { assembleFilter, encodeProgram } from '../../filter/index.ts';
import type { PipeOutcome, UserMemory } from '../ipc/pipes.ts';
import { buildUdpFrame, parseUdpFrame, UDP_HEADER_BYTES, UDP_MAX_PAYLOAD } from './frame.ts';

/** ExOS's network page: the filter program, then frames going out and coming in. */
export const NET_PAGE_VADDR = 0x7bf40000;
export const LOCAL_HOST = 1;

/** The filter for UDP to `port`, in kernel/filter's assembly. */
export function udpPortFilter(port: number): string {
  return [
    'ldh [12]; jeq #0x0800, ip, reject', // IPv4
    'ip: ldb [14]; jeq #0x45, v4, reject', // version 4, a 20-byte header
    'v4: ldb [23]; jeq #17, udp, reject', // UDP
    `udp: ldh [36]; jeq #${port}, accept, reject`, // our port
  ].join('\n');
}

export class ExosUdp {
  private port = -1;
  private mapped = false;

  constructor(
    private readonly api: EnvApi,
    private readonly memory: UserMemory,
  ) {}

  private mapPage(): number {
    if (this.mapped) return E_OK;
    const frame = this.api.call('frame_alloc');
    if (frame.error !== E_OK) return frame.error;
    const bound = this.api.call('bind', NET_PAGE_VADDR, frame.cap!, 1);
    if (bound.error !== E_OK) return bound.error;
    this.mapped = true;
    return E_OK;
  }

  bind(port: number): PipeOutcome {
    if (!Number.isInteger(port) || port < 1 || port > 0xffff || this.port >= 0)
      return [-1, E_INVAL];
    const mapped = this.mapPage();
    if (mapped !== E_OK) return [-1, mapped];
    const asm = assembleFilter(udpPortFilter(port));
    if (!asm.ok) throw new Error(`ExosUdp.bind: ${asm.errors[0].text}`);
    const words = encodeProgram(asm.program);
    const bytes = new Uint8Array(words.buffer.slice(0));
    this.api.writeBytes(NET_PAGE_VADDR, bytes);
    const got = this.api.call('filter_install', NET_PAGE_VADDR, words.length, UDP_HEADER_BYTES);
    if (got.error !== E_OK) return [-1, got.error];
    this.port = port;
    return [port, E_OK];
  }

  send(host: number, port: number, buf: number, len: number): PipeOutcome {
    if (this.port < 0 || len < 0 || len > UDP_MAX_PAYLOAD) return [-1, E_INVAL];
    if (port < 1 || port > 0xffff || host < 0 || host > 255) return [-1, E_INVAL];
    const payload = this.memory.readBytes(buf, len);
    if (payload === null) return [-1, E_FAULT];
    const frame = buildUdpFrame({
      from: { host: LOCAL_HOST, port: this.port },
      to: { host, port },
      payload,
    });
    this.api.writeBytes(NET_PAGE_VADDR + 1024, frame);
    const sent = this.api.call('net_send', NET_PAGE_VADDR + 1024, frame.length);
    if (sent.error === E_BUSY) return 'wait'; // the previous frame is still going out
    return sent.error === E_OK ? [len, E_OK] : [-1, sent.error];
  }

  /** The next datagram: [payload length, E_OK] with the sender in `from`, or 'wait'. */
  receive(buf: number, len: number, from: { host: number; port: number }): PipeOutcome {
    if (this.port < 0 || len < 0) return [-1, E_INVAL];
    const got = this.api.call('net_recv', NET_PAGE_VADDR + 1024, 1514);
    if (got.error === E_BUSY) return 'wait';
    if (got.error !== E_OK) return [-1, got.error];
    const frame = this.api.readBytes(NET_PAGE_VADDR + 1024, got.value);
    const d = frame === null ? null : parseUdpFrame(frame);
    if (d === null) return [-1, E_INVAL];
    const payload = d.payload.subarray(0, len);
    if (this.memory.writeBytes(buf, payload) < payload.length) return [-1, E_FAULT];
    from.host = d.from.host;
    from.port = d.from.port;
    return [payload.length, E_OK];
  }
}
