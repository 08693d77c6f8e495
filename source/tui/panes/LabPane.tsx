/**
 * The lab pane: the lab this shell's workspace holds, the step to work on with its
 * instructions (from the lab's README) and hint, and the last grade step by step — what
 * `exolab lab status` and `exolab grade` say, kept on screen. Up/Down scroll when focused.
 */
import { Box, Text } from 'ink';
import { wrapLine } from '../wrap.ts';
import { clip } from './format.ts';
import type { LabPaneState } from './lab-status.ts';
import { bodySize, PaneFrame } from './PaneFrame.tsx';
import { FOCUS_COLOUR } from './theme.ts';
import { useScroll } from './use-scroll.ts';

export interface LabPaneProps {
  /** The workspace's lab state (useLabStatus, or given by a test). */
  lab: LabPaneState;
  /** Outer size, border included. */
  width: number;
  height: number;
  focused?: boolean;
}

interface Line {
  text: string;
  bold?: boolean;
  dim?: boolean;
  colour?: string;
}

/** The pane's lines at `width` columns (wrapped paragraphs). */
export function labLines(lab: LabPaneState, width: number): (Line & { row: number })[] {
  return buildLines(lab, width).map((l, row) => ({ ...l, row }));
}

function buildLines(lab: LabPaneState, width: number): Line[] {
  const para = (text: string, style: Omit<Line, 'text'> = {}) =>
    wrapLine(text, Math.max(1, width)).map((t) => ({ text: t, ...style }));
  if (lab.kind === 'none') {
    return [
      ...para(
        'No lab workspace here. Start one with `exolab lab start N` (or `lab start N` on the line), then grade with `exolab grade`.',
      ),
      { text: '' },
      ...lab.labs.map((l) => ({ text: `  ${l}`, dim: true })),
    ];
  }
  const lines: Line[] = [];
  if (lab.current === null) {
    lines.push({ text: 'All steps have full marks.', bold: true, colour: 'green' });
  } else {
    const step = lab.steps[lab.current]!;
    lines.push(
      ...para(`Step ${step.number}/${lab.steps.length}: ${step.title}`, {
        bold: true,
        colour: FOCUS_COLOUR,
      }),
    );
    lines.push(...para(lab.instructions));
    if (lab.hint) lines.push({ text: '' }, ...para(`Hint: ${lab.hint}`, { dim: true }));
  }
  lines.push({ text: '' });
  lines.push({
    text: lab.lastGrade
      ? `Last grade: ${lab.lastGrade.score}/${lab.lastGrade.maxScore}`
      : 'Not graded yet: `grade` here, or `exolab grade`',
    bold: true,
  });
  for (const s of lab.steps) {
    const mark = s.points === null ? ' ' : s.points === s.maxPoints ? '✓' : '✗';
    const pts = s.points === null ? `-/${s.maxPoints}` : `${s.points}/${s.maxPoints}`;
    lines.push({
      text: `${mark} ${s.number} ${pts.padStart(5)}  ${s.title}`,
      colour: s.points === null ? undefined : s.points === s.maxPoints ? 'green' : 'red',
      bold: lab.current === s.number - 1,
    });
  }
  return lines;
}

export function LabPane({ lab, width, height, focused = false }: LabPaneProps) {
  const body = bodySize(width, height);
  const lines = labLines(lab, body.width);
  const offset = useScroll(focused, lines.length, body.height);
  const summary =
    lab.kind === 'lab'
      ? `${lab.number} ${lab.title}${lab.lastGrade ? ` · ${lab.lastGrade.score}/${lab.lastGrade.maxScore}` : ''}`
      : 'none';
  return (
    <PaneFrame title="Lab" summary={summary} width={width} height={height} focused={focused}>
      <Box flexDirection="column">
        {lines.slice(offset, offset + body.height).map((l) => (
          <Text key={l.row} bold={l.bold} dimColor={l.dim} color={l.colour} wrap="truncate">
            {clip(l.text, body.width) || ' '}
          </Text>
        ))}
      </Box>
    </PaneFrame>
  );
}
