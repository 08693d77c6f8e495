/**
 * Ed25519 key pairs in OpenSSH form (the server's host key, the keys tests and `bench server`
 * log in with). ssh2's generateKeyPairSync drops a leading zero byte of the public key about
 * once in 300 keys and writes a private key its own parser then rejects ("Malformed OpenSSH
 * private key"): a fresh server would fail to start, a test would fail to log in. A pair is
 * generated again until ssh2 reads both halves back.
 */
import ssh2 from 'ssh2';

export interface KeyPair {
  private: string;
  public: string;
}

export function ed25519Pair(): KeyPair {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    const readable = (text: string) => !(ssh2.utils.parseKey(text) instanceof Error);
    if (readable(pair.private) && readable(pair.public)) return pair;
  }
}
