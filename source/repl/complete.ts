/**
 * Tab completion for the command language (DESIGN.md section 5: commands, arguments, env ids,
 * capability names; file names are the host's to complete, so a FILE argument only says so).
 * Pure: it reads the session's registry, environments, stored capabilities and labels.
 */
import { listLabs } from '../grader/labs.ts';
import { findWorkspace } from '../grader/workspace.ts';
import type { ArgKind, ArgSpec, Command } from './command.ts';
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
  const { positional, flagValue } = readWords(command, words.slice(1));
  if (flagValue !== undefined) {
    // The word after `--dir`, `--step` …: that flag's value.
    const kind = flagValue.kind ?? 'word';
    const candidates = valuesOf(session, kind, command, positional).filter((v) =>
      v.startsWith(prefix),
    );
    return { start, candidates: [...new Set(candidates)].sort(), kind };
  }
  if (prefix.startsWith('-')) {
    const flags = (command.flags ?? []).map((f) => f.name).filter((f) => f.startsWith(prefix));
    return { start, candidates: flags, kind: 'flag' };
  }
  const spec = command.args[Math.min(positional.length, command.args.length - 1)];
  if (spec === undefined || (positional.length >= command.args.length && !spec.rest)) return none;
  const values = spec.choices ?? valuesOf(session, spec.kind, command, positional);
  const candidates = values.filter((v) => v.startsWith(prefix));
  return { start, candidates: [...new Set(candidates)].sort(), kind: spec.kind };
}

/** The positional words typed so far, and the flag whose value comes next (if one does). */
function readWords(command: Command, words: string[]) {
  const positional: string[] = [];
  let flagValue: NonNullable<Command['flags']>[number] | undefined;
  for (const word of words) {
    if (flagValue !== undefined) flagValue = undefined;
    else if (/^-[^\d]/.test(word))
      flagValue = command.flags?.find((f) => f.name === word && f.value);
    else positional.push(word);
  }
  return { positional, flagValue };
}

/**
 * Every value an argument of `kind` could take that the session knows of; a step of the lab
 * named by the line's `lab` argument, or else of the workspace in the session's lab folder.
 */
function valuesOf(
  session: Session,
  kind: ArgKind,
  command?: Command,
  positional: string[] = [],
): string[] {
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
    case 'lab':
      return quietly(() => listLabs().map((l) => String(l.manifest.number)));
    case 'step':
      return quietly(() => stepsOf(session, command, positional));
    default:
      return [];
  }
}

/** The steps (ids and numbers) of the lab the line names, else of the workspace found. */
function stepsOf(session: Session, command: Command | undefined, positional: string[]): string[] {
  const index = command?.args.findIndex((a: ArgSpec) => a.kind === 'lab') ?? -1;
  const named = index >= 0 ? positional[index] : undefined;
  let number = named;
  if (number === undefined && session.lab !== null) {
    number = String(findWorkspace(session.lab.folder).state.number);
  }
  const lab = listLabs().find((l) => String(l.manifest.number) === String(Number(number)));
  return lab ? lab.manifest.steps.flatMap((s, i) => [s.id, String(i + 1)]) : [];
}

/** Completion never fails: a missing labs folder or workspace just offers nothing. */
function quietly(values: () => string[]): string[] {
  try {
    return values();
  } catch {
    return [];
  }
}
