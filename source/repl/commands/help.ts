/**
 * `help` lists every command by group with its form, what it does and an example; `help CMD`
 * tells one command in full. `expect-fail` (or a leading `!`) is handled by the session itself
 * and listed here so that help tells of it.
 */
import { type Command, CommandError, type CommandGroup, formOf, said } from '../command.ts';

const GROUP_TITLES: Record<CommandGroup, string> = {
  'kernel call': 'Kernel calls (made on behalf of the chosen environment, with its capabilities)',
  kernel: "The kernel's own actions (what the kernel does to environments, not a call they make)",
  environments: 'Environments',
  network: 'Packet filters and the network',
  inspect: 'Inspection',
  execute: 'Execution',
  lab: 'Labs (your graded lab: start it, grade it, hand it in; `exolab lab`/`exolab grade` outside)',
  session: 'Session',
};

function describe(command: Command): string[] {
  return [`  ${formOf(command)}`, `      ${command.help}`, `      e.g. ${command.example}`];
}

const help: Command = {
  name: 'help',
  group: 'session',
  args: [{ name: 'CMD', kind: 'command', optional: true }],
  help: 'lists every command with its form and an example; with CMD, that command in full',
  example: 'help bind',
  run(session, { values: [name] }) {
    const registry = session.registry;
    if (name !== undefined) {
      const command = registry.get(name as string);
      if (command === undefined) {
        const close = registry.closest(name as string);
        const hint = close ? `; did you mean \`${close}\`?` : '';
        throw new CommandError(`no command \`${name}\`${hint}`);
      }
      const lines = [formOf(command), `  ${command.help}`];
      for (const flag of command.flags ?? []) lines.push(`  ${flag.name}  ${flag.help}`);
      lines.push(`  e.g. ${command.example}`);
      return said(lines, commandData(command));
    }
    const lines = [
      'Numbers are decimal or 0x hex; capabilities are $c1, $c2 … or typed as cap:frame:…;',
      'ENV is an id or a name; `#` starts a comment; `!` before a command means it must fail.',
    ];
    for (const group of Object.keys(GROUP_TITLES) as CommandGroup[]) {
      const members = registry.all().filter((c) => c.group === group);
      if (members.length === 0) continue;
      lines.push('', GROUP_TITLES[group], ...members.flatMap(describe));
    }
    return said(lines, registry.all().map(commandData));
  },
};

function commandData(command: Command) {
  return {
    name: command.name,
    group: command.group,
    form: formOf(command),
    help: command.help,
    example: command.example,
    args: command.args,
    flags: command.flags ?? [],
  };
}

const expectFail: Command = {
  name: 'expect-fail',
  group: 'session',
  args: [],
  form: 'expect-fail [E_CODE] COMMAND [ARGS…]   (or: ! [E_CODE] COMMAND [ARGS…])',
  help: 'runs COMMAND, which must fail (with error E_CODE if given); a script stops if it does not',
  example: '! E_BADCAP bind 0x20001000 cap:frame:300:rw:e0:0123456789abcdef 1',
  run() {
    // The session strips `expect-fail` before looking commands up; reaching here means bare.
    throw new CommandError('missing COMMAND', true);
  },
};

export const sessionCommands: Command[] = [help, expectFail];
