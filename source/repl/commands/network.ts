/**
 * Packet filters and the network, from the REPL: assemble a filter into the chosen
 * environment's memory (its own bindings, as the program itself could write it) for
 * filter_install, list the filters the kernel holds, and make a packet arrive at the network
 * interface. Installing, removing and receiving are kernel calls (filter_install, net_recv …).
 */
import {
  assembleFilter,
  describeClaim,
  disassembleFilter,
  encodeProgram,
} from '../../../kernel/filter/index.ts';
import { NET_MTU } from '../../../machine/devices/net.ts';
import { type Command, CommandError, said } from '../command.ts';
import { hex8, table } from '../format.ts';

/** Delay before an injected packet arrives, so a `run` right after receives it. */
const ARRIVAL_DELAY = 100;

const filterWrite: Command = {
  name: 'filter-write',
  group: 'network',
  args: [
    { name: 'ADDR', kind: 'address' },
    { name: 'SOURCE', kind: 'word', rest: true },
  ],
  help: 'assembles a packet filter (statements separated by `;`) and writes its words at ADDR in the chosen environment, for filter_install',
  example: 'filter-write 0x20000000 "ldh [12]; jeq #0x0800, accept, reject"',
  run(session, { values: [addr, words] }) {
    const env = session.actingEnv();
    const source = (words as string[]).join(' ');
    const assembled = assembleFilter(source);
    if (!assembled.ok) {
      throw new CommandError(`filter source: ${assembled.errors.map((e) => e.text).join('; ')}`);
    }
    const encoded = encodeProgram(assembled.program);
    const bytes = new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
    const api = session.kernel.calls.apiFor(env);
    if (!api.writeBytes(addr as number, bytes)) {
      throw new CommandError(
        `env ${env.id} has no writable binding for ${hex8(addr as number)}..+${bytes.length}`,
      );
    }
    const listing = disassembleFilter(assembled.program).trimEnd().split('\n');
    return said(
      [
        ...listing.map((l) => `  ${l}`),
        `${encoded.length} words at ${hex8(addr as number)}: filter_install ${hex8(addr as number)} ${encoded.length} MIN_LENGTH`,
      ],
      { address: addr, words: Array.from(encoded), instructions: assembled.program.length },
    );
  },
};

/** Reads `OFFSET=HEXBYTES` settings into a packet of `length` zero bytes. */
function packetOf(length: number, settings: string[]): Uint8Array {
  const packet = new Uint8Array(length);
  for (const setting of settings) {
    const match = /^(\d+|0x[0-9a-f]+)=((?:[0-9a-f]{2})+)$/i.exec(setting);
    if (!match) {
      throw new CommandError(`\`${setting}\` is not OFFSET=HEXBYTES (e.g. 12=0800)`, true);
    }
    const offset = Number(match[1]);
    const bytes = match[2].match(/../g)!.map((h) => Number.parseInt(h, 16));
    if (offset + bytes.length > length) {
      throw new CommandError(`\`${setting}\` runs past the packet's ${length} bytes`, true);
    }
    packet.set(bytes, offset);
  }
  return packet;
}

const packet: Command = {
  name: 'packet',
  group: 'network',
  args: [
    { name: 'LEN', kind: 'count' },
    { name: 'OFFSET=BYTES', kind: 'word', rest: true, optional: true },
  ],
  help: `a packet of LEN zero bytes (at most ${NET_MTU}), with the given hex bytes set, arrives at the network interface; run to deliver it`,
  example: 'packet 64 12=0800 23=11',
  run(session, { values: [len, settings] }) {
    const length = len as number;
    if (length < 1 || length > NET_MTU) {
      throw new CommandError(`LEN \`${length}\` is not 1..${NET_MTU}`, true);
    }
    const bytes = packetOf(length, (settings as string[] | undefined) ?? []);
    const at = session.kernel.cycles + ARRIVAL_DELAY;
    session.kernel.machine.net.inject(bytes, at);
    return said(`a packet of ${length} bytes arrives at cycle ${at}; \`run\` to deliver it`, {
      at,
      length,
    });
  },
};

const filters: Command = {
  name: 'filters',
  group: 'network',
  args: [],
  help: 'the packet filters installed: id, owner, instructions and the traffic each claims',
  example: 'filters',
  run(session) {
    const views = session.kernel.net.filters.list().map((f) => ({
      id: f.id,
      owner: f.owner,
      instructions: f.filter.program.length,
      minLength: f.filter.minLength,
      claim: describeClaim(f.claim),
    }));
    if (views.length === 0) return said('no filters installed', []);
    const rows = [['id', 'owner', 'insns', 'claims']];
    for (const f of views)
      rows.push([String(f.id), `env ${f.owner}`, String(f.instructions), f.claim]);
    return said(table(rows), views);
  },
};

export const networkCommands: Command[] = [filterWrite, packet, filters];
