/**
 * Running the real `exolab` command in a subprocess (`node bin/exolab.js …`), as a user would,
 * from a temporary directory that the tests may fill with files and that is removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const BIN = new URL('../../bin/exolab.js', import.meta.url).pathname;

export interface ExolabResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A temporary working directory for one test file, and ways to use it. */
export function exolabWorkspace(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    /** Runs `exolab ARGS` there with `input` on stdin (CI set, colour off). */
    exolab(args: string[], input = '', timeout = 60_000): ExolabResult {
      const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd: dir,
        env: { ...process.env, CI: 'true', NO_COLOR: '1' },
        input,
        encoding: 'utf8',
        timeout,
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    /** Writes a file into the workspace and returns its name. */
    file(name: string, text: string): string {
      writeFileSync(join(dir, name), text);
      return name;
    },
  };
}
