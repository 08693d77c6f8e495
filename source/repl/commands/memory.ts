/**
 * `mem ADDR LEN`: a hex and ASCII dump of memory as the chosen environment sees it, through its
 * own secure bindings (a page it has not bound shows as `--`), or of physical memory with `-p`.
 */
import { envPhysical } from '../../../kernel/exo/guest-memory.ts';
import { type Command, CommandError, said } from '../command.ts';
import { hex8 } from '../format.ts';

const ROW = 16;
const MAX_LEN = 4096;
const DEFAULT_LEN = 64;

export const memCommand: Command = {
  name: 'mem',
  group: 'inspect',
  args: [
    { name: 'ADDR', kind: 'address' },
    { name: 'LEN', kind: 'count', optional: true },
  ],
  flags: [{ name: '-p', help: 'ADDR is a physical address' }],
  help: `dumps LEN bytes (default ${DEFAULT_LEN}, at most ${MAX_LEN}) at ADDR through the chosen environment's bindings; -p: physical`,
  example: 'mem 0x20000000 32',
  run(session, { values: [addr, len], flags }) {
    const start = (addr as number) >>> 0;
    const length = (len as number | undefined) ?? DEFAULT_LEN;
    if (length > MAX_LEN) throw new CommandError(`LEN \`${length}\` is more than ${MAX_LEN}`, true);
    const memory = session.kernel.machine.memory;
    const physical = flags.has('-p');
    const env = physical ? null : session.actingEnv();
    /** Physical address of byte `a`, or -1 where the environment has no binding. */
    const where = (a: number) => {
      if (env === null) return a < memory.size ? a : -1;
      return envPhysical(memory, env, a | 0, false);
    };
    const bytes: (number | null)[] = [];
    for (let i = 0; i < length; i++) {
      const p = where((start + i) >>> 0);
      bytes.push(p < 0 ? null : memory.u8[p]);
    }
    const lines: string[] = [];
    for (let row = 0; row < length; row += ROW) {
      const chunk = bytes.slice(row, row + ROW);
      const hexes = chunk.map((b) => (b === null ? '--' : b.toString(16).padStart(2, '0')));
      const text = chunk.map((b) =>
        b === null ? ' ' : b >= 32 && b < 127 ? String.fromCharCode(b) : '.',
      );
      lines.push(
        `${hex8(start + row)}  ${hexes.join(' ').padEnd(ROW * 3 - 1)}  |${text.join('')}|`,
      );
    }
    if (bytes.every((b) => b === null) && length > 0) {
      lines.push(
        env ? `(env ${env.id} has no binding for these addresses)` : '(beyond physical memory)',
      );
    }
    return said(lines, { address: start, physical, bytes });
  },
};
