/**
 * `exolab serve` started as a child process of its own on a free local port, for callers that
 * need the real server from outside (`exolab bench server`, the server's fault tests). The
 * promise resolves with the port once the server says it listens, and rejects with the end of
 * its stderr if it stops before that; the child is handed back at once so the caller can always
 * stop it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/exolab.js', import.meta.url));

/** Runs `exolab serve --data dataDir --port 0 --host 127.0.0.1 ...extraArgs`. */
export function spawnServe(
  dataDir: string,
  extraArgs: string[],
): { child: ChildProcess; listening: Promise<number> } {
  const args = [BIN, 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'];
  const child = spawn(process.execPath, [...args, ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const listening = new Promise<number>((resolve, reject) => {
    let text = '';
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on port (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`exolab serve stopped (${code}): ${text.slice(-300)}`)),
    );
  });
  return { child, listening };
}
