/**
 * The registers pane: pc, hi and lo and the 32 general registers by ABI name of one environment
 * (the running one by default), in as many columns as fit; registers changed since the previous
 * snapshot are marked `*` and coloured. Up/Down scroll when the pane is too short and focused.
 */
import { Text } from 'ink';
import { GPR_NAMES } from '../../../machine/isa/registers.ts';
import { clip, hex8 } from './format.ts';
import { bodySize, PaneFrame } from './PaneFrame.tsx';
import { changedRegisters, type RegisterSnapshot } from './registers.ts';
import { mergeRuns } from './runs.ts';
import { CHANGED, CHANGED_COLOUR } from './theme.ts';
import { usePrevious } from './use-previous.ts';
import { useScroll } from './use-scroll.ts';

const CELL = 14;
const GAP = '  ';

/** Register columns that fit `width`: 8, 4, 2 or 1 (so 32 registers fill whole rows). */
export function registerColumns(width: number): number {
  return [8, 4, 2].find((n) => n * CELL + (n - 1) * GAP.length <= width) ?? 1;
}

/** `*  s0 0000002a`: a register as a CELL-wide cell, marked when changed. */
const regCell = (name: string, value: number, changed: boolean) =>
  `${changed ? CHANGED : ' '}${name.padStart(4)} ${hex8(value)}`;

function Reg({ name, value, changed }: { name: string; value: number; changed: boolean }) {
  return (
    <Text bold={changed} color={changed ? CHANGED_COLOUR : undefined}>
      {regCell(name, value, changed)}
    </Text>
  );
}

export interface RegistersPaneProps {
  /** A snapshot from readRegisters(kernel, view), or null when there is no environment. */
  registers: RegisterSnapshot | null;
  /** Changes when the machine has moved (the cycle count); a new key makes the old snapshot the comparison point. */
  stamp: number;
  /** Outer size, border included. */
  width: number;
  height: number;
  focused?: boolean;
}

export function RegistersPane({ registers, stamp, width, height, focused }: RegistersPaneProps) {
  const previous = usePrevious(registers, stamp);
  const body = bodySize(width, height);
  const columns = registerColumns(body.width);
  const rows = 32 / columns;
  const visible = Math.max(0, body.height - 1);
  const offset = useScroll(Boolean(focused), rows, visible);
  const frame = { title: 'Registers', width, height, focused };
  if (registers === null) {
    return (
      <PaneFrame {...frame}>
        <Text dimColor>{clip('no environment', body.width)}</Text>
      </PaneFrame>
    );
  }
  const changed = changedRegisters(previous, registers);
  const special = (['pc', 'hi', 'lo'] as const).map((k) => (
    <Text key={k}>
      {' '}
      <Reg name={k} value={registers[k]} changed={changed.has(k)} />
    </Text>
  ));
  return (
    <PaneFrame
      {...frame}
      summary={`env ${registers.env} ${registers.name}, ${changed.size} changed`}
    >
      <Text wrap="truncate">{body.width >= 3 * (CELL + 1) ? special : special[0]}</Text>
      {Array.from({ length: Math.min(rows - offset, visible) }, (_, i) => offset + i).map((row) => (
        <Text key={GPR_NAMES[row]} wrap="truncate">
          {mergeRuns(
            Array.from({ length: columns }, (_, col) => {
              const n = col * rows + row;
              return {
                text:
                  (col > 0 ? GAP : '') + regCell(GPR_NAMES[n], registers.regs[n], changed.has(n)),
                style: changed.has(n) ? 'changed' : 'same',
              };
            }),
          ).map((run) => (
            <Text
              key={run.at}
              bold={run.style === 'changed'}
              color={run.style === 'changed' ? CHANGED_COLOUR : undefined}
            >
              {run.text}
            </Text>
          ))}
        </Text>
      ))}
    </PaneFrame>
  );
}
