/**
 * One command per kernel call, made from the kernel's own table (kernel/exo/calls.ts), so a call
 * added there is a command here with no further work. Arguments are typed in the table's order
 * (capability results are not typed: they come back, are printed and stored as `$cN`). The call
 * is made on behalf of the chosen environment through kernel.calls.call, with every check a
 * program would meet; a refusal reads `bind: E_RIGHTS (capability lacks the rights needed)`.
 */
import { type Capability, formatCapability } from '../../../kernel/caps/index.ts';
import { CALLS, type CallSpec } from '../../../kernel/exo/calls.ts';
import { describeError, ERROR_NAMES } from '../../../kernel/exo/errors.ts';
import { type ArgSpec, type Command, CommandError } from '../command.ts';
import type { Session } from '../session.ts';

/** Sample values for the examples in `help`, by argument name. */
const SAMPLES: Record<string, string> = {
  vaddr: '0x20000000',
  buf: '0x20000000',
  pc: '0x00400000',
  save_area: '0x20000f00',
  writable: '1',
  rights: 'r',
  len: '16',
  line: '1',
  code: '0',
  position: '-1',
  mode: '0',
};

/** How the language reads a kernel-call argument, from its kind and name. */
function argSpecOf(arg: CallSpec['args'][number]): ArgSpec {
  const name = arg.name.toUpperCase();
  if (arg.kind === 'cap') return { name, kind: 'cap' };
  if (arg.name === 'rights') return { name, kind: 'rights' };
  if (/env|target|callee/.test(arg.name)) return { name, kind: 'envid' };
  if (/addr|buf|pc|area|entry/.test(arg.name)) return { name, kind: 'address' };
  return { name, kind: 'int' };
}

function sampleOf(arg: CallSpec['args'][number], capsSeen: number): string {
  if (arg.kind === 'cap') return `$c${capsSeen}`;
  if (SAMPLES[arg.name] !== undefined) return SAMPLES[arg.name];
  if (/env|target|callee/.test(arg.name)) return '2';
  return /addr|buf|pc|area|entry/.test(arg.name) ? '0x00400000' : '0';
}

/** The command for one kernel call. */
export function kernelCallCommand(spec: CallSpec): Command {
  const inputs = spec.args.filter((a) => a.kind !== 'capOut');
  let capsSeen = 0;
  const example = [spec.name, ...inputs.map((a) => sampleOf(a, a.kind === 'cap' ? ++capsSeen : 0))];
  return {
    name: spec.name,
    group: 'kernel call',
    args: inputs.map(argSpecOf),
    help: `kernel call ${hexNumber(spec.number)}: ${spec.doc}`,
    example: example.join(' '),
    run: (session, parsed) => makeCall(session, spec, parsed.values as (number | Capability)[]),
  };
}

function makeCall(session: Session, spec: CallSpec, args: (number | Capability)[]) {
  const env = session.actingEnv();
  const result = session.kernel.calls.call(env, spec.name, args);
  if (result.error !== 0) throw new CommandError(describeError(result.error));
  const lines: string[] = [];
  // "returns its number and a capability" has a value to show; "returns a copy of cap" not.
  const returnsValue = /\breturns\b/.test(spec.doc) && !/\breturns a copy\b/.test(spec.doc);
  if (returnsValue) {
    lines.push(`= ${result.value}`);
  }
  let stored: string | undefined;
  if (result.cap !== undefined) {
    stored = session.storeCap(result.cap);
    lines.push(`${stored} = ${formatCapability(result.cap)}`);
  }
  if (lines.length === 0) lines.push('ok');
  return {
    lines,
    data: {
      call: spec.name,
      env: env.id,
      value: result.value,
      error: ERROR_NAMES[result.error],
      ...(result.cap ? { cap: formatCapability(result.cap), stored } : {}),
    },
  };
}

const hexNumber = (n: number) => `0x${n.toString(16)}`;

/** Every kernel call in the kernel's table, as commands. */
export function kernelCallCommands(): Command[] {
  return CALLS.map(kernelCallCommand);
}
