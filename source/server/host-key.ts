/**
 * The server's host key: an Ed25519 key generated on the first start and kept in
 * DIR/host_ed25519_key (mode 0600), so students' known_hosts stay valid across restarts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ssh2 from 'ssh2';
import { ed25519Pair } from './key-pair.ts';
import { fingerprint } from './roster.ts';

export interface HostKey {
  /** The private key in OpenSSH form, for ssh2's Server. */
  pem: string;
  /** SHA256 fingerprint, as `ssh` shows it. */
  fingerprint: string;
  /** Whether it was generated now. */
  created: boolean;
}

export function loadOrCreateHostKey(dir: string): HostKey {
  const file = path.join(dir, 'host_ed25519_key');
  let created = false;
  if (!fs.existsSync(file)) {
    const pair = ed25519Pair();
    // wx: two servers started at once on a fresh DIR must not overwrite each other's key.
    fs.writeFileSync(file, pair.private, { mode: 0o600, flag: 'wx' });
    fs.writeFileSync(`${file}.pub`, `${pair.public}\n`, { mode: 0o644 });
    created = true;
  }
  const pem = fs.readFileSync(file, 'utf8');
  const parsed = ssh2.utils.parseKey(pem);
  if (parsed instanceof Error || Array.isArray(parsed)) {
    throw new Error(
      `host key ${file} cannot be read: ${parsed instanceof Error ? parsed.message : 'several keys'}`,
    );
  }
  return { pem, fingerprint: fingerprint(parsed.getPublicSSH()), created };
}
