/**
 * Tab completion for the command language (DESIGN.md section 5: commands, arguments, env ids,
 * capability names; file names are the host's to complete, so a FILE argument only says so).
 * Pure: it reads the session's registry, environments, stored capabilities and labels.
 */
import type { ArgKind } from './command.ts';
import type { Session } from './session.ts';

export interface Completion {
  /** Index in the line where the word being completed starts. */
  start: number;
  /** Whole words that may replace line[start, cursor), sorted. */
  candidates: string[];
  /** What the word is: a command name, an argument kind, a flag; null when nothing fits. */
  kind: ArgKind | 'flag' | null;
}

/** Candidates for the word ending at `cursor` (default: the end of the line). */
export function complete(session: Session, line: string, cursor = line.length): Completion {
  const before = line.slice(0, cursor);
  const start = before.search(/\S*$/);
  const prefix = before.slice(start);
  const none: Completion = { start, candidates: [], kind: null };
  if (/["'#]/.test(before)) return none;
  const words = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
  // `! [E_CODE]` and `expect-fail [E_CODE]` come before the command itself.
  while (words.length > 0 && /^(!|expect-fail|E_[A-Z]+)$/.test(words[0])) words.shift();
  if (words[0]?.startsWith('!')) words[0] = words[0].slice(1);
  if (words.length === 0) {
    const bang = prefix.startsWith('!') ? '!' : '';
    const names = session.registry.complete(prefix.slice(bang.length)).map((n) => bang + n);
    return { start, candidates: names.sort(), kind: 'command' };
  }
  const command = session.registry.get(words[0]);
  if (command === undefined) return none;
  if (prefix.startsWith('-')) {
    const flags = (command.flags ?? []).map((f) => f.name).filter((f) => f.startsWith(prefix));
    return { start, candidates: flags, kind: 'flag' };
  }
  const positional = words.slice(1).filter((w) => !/^-[^\d]/.test(w)).length;
  const spec = command.args[Math.min(positional, command.args.length - 1)];
  if (spec === undefined || (positional >= command.args.length && !spec.rest)) return none;
  const candidates = valuesOf(session, spec.kind).filter((v) => v.startsWith(prefix));
  return { start, candidates: [...new Set(candidates)].sort(), kind: spec.kind };
}

/** Every value an argument of `kind` could take that the session knows of. */
function valuesOf(session: Session, kind: ArgKind): string[] {
  const live = [...session.kernel.envs.values()].filter((e) => e.state === 'runnable');
  switch (kind) {
    case 'env':
    case 'envid':
      return live.flatMap((e) => [e.name, String(e.id)]);
    case 'cap':
      return [...session.caps.keys()];
    case 'address':
      return [...session.symbols.keys()].filter((name) => !name.startsWith('.'));
    case 'command':
      return session.registry.all().map((c) => c.name);
    case 'rights':
      return ['r', 'rw', 'rwg', 'rg', 'w', 'wg', 'g', '-'];
    default:
      return [];
  }
}
