/**
 * The kernel secret that makes capabilities unforgeable, and the MAC computed with it.
 *
 * A capability carries HMAC-SHA256(secret, tag || word0 || word1) truncated to its first 64 bits
 * (two big-endian words). Only the kernel holds the secret, so only the kernel can mint a
 * capability; guest code can copy one (capabilities are bearer tokens) but cannot change a bit of
 * it without the MAC failing.
 *
 * TEACHING STAND-IN. A real kernel draws its secret from a hardware random source at boot. exolab
 * derives it from the machine seed instead, with SHA-256 as a pure function, because the whole
 * lab must be deterministic: the same seed must give the same capability words on every run and
 * every host, so that stored expected traces, graded lab output, replays and saved snapshots
 * agree. It also means snapshots never store the secret: restoring re-derives it from the seed.
 * The price is that anyone who knows the seed can forge capabilities; guest programs are never
 * given the seed, and that is the only thing that keeps them honest here.
 */
import { createHash, createHmac } from 'node:crypto';

/** Domain tag for the secret derivation; bump the version if the derivation ever changes. */
const SECRET_TAG = 'exolab-kernel-secret-v1';
/** Domain tag mixed into every MAC so a capability MAC is never valid as any other MAC. */
const MAC_TAG = Buffer.from('exolab-cap-v1\0', 'latin1');
const HIDDEN = '[KernelSecret]';

/**
 * An opaque 256-bit key. The key bytes are a private field: printing, inspecting or JSON
 * serialising a secret shows only `[KernelSecret]`, so it cannot leak into a snapshot or a pane.
 */
export class KernelSecret {
  readonly #key: Buffer;

  /** Prefer deriveSecret(seed); the constructor copies the key so the caller cannot change it. */
  constructor(key: Uint8Array) {
    if (key.length < 16) throw new Error('KernelSecret: key must be at least 16 bytes');
    this.#key = Buffer.from(key);
  }

  /**
   * The 64-bit MAC of a capability's first two words, as [high word, low word], both unsigned.
   * Precondition: word0 and word1 are unsigned 32-bit integers.
   */
  mac(word0: number, word1: number): [number, number] {
    const body = Buffer.alloc(8);
    body.writeUInt32BE(word0, 0);
    body.writeUInt32BE(word1, 4);
    const digest = createHmac('sha256', this.#key).update(MAC_TAG).update(body).digest();
    return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
  }

  /**
   * A short public fingerprint (8 hex digits of SHA-256 of the key) so the inspector can show
   * which secret is in use, and tests can tell secrets apart, without revealing the key.
   */
  fingerprint(): string {
    return createHash('sha256').update(this.#key).digest('hex').slice(0, 8);
  }

  toString(): string {
    return HIDDEN;
  }

  toJSON(): string {
    return HIDDEN;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return HIDDEN;
  }
}

/**
 * The kernel secret for a machine seed: SHA-256 of a domain tag and the seed's decimal form.
 * Deterministic for a seed, different for different seeds (see the header for why).
 * Panics if the seed is not a safe integer, since a seed of 1.5 or NaN is a caller bug.
 */
export function deriveSecret(seed: number): KernelSecret {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`deriveSecret: seed must be a safe integer, got ${seed}`);
  }
  const key = createHash('sha256').update(SECRET_TAG).update('\0').update(String(seed)).digest();
  return new KernelSecret(key);
}
