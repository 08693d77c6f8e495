/**
 * The roster: who may log in, with which public keys and (optionally) which password. Kept in
 * the database, so `exolab roster add` takes effect at the next login without a restart. A
 * roster file (`serve --roster FILE`) lists `USER KEYTYPE BASE64 [COMMENT]` lines, as in
 * authorized_keys with the user name first; `#` starts a comment.
 */
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { type Db, now } from './db.ts';

/** User names: what a Unix login name may be, so workspaces are plain folder names. */
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

export class RosterError extends Error {
  override readonly name = 'RosterError';
}

export interface PublicKey {
  algo: string;
  blob: Buffer;
  fingerprint: string;
  comment: string;
}

export interface RosterEntry {
  name: string;
  keys: number;
  password: boolean;
}

/** Throws RosterError unless `name` is a valid user name. */
export function checkUserName(name: string): void {
  if (!USER_NAME.test(name)) {
    throw new RosterError(
      `user name \`${name}\` is not valid: use lower-case letters, digits, _ and - (at most 32, not starting with a digit or -)`,
    );
  }
}

/** OpenSSH's SHA256 fingerprint of a key blob. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The public keys in `text` (one per line, authorized_keys form); throws on a bad line. */
export function parsePublicKeys(text: string, origin: string): PublicKey[] {
  const keys: PublicKey[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    keys.push(parseKeyLine(line, `${origin}:${i + 1}`));
  });
  if (keys.length === 0) throw new RosterError(`${origin} holds no public key`);
  return keys;
}

function parseKeyLine(line: string, where: string): PublicKey {
  const parsed = ssh2.utils.parseKey(line);
  if (parsed instanceof Error || Array.isArray(parsed) || parsed.isPrivateKey()) {
    const why = parsed instanceof Error ? parsed.message : 'not a single public key';
    throw new RosterError(
      `${where}: not an SSH public key (${why}); expected \`ssh-ed25519 AAAA… comment\``,
    );
  }
  const blob = parsed.getPublicSSH();
  const comment = line.split(/\s+/).slice(2).join(' ');
  return { algo: parsed.type, blob, fingerprint: fingerprint(blob), comment };
}

/** Adds `name` if new, then each of `keys` it does not have yet; returns the keys added. */
export function addUser(db: Db, name: string, keys: PublicKey[]): number {
  checkUserName(name);
  const insertKey = db.prepare(
    'INSERT OR IGNORE INTO keys (user, algo, blob, fingerprint, comment) VALUES (?, ?, ?, ?, ?)',
  );
  return db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO users (name, created_at) VALUES (?, ?)').run(name, now());
    let added = 0;
    for (const k of keys)
      added += insertKey.run(name, k.algo, k.blob, k.fingerprint, k.comment).changes;
    return added;
  })();
}

/** Removes `name` and its keys (its workspace, sessions and grades stay); false if unknown. */
export function removeUser(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM users WHERE name = ?').run(name).changes > 0;
}

/** Sets or (with null) clears the password hash of an existing user; false if unknown. */
export function setPasswordHash(db: Db, name: string, hash: string | null): boolean {
  return db.prepare('UPDATE users SET password = ? WHERE name = ?').run(hash, name).changes > 0;
}

export function listUsers(db: Db): RosterEntry[] {
  const rows = db
    .prepare(
      `SELECT u.name, u.password IS NOT NULL AS password,
         (SELECT count(*) FROM keys k WHERE k.user = u.name) AS keys
       FROM users u ORDER BY u.name`,
    )
    .all() as { name: string; password: number; keys: number }[];
  return rows.map((r) => ({ name: r.name, keys: r.keys, password: r.password === 1 }));
}

/** The user's stored password hash; undefined for an unknown user. */
export function userRecord(db: Db, name: string): { password: string | null } | undefined {
  return db.prepare('SELECT password FROM users WHERE name = ?').get(name) as
    | { password: string | null }
    | undefined;
}

/** Whether `blob` is one of `name`'s keys. */
export function hasKey(db: Db, name: string, blob: Buffer): boolean {
  return db.prepare('SELECT 1 FROM keys WHERE user = ? AND blob = ?').get(name, blob) !== undefined;
}

/** Adds every user and key in a roster file's text; returns users and keys seen. */
export function importRoster(
  db: Db,
  text: string,
  origin: string,
): { users: number; keys: number } {
  const byUser = new Map<string, PublicKey[]>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [user, ...rest] = line.split(/\s+/);
    const where = `${origin}:${i + 1}`;
    if (rest.length < 2)
      throw new RosterError(`${where}: expected \`USER KEYTYPE BASE64 [COMMENT]\``);
    try {
      checkUserName(user);
    } catch (error) {
      throw new RosterError(`${where}: ${(error as Error).message}`);
    }
    byUser.set(user, [...(byUser.get(user) ?? []), parseKeyLine(rest.join(' '), where)]);
  });
  let keys = 0;
  db.transaction(() => {
    for (const [user, list] of byUser) keys += addUser(db, user, list);
  })();
  return { users: byUser.size, keys };
}
