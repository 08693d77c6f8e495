/**
 * Sample filters and packet builders shared by the filter tests: Ethernet frames carrying
 * IPv4/UDP or ARP, and the filters that claim them.
 */
import { assembleFilter, type Insn } from '../../../kernel/filter/index.ts';

/** Assembles `text` or fails the test with the assembler's messages. */
export function asm(text: string): Insn[] {
  const r = assembleFilter(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.text).join('\n'));
  return r.program;
}

/** IPv4 (no options) UDP to destination port `port`. */
export const udpPort = (port: number) => `
  ldh [12]; jeq #0x0800, ip, reject      // EtherType IPv4
  ip: ldb [14]; jeq #0x45, v4, reject    // version 4, no options
  v4: ldb [23]; jeq #17, udp, reject     // protocol UDP
  udp: ldh [36]; jeq #${port}, accept, reject
`;

/** ARP frames. */
export const ARP = 'ldh [12]; jeq #0x0806, accept, reject';

/** Any frame whose source MAC is `mac` (6 bytes). */
export const fromMac = (mac: number[]) => {
  const hi = ((mac[0]! << 24) | (mac[1]! << 16) | (mac[2]! << 8) | mac[3]!) >>> 0;
  const lo = (mac[4]! << 8) | mac[5]!;
  return `ld [6]; jeq #${hi}, lo, reject; lo: ldh [10]; jeq #${lo}, accept, reject`;
};

export interface FrameSpec {
  srcMac?: number[];
  etherType?: number;
  ihl?: number;
  protocol?: number;
  dstPort?: number;
  length?: number;
}

/** An Ethernet frame with an IPv4/UDP-shaped header, fields as given. */
export function frame(spec: FrameSpec = {}): Uint8Array {
  const p = new Uint8Array(Math.max(spec.length ?? 64, 64));
  p.set(spec.srcMac ?? [2, 0, 0, 0, 0, 1], 6);
  const et = spec.etherType ?? 0x0800;
  p[12] = et >> 8;
  p[13] = et & 0xff;
  p[14] = 0x40 | (spec.ihl ?? 5);
  p[23] = spec.protocol ?? 17;
  const port = spec.dstPort ?? 7;
  p[36] = port >> 8;
  p[37] = port & 0xff;
  return p.slice(0, spec.length ?? 64);
}
