/**
 * The command registry: every command of the language by name, in the order `help` lists them,
 * and the closest known name for a typo (so `frme_alloc` answers "did you mean `frame_alloc`?").
 * A completer reads the same registry: names, argument kinds and flags.
 */
import type { Command } from './command.ts';

export class Registry {
  private readonly byName = new Map<string, Command>();

  constructor(commands: Iterable<Command> = []) {
    for (const command of commands) this.add(command);
  }

  /** Adds `command`; a second command of the same name is a bug. */
  add(command: Command): void {
    if (this.byName.has(command.name)) {
      throw new Error(`Registry.add: command \`${command.name}\` defined twice`);
    }
    this.byName.set(command.name, command);
  }

  get(name: string): Command | undefined {
    return this.byName.get(name);
  }

  /** Every command in the order added. */
  all(): Command[] {
    return [...this.byName.values()];
  }

  /** Command names starting with `prefix` (for completion). */
  complete(prefix: string): string[] {
    return this.all()
      .map((c) => c.name)
      .filter((n) => n.startsWith(prefix));
  }

  /** The known name closest to `name`, if any is close enough to be a likely typo. */
  closest(name: string): string | undefined {
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const known of this.byName.keys()) {
      const d = known.startsWith(name) && name.length >= 2 ? 0.5 : editDistance(name, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    const limit = Math.max(2, Math.floor(name.length / 3));
    return bestDistance <= limit ? best : undefined;
  }
}

/** Levenshtein distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost));
    }
    previous = row;
  }
  return previous[b.length];
}
