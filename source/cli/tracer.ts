/**
 * `--trace`: steps the machine one instruction at a time and prints each executed instruction
 * (its pc and disassembly, as BareSession.disassembleAt formats them) on stderr, batched so printing does not dominate the run.
 */
import type { BareSession } from '../../kernel/bare/index.ts';
import type { RunResult } from '../../machine/machine.ts';

const FLUSH_LINES = 1024;

export class Tracer {
  constructor(private readonly session: BareSession) {}

  /** Executes at most `count` instructions, printing each; stops early like Machine.run. */
  run(count: number): RunResult {
    const machine = this.session.machine;
    const before = machine.clock.cycles;
    let lines: string[] = [];
    let result: RunResult = { reason: 'budget', cycles: 0 };
    for (let i = 0; i < count; i++) {
      lines.push(this.session.disassembleAt(machine.cpu.pc));
      if (lines.length >= FLUSH_LINES) {
        process.stderr.write(`${lines.join('\n')}\n`);
        lines = [];
      }
      result = machine.step();
      if (result.reason !== 'budget') break;
    }
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
    return { reason: result.reason, cycles: machine.clock.cycles - before };
  }
}
