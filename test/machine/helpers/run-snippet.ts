/**
 * Test helpers that run small MIPS programs on the machine.
 *
 * runUser: a user-mode snippet as a SPIM program (`main:` + snippet + exit) through bare mode,
 * with SPIM syscalls and the default exception handler; returns registers and console output.
 *
 * runKernel: kernel-mode code assembled with assemble() and written straight into physical
 * memory (kseg0 = physical + 0x80000000). The source brings its own vectors (.ktext 0x80000000
 * for UTLB refill, .ktext 0x80000080 for everything else). The machine runs until the PC
 * reaches the label `done` (a `done: b done` loop) or the cycle budget runs out.
 */
import { expect } from 'vitest';
import { loadBareProgram } from '../../../kernel/bare/index.ts';
import { assemble, formatAssemblyError } from '../../../machine/asm/index.ts';
import { GPR_NAMES, type GprName } from '../../../machine/isa/registers.ts';
import { Machine } from '../../../machine/machine.ts';

/** MIPS register names in number order, for tables keyed by name. */
export const REG_NAMES = GPR_NAMES;
export type RegName = GprName;

export interface SnippetResult {
  /** General registers as signed 32-bit values, by name. */
  regs: Record<RegName, number>;
  hi: number;
  lo: number;
  output: string;
  exitCode: number | null;
  symbols: Map<string, number>;
  machine: Machine;
}

function namedRegs(regs: Int32Array): Record<RegName, number> {
  const out = {} as Record<RegName, number>;
  REG_NAMES.forEach((n, i) => {
    out[n] = regs[i];
  });
  return out;
}

/**
 * Runs `snippet` in user mode as the body of `main` (followed by exit). `data` goes in .data.
 * The snippet must not disturb $v0 before the final exit unless it exits itself.
 */
export function runUser(snippet: string, data = '', cycles = 100_000): SnippetResult {
  const text = `        .data\n${data}\n        .text\n        .globl main\nmain:\n${snippet}\n        .set reorder\n        li $v0, 10\n        syscall\n`;
  return runUserProgram(text, cycles);
}

/** Runs a whole SPIM program in bare mode and returns its state when it stopped. */
export function runUserProgram(text: string, cycles = 100_000): SnippetResult {
  let output = '';
  const loaded = loadBareProgram(
    { name: 'snippet.s', bytes: new TextEncoder().encode(text) },
    {
      output: {
        write(b) {
          output += typeof b === 'string' ? b : new TextDecoder().decode(b);
        },
      },
      diagnostics: { write() {} },
    },
  );
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const { session } = loaded;
  // Registers are captured before exit changes nothing but $v0, so the snapshot is after run.
  session.run(cycles);
  const m = session.machine;
  return {
    regs: namedRegs(m.cpu.regs),
    hi: m.cpu.hi,
    lo: m.cpu.lo,
    output,
    exitCode: session.exitCode,
    symbols: session.symbols,
    machine: m,
  };
}

export interface KernelResult {
  regs: Record<RegName, number>;
  hi: number;
  lo: number;
  machine: Machine;
  symbols: Map<string, number>;
  /** True when the PC reached `done` within the budget. */
  done: boolean;
}

/**
 * Assembles `source` (which must contain `.ktext` sections, vectors, a `start` label and a
 * `done` label) and runs it in kernel mode from `start` until the PC sits at `done`.
 */
export function runKernel(
  source: string,
  cycles = 20_000,
  memoryBytes = 4 * 1024 * 1024,
): KernelResult {
  const result = assemble({ name: 'kernel.s', text: source });
  if (!result.ok) throw new Error(result.errors.map(formatAssemblyError).join('\n'));
  const machine = new Machine({ memoryBytes });
  for (const s of result.segments) {
    expect(s.address >>> 0, `segment ${s.kind} must be in kseg0`).toBeGreaterThanOrEqual(
      0x80000000,
    );
    machine.memory.writeBytes((s.address >>> 0) - 0x80000000, s.bytes);
  }
  const start = result.symbols.get('start');
  const done = result.symbols.get('done');
  if (start === undefined || done === undefined)
    throw new Error('kernel source needs start and done');
  machine.reset(start | 0);
  let reached = false;
  for (let spent = 0; spent < cycles && !reached; spent++) {
    machine.step();
    reached = machine.cpu.pc >>> 0 === done >>> 0;
  }
  return {
    regs: namedRegs(machine.cpu.regs),
    hi: machine.cpu.hi,
    lo: machine.cpu.lo,
    machine,
    symbols: result.symbols,
    done: reached,
  };
}

/**
 * Default handlers for kernel tests: both vectors record $k1 = 1 (UTLB) or 2 (general),
 * $s5 = EPC, $s6 = Cause, $s7 = BadVAddr, $s4 = Status, and stop at `done`.
 */
export const RECORDING_VECTORS = `
        .ktext 0x80000000
utlb:   li    $k1, 1              # k1 = 1: came through the UTLB vector
        j     record
        nop
        .ktext 0x80000080
general: li   $k1, 2              # k1 = 2: came through the general vector
record: mfc0  $s5, $14            # s5 = EPC
        mfc0  $s6, $13            # s6 = Cause
        mfc0  $s7, $8             # s7 = BadVAddr
        mfc0  $s4, $12            # s4 = Status
        j     done
        nop
`;

/** Cause.ExcCode of a Cause value. */
export const excCode = (cause: number): number => (cause >>> 2) & 31;
