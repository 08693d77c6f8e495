// DirectoryFileHost: the guest's files (syscalls 13–16) stay inside one directory.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { DirectoryFileHost } from '../../source/cli/file-host.ts';

let outside: string;
let root: string;
let host: DirectoryFileHost;
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | number) => new TextDecoder().decode(data as Uint8Array);

beforeEach(() => {
  outside = mkdtempSync(join(tmpdir(), 'exolab-files-'));
  root = join(outside, 'work');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  host = new DirectoryFileHost(root);
});

afterEach(() => rmSync(outside, { recursive: true, force: true }));

test('write-create-truncate, append and read back, with SPIM flags 1, 9 and 0', () => {
  const w = host.open('sub/log.txt', 1, 0);
  expect(w).toBeGreaterThanOrEqual(3);
  expect(host.write(w, bytes('one\n'))).toBe(4);
  expect(host.close(w)).toBe(0);
  const a = host.open('sub/log.txt', 9, 0);
  expect(host.write(a, bytes('two\n'))).toBe(4);
  host.close(a);
  expect(readFileSync(join(root, 'sub/log.txt'), 'utf8')).toBe('one\ntwo\n');
  const r = host.open('sub/log.txt', 0, 0);
  expect(text(host.read(r, 5))).toBe('one\nt');
  expect(text(host.read(r, 100))).toBe('wo\n');
  expect(host.read(r, 100)).toEqual(new Uint8Array(0));
  expect(host.write(r, bytes('x'))).toBe(-1);
  expect(host.close(r)).toBe(0);
  expect(host.close(r)).toBe(-1);
});

test('paths that leave the directory, unknown flags and missing files give -1', () => {
  expect(host.open(join(outside, 'secret.txt'), 0, 0)).toBe(-1);
  expect(host.open('../secret.txt', 0, 0)).toBe(-1);
  expect(host.open('sub/../../secret.txt', 0, 0)).toBe(-1);
  expect(host.open('../escape.txt', 1, 0)).toBe(-1);
  expect(host.open('sub', 0, 0)).toBe(-1);
  expect(host.open('missing.txt', 0, 0)).toBe(-1);
  expect(host.open('new.txt', 2, 0)).toBe(-1);
  expect(host.read(42, 10)).toBe(-1);
});

test('a symbolic link that points outside is refused', () => {
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
  expect(host.open('link.txt', 0, 0)).toBe(-1);
});
