/**
 * Who may log in: a user on the roster with one of their registered public keys (the client
 * proves it holds the private key by its signature), or with their password when one is set.
 * Unknown users, unregistered keys and wrong passwords are refused alike. Failures count
 * against the client's address (rate-limit.ts); a locked-out address is refused outright.
 * A key offered without a signature (OpenSSH asks "would you take this key?" before signing)
 * is answered but not counted, so a user with several keys is not locked out by trying them.
 */
import ssh2, { type AuthContext } from 'ssh2';
import type { Db } from './db.ts';
import type { Logger } from './log.ts';
import { verifyPassword } from './passwords.ts';
import type { LoginLimiter } from './rate-limit.ts';
import { hasKey, userRecord } from './roster.ts';

const METHODS: AuthContext['method'][] = ['publickey', 'password'];

export interface AuthDeps {
  db: Db;
  limiter: LoginLimiter;
  log: Logger;
}

/** Handles one authentication attempt; calls `accepted(user)` on success. */
export async function authenticate(
  ctx: AuthContext,
  address: string,
  d: AuthDeps,
  accepted: (user: string) => void,
): Promise<void> {
  const user = ctx.username;
  const refuse = (why: string, counts: boolean) => {
    if (counts) {
      const locked = d.limiter.fail(address);
      d.log.log('login-refused', { user, address, method: ctx.method, why });
      if (locked) d.log.log('address-locked', { address });
    }
    ctx.reject(METHODS);
  };
  if (d.limiter.locked(address)) {
    d.log.log('login-refused', { user, address, method: ctx.method, why: 'address locked out' });
    return ctx.reject(METHODS);
  }
  if (ctx.method === 'none') return ctx.reject(METHODS);
  const record = userRecord(d.db, user);
  if (ctx.method === 'publickey') {
    if (record === undefined) return refuse('unknown user', ctx.signature !== undefined);
    if (!hasKey(d.db, user, ctx.key.data))
      return refuse('key not registered', ctx.signature !== undefined);
    if (ctx.signature === undefined) return ctx.accept();
    const key = ssh2.utils.parseKey(ctx.key.data);
    const ok =
      !(key instanceof Error) &&
      !Array.isArray(key) &&
      key.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) === true;
    if (!ok) return refuse('bad signature', true);
  } else if (ctx.method === 'password') {
    // Verify (slow, by design) even for an unknown user, so timing does not tell who exists.
    const stored = record?.password ?? DUMMY;
    const ok = await verifyPassword(ctx.password, stored);
    if (record === undefined) return refuse('unknown user', true);
    if (record.password === null || !ok) return refuse('wrong password', true);
  } else {
    return ctx.reject(METHODS);
  }
  d.limiter.succeed(address);
  accepted(user);
  ctx.accept();
}

/** A hash of nothing anyone types, verified for unknown users. */
const DUMMY =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
