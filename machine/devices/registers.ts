/**
 * Helpers every device shares: how a 1-, 2- or 4-byte access maps onto 32-bit registers, and
 * how byte contents go into saved state.
 *
 * Registers are 32 bits at 4-byte aligned offsets. A narrower read returns the addressed bytes
 * of the register, zero-extended (a byte read at +5 is bits 15..8 of the register at +4). A
 * narrower write counts only at the register's own offset and writes the value zero-extended
 * (so SPIM's `sb` to the transmitter data register works); narrower writes elsewhere are
 * ignored.
 */
import type { AccessWidth } from '../device.ts';

/** Offset of the register an access at `offset` falls in. */
export function registerOffset(offset: number): number {
  return offset & ~3;
}

/** The bytes of a 32-bit register value that a read of `width` at `offset` sees. */
export function sliceRegister(value: number, offset: number, width: AccessWidth): number {
  if (width === 4) return value | 0;
  const shift = (offset & (4 - width)) * 8;
  return (value >>> shift) & (width === 2 ? 0xffff : 0xff);
}

/** The register value a write delivers, or null when the write is ignored (not at offset 0). */
export function writeValue(offset: number, width: AccessWidth, value: number): number | null {
  if ((offset & 3) !== 0) return null;
  if (width === 4) return value | 0;
  return value & (width === 2 ? 0xffff : 0xff);
}

/** Bytes to a JSON-able string for save(). */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function base64ToBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
