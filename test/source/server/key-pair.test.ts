/**
 * Key pairs for the server (source/server/key-pair.ts): ssh2's own generator makes a key its
 * parser rejects about once in 300; ed25519Pair never hands one out. Up to 20,000 pairs make a
 * bad one from ssh2 certain (the first test shows the flaw is there: it stops at the first), and
 * 1,000 of ours are all good.
 */
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { ed25519Pair } from '../../../source/server/key-pair.ts';

const readable = (text: string) => !(ssh2.utils.parseKey(text) instanceof Error);

describe('ed25519Pair', () => {
  it('is needed: ssh2 alone makes private keys it cannot read back', () => {
    let bad = 0;
    for (let i = 0; i < 20_000 && bad === 0; i++) {
      if (!readable(ssh2.utils.generateKeyPairSync('ed25519').private)) bad++;
    }
    expect(bad).toBeGreaterThan(0);
  });

  it('hands out only pairs whose halves ssh2 reads back', () => {
    for (let i = 0; i < 1000; i++) {
      const pair = ed25519Pair();
      expect(readable(pair.private) && readable(pair.public)).toBe(true);
    }
  });
});
