/**
 * The transmit half of a kernel's network-interface driver, shared by the exokernel
 * (kernel/exo/network.ts) and the monolithic baseline (kernel/mono/net.ts). It models the one
 * transmit buffer of machine/devices/net.ts: a frame is copied into a kernel frame and handed to
 * the device, which sends one frame at a time. Charges no cycles; each kernel charges its own.
 */
import {
  NET_TX_ACK,
  NET_TX_ADDR,
  NET_TX_BUSY,
  NET_TX_DONE,
  NET_TX_LEN,
  NET_TX_STATUS,
} from '../../machine/devices/net.ts';
import type { Machine } from '../../machine/machine.ts';

/**
 * Sends `bytes` from kernel frame `frame`: false (and nothing done) while the previous frame is
 * still going out; a finished previous send is acknowledged first.
 */
export function nicTransmit(machine: Machine, frame: number, bytes: Uint8Array): boolean {
  const nic = machine.net;
  const status = nic.read(NET_TX_STATUS, 4);
  if ((status & NET_TX_BUSY) !== 0) return false;
  if ((status & NET_TX_DONE) !== 0) nic.write(NET_TX_ACK, 4, 1);
  machine.memory.u8.set(bytes, frame * 4096);
  nic.write(NET_TX_ADDR, 4, frame * 4096);
  nic.write(NET_TX_LEN, 4, bytes.length);
  return true;
}
