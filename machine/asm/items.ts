/**
 * What pass 1 records and pass 2 encodes: instructions (already expanded to real operations) and
 * data, each at a fixed address in a segment, with the source position for messages and for the
 * address -> line map.
 */

import type { DataValue, SegmentKind } from './directives.ts';
import type { MachineOp } from './ops.ts';

export interface Where {
  file: string;
  line: number;
  col: number;
}

export type Item =
  | { kind: 'inst'; seg: SegmentKind; address: number; ops: MachineOp[]; where: Where }
  | { kind: 'values'; seg: SegmentKind; address: number; values: DataValue[]; where: Where }
  | { kind: 'bytes'; seg: SegmentKind; address: number; bytes: number[]; where: Where };
