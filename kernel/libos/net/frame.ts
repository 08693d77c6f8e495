/**
 * Ethernet + IPv4 + UDP frames, as ExOS's datagram protocol (udp.ts) and the packet-filter
 * benchmark build and read them. Byte offsets (network order, big-endian):
 *
 *   0   destination MAC (6)   6  source MAC (6)   12 EtherType 0x0800
 *   14  IPv4 header, 20 bytes without options: 14 version/IHL 0x45, 16 total length,
 *       22 TTL, 23 protocol 17, 24 header checksum, 26 source address, 30 destination address
 *   34  UDP: 34 source port, 36 destination port, 38 length, 40 checksum (0: none)
 *   42  payload
 *
 * The IP header checksum is computed; the UDP checksum is left 0 (optional in IPv4).
 */

export const ETHERTYPE_IPV4 = 0x0800;
export const IPPROTO_UDP = 17;
export const UDP_HEADER_BYTES = 42;
/** Largest payload in one Ethernet frame (MTU 1514 less the headers). */
export const UDP_MAX_PAYLOAD = 1514 - UDP_HEADER_BYTES;

export interface UdpAddress {
  /** The host's number: MAC 02:00:00:00:00:hh and IPv4 10.0.0.hh. */
  host: number;
  port: number;
}

export interface UdpDatagram {
  from: UdpAddress;
  to: UdpAddress;
  payload: Uint8Array;
}

/** Builds the frame carrying `d`. */
export function buildUdpFrame(d: UdpDatagram): Uint8Array {
  const f = new Uint8Array(UDP_HEADER_BYTES + d.payload.length);
  const v = new DataView(f.buffer);
  f.set([2, 0, 0, 0, 0, d.to.host & 0xff], 0);
  f.set([2, 0, 0, 0, 0, d.from.host & 0xff], 6);
  v.setUint16(12, ETHERTYPE_IPV4);
  f[14] = 0x45;
  v.setUint16(16, 20 + 8 + d.payload.length);
  f[22] = 64;
  f[23] = IPPROTO_UDP;
  f.set([10, 0, 0, d.from.host & 0xff], 26);
  f.set([10, 0, 0, d.to.host & 0xff], 30);
  v.setUint16(24, ipChecksum(f.subarray(14, 34)));
  v.setUint16(34, d.from.port);
  v.setUint16(36, d.to.port);
  v.setUint16(38, 8 + d.payload.length);
  f.set(d.payload, UDP_HEADER_BYTES);
  return f;
}

/** Reads a UDP frame (honouring the IP header length); null if it is not one. */
export function parseUdpFrame(f: Uint8Array): UdpDatagram | null {
  if (f.length < UDP_HEADER_BYTES) return null;
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  if (v.getUint16(12) !== ETHERTYPE_IPV4 || f[23] !== IPPROTO_UDP) return null;
  const udp = 14 + (f[14] & 0xf) * 4;
  if (udp + 8 > f.length) return null;
  const length = v.getUint16(udp + 4);
  const end = Math.min(f.length, udp + Math.max(8, length));
  return {
    from: { host: f[29], port: v.getUint16(udp) },
    to: { host: f[33], port: v.getUint16(udp + 2) },
    payload: f.slice(udp + 8, end),
  };
}

/** The Internet checksum of an IPv4 header (its checksum field read as 0). */
function ipChecksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) {
    if (i === 10) continue;
    sum += (header[i] << 8) | header[i + 1];
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
