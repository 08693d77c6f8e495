/**
 * `slices`: the CPU's time-slice vector (DESIGN.md section 4, "CPU time") through the
 * scheduler's plain-data view: who owns and who runs each position, the current instance, an
 * end-of-slice deadline being waited for, and each environment's overruns and penalty debt.
 */
import { viewSlices } from '../../../kernel/exo/slice-view.ts';
import { type Command, said } from '../command.ts';
import { table } from '../format.ts';

const envName = (id: number | null) => (id === null ? '-' : `env ${id}`);

export const slicesCommand: Command = {
  name: 'slices',
  group: 'inspect',
  args: [],
  help: 'the time-slice vector: owner and runner of each position, the current one, overruns and penalties',
  example: 'slices',
  run(session) {
    const view = viewSlices(session.kernel.slices);
    const p = view.params;
    const lines = [
      `${p.count} slices of ${p.length} cycles; end-of-slice deadline ${p.deadline} cycles; ` +
        `penalty ${p.penalty} cycles; abort after ${p.overrunLimit} overruns`,
      view.position < 0
        ? 'the slice timer is off (no slice owned yet)'
        : `phase ${view.phase}, position ${view.position} (cycles ${view.startedAt}..${view.endsAt})`,
    ];
    if (view.saving) {
      lines.push(
        `env ${view.saving.env} is saving its context, deadline cycle ${view.saving.deadline}`,
      );
    }
    const rows = [['pos', 'owner', 'runner', '']];
    for (const pos of view.positions) {
      const mark = pos.position === view.position ? '<- now' : '';
      rows.push([String(pos.position), envName(pos.owner), envName(pos.runner), mark]);
    }
    lines.push(...table(rows));
    for (const e of view.envs) {
      lines.push(
        `env ${e.env}: owns ${e.owned.join(' ') || 'none'}; overruns ${e.overruns} in a row, ${e.totalOverruns} in all; debt ${e.debt} cycles`,
      );
    }
    return said(lines, view);
  },
};
