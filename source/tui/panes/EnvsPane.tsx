/**
 * The environments pane: one row per environment with its state, ASID, frames and slices held,
 * bindings, pc, and how it ended (exit code or abort reason) or what was repossessed from it;
 * environments with a pending revocation are marked `!`. Up/Down scroll when focused.
 */
import type { EnvView, KernelView } from '../../../kernel/exo/inspector.ts';
import { hex8 } from './format.ts';
import { bodySize, PaneFrame } from './PaneFrame.tsx';
import { type Column, type Row, Table } from './Table.tsx';
import { ownerColour } from './theme.ts';
import { useScroll } from './use-scroll.ts';

const COLUMNS: Column[] = [
  { title: ' id', width: 3, align: 'right' },
  { title: 'name', width: 10 },
  { title: 'state', width: 9 },
  { title: 'asid', width: 4, align: 'right' },
  { title: 'frm', width: 4, align: 'right' },
  { title: 'slc', width: 3, align: 'right' },
  { title: 'bnd', width: 4, align: 'right' },
  { title: 'pc', width: 8 },
  { title: 'status', width: 0 },
];

/** How an environment ended, or what the kernel took from it. */
export function envStatus(env: EnvView, revoking: boolean): string {
  const parts: string[] = [];
  if (env.exitCode !== null) parts.push(`exit ${env.exitCode}`);
  if (env.abortReason) parts.push(`aborted: ${env.abortReason}`);
  if (env.repossessed.length > 0) parts.push(`repossessed [${env.repossessed.join(',')}]`);
  if (revoking) parts.push('revocation pending');
  return parts.join('; ');
}

export function envRows(view: KernelView): Row[] {
  const slices = new Map(view.slices.envs.map((s) => [s.env, s.owned.length]));
  const revoking = new Set(view.revocations.pending.map((r) => r.env));
  return view.envs.map((env) => ({
    key: String(env.id),
    cells: [
      `${env.id === view.current ? '>' : revoking.has(env.id) ? '!' : ' '}${env.id}`,
      env.name,
      env.state,
      String(env.asid),
      String(env.frames.length),
      String(slices.get(env.id) ?? 0),
      String(env.bindings.length),
      hex8(env.pc),
      envStatus(env, revoking.has(env.id)),
    ],
    dim: env.state === 'exited' || env.state === 'aborted',
    bold: env.id === view.current,
    colour: ownerColour(env.id),
  }));
}

export interface EnvsPaneProps {
  view: KernelView;
  /** Outer size, border included. */
  width: number;
  height: number;
  focused?: boolean;
}

export function EnvsPane({ view, width, height, focused = false }: EnvsPaneProps) {
  const body = bodySize(width, height);
  const rows = envRows(view);
  const visible = Math.max(0, body.height - 1);
  const offset = useScroll(focused, rows.length, visible);
  const current = view.envs.find((e) => e.id === view.current);
  return (
    <PaneFrame
      title="Environments"
      summary={`${view.envs.length} · running ${current ? `${current.id} ${current.name}` : 'none'}`}
      width={width}
      height={height}
      focused={focused}
    >
      <Table columns={COLUMNS} rows={rows.slice(offset, offset + visible)} width={body.width} />
    </PaneFrame>
  );
}
