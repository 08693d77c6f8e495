/**
 * Register snapshots for the registers pane: a plain copy of one environment's pc, hi, lo and
 * 32 general registers, read (never written) through the REPL's registersOf, and which of them
 * changed between two snapshots.
 */
import type { KernelView } from '../../../kernel/exo/inspector.ts';
import type { Exokernel } from '../../../kernel/exo/kernel.ts';
import { registersOf } from '../../repl/commands/inspect.ts';

export interface RegisterSnapshot {
  env: number;
  name: string;
  regs: number[];
  pc: number;
  hi: number;
  lo: number;
}

/** The environment the pane follows: the running one, else the last runnable, else the last. */
export function followedEnv(view: KernelView): number | null {
  if (view.current !== null) return view.current;
  const runnable = view.envs.filter((e) => e.state === 'runnable');
  return (runnable.at(-1) ?? view.envs.at(-1))?.id ?? null;
}

/** A copy of the registers of `env` (default: followedEnv), or null without one. */
export function readRegisters(
  kernel: Exokernel,
  view: KernelView,
  env = followedEnv(view),
): RegisterSnapshot | null {
  const target = env === null ? undefined : kernel.envs.get(env);
  if (target === undefined) return null;
  return { env: target.id, name: target.name, ...registersOf(kernel, target) };
}

/** Names of what changed ('pc', 'hi', 'lo' or a GPR number) since `previous` of the same env. */
export function changedRegisters(
  previous: RegisterSnapshot | null | undefined,
  current: RegisterSnapshot,
): Set<string | number> {
  const changed = new Set<string | number>();
  if (!previous || previous.env !== current.env) return changed;
  current.regs.forEach((v, i) => {
    if (previous.regs[i] !== v) changed.add(i);
  });
  for (const k of ['pc', 'hi', 'lo'] as const) if (previous[k] !== current[k]) changed.add(k);
  return changed;
}
