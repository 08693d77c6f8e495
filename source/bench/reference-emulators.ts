/**
 * Other MIPS emulators on the `bench emulator` programs, for scale: qemu-mipsel (user-mode
 * qemu, a native-code JIT) and SPIM (an interpreter). Each runs only when installed; when one
 * is missing, a note says so and the bench goes on.
 *
 * qemu-mipsel runs Linux executables, so the SPIM-syscall program is rebuilt as one with the
 * cross toolchain (mipsel-linux-gnu-gcc): each `syscall` becomes a call to a small runtime that
 * does print_int, print_char and exit with Linux system calls. SPIM interprets the assembly as
 * it is, but about 1 MIPS would take minutes on the full programs, so it runs a copy with fewer
 * repetitions (the line marked `# repetitions`), whose instruction count our own interpreter
 * measures. MIPS for another emulator = our instruction count / its median wall time; the
 * output must match ours or the figure is not reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchProgram, benchSource, type ProgramResult } from './emulator.ts';

export interface ReferenceResult {
  program: string;
  emulator: 'qemu-mipsel' | 'spim';
  instructions: number;
  seconds: number;
  mips: number;
  runs: number;
  /** Our block compiler's MIPS on the same program divided by this emulator's. */
  jitRatio: number;
}

export interface References {
  results: ReferenceResult[];
  /** Why an emulator was skipped or a figure left out. */
  notes: string[];
}

/** True when `command` can be started. */
function installed(command: string, probe: string[]): boolean {
  const r = spawnSync(command, probe, { stdio: 'ignore', timeout: 10_000 });
  return r.error === undefined;
}

/** The runtime appended to the Linux build: SPIM syscalls 1, 11 and 10 on Linux o32 calls. */
const LINUX_RUNTIME = `
        .text
        .set noreorder
        .set noat
        .globl __start
__start:
        jal   main
        nop
        li    $a0, 0
        li    $v0, 4246
        syscall
__spim_syscall:
        addiu $sp, $sp, -256
        sw    $1, 4($sp)
        sw    $3, 12($sp)
        sw    $4, 16($sp)
        sw    $5, 20($sp)
        sw    $6, 24($sp)
        sw    $7, 28($sp)
        sw    $8, 32($sp)
        sw    $9, 36($sp)
        sw    $10, 40($sp)
        sw    $11, 44($sp)
        sw    $12, 48($sp)
        sw    $13, 52($sp)
        sw    $14, 56($sp)
        sw    $15, 60($sp)
        sw    $24, 96($sp)
        sw    $25, 100($sp)
        sw    $31, 124($sp)
        li    $t0, 10
        beq   $v0, $t0, 9f
        li    $t0, 11
        beq   $v0, $t0, 5f
        li    $t0, 1
        bne   $v0, $t0, 8f
        nop
        addiu $t1, $sp, 192
        move  $t2, $t1
        move  $t0, $a0
        bgez  $t0, 1f
        nop
        subu  $t0, $zero, $t0
1:      li    $t3, 10
2:      divu  $zero, $t0, $t3
        mfhi  $t4
        mflo  $t0
        addiu $t4, $t4, 48
        addiu $t2, $t2, -1
        bnez  $t0, 2b
        sb    $t4, 0($t2)
        bgez  $a0, 3f
        li    $t4, 45
        addiu $t2, $t2, -1
        sb    $t4, 0($t2)
3:      li    $a0, 1
        move  $a1, $t2
        subu  $a2, $t1, $t2
        li    $v0, 4004
        syscall
        b     8f
        nop
5:      sb    $a0, 200($sp)
        addiu $a1, $sp, 200
        li    $a2, 1
        li    $a0, 1
        li    $v0, 4004
        syscall
8:      lw    $1, 4($sp)
        lw    $3, 12($sp)
        lw    $4, 16($sp)
        lw    $5, 20($sp)
        lw    $6, 24($sp)
        lw    $7, 28($sp)
        lw    $8, 32($sp)
        lw    $9, 36($sp)
        lw    $10, 40($sp)
        lw    $11, 44($sp)
        lw    $12, 48($sp)
        lw    $13, 52($sp)
        lw    $14, 56($sp)
        lw    $15, 60($sp)
        lw    $24, 96($sp)
        lw    $25, 100($sp)
        lw    $31, 124($sp)
        jr    $ra
        addiu $sp, $sp, 256
9:      li    $a0, 0
        li    $v0, 4246
        syscall
`;

/** The SPIM program as a Linux program: syscalls call the runtime above. */
export function linuxVariant(source: string): string {
  return `${source.replace(/^(\s*(?:\w+:)?\s*)syscall\b/gm, '$1jal __spim_syscall')}\n${LINUX_RUNTIME}`;
}

/** The program with its repetition count (the `# repetitions` line) set to `reps`. */
export function withRepetitions(source: string, reps: number): string | null {
  const re = /^(\s*li\s+\$\w+,\s*)(\d+)(\s*#\s*repetitions.*)$/m;
  if (!re.test(source)) return null;
  return source.replace(re, `$1${reps}$3`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `command args` until `seconds` pass (at least `minRuns` runs); null if it failed. */
function timeRuns(
  command: string,
  args: string[],
  seconds: number,
  minRuns: number,
): { seconds: number; runs: number; stdout: string } | null {
  const times: number[] = [];
  let stdout = '';
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start) / 1000 < seconds) {
    const t0 = performance.now();
    const r = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000, input: '' });
    if (r.error !== undefined || r.status !== 0) return null;
    times.push((performance.now() - t0) / 1000);
    stdout = r.stdout;
  }
  return { seconds: median(times), runs: times.length, stdout };
}

function jitOf(ours: ProgramResult[], program: string): ProgramResult | undefined {
  return ours.find((r) => r.program === program && r.engine === 'jit');
}

/** Runs qemu-mipsel and SPIM (those installed) on the programs `ours` measured. */
export function benchReferences(ours: ProgramResult[], seconds: number): References {
  const results: ReferenceResult[] = [];
  const notes: string[] = [];
  const programs = [...new Set(ours.map((r) => r.program))];
  const dir = mkdtempSync(join(tmpdir(), 'exolab-bench-'));
  try {
    const qemu = installed('qemu-mipsel', ['-version']);
    const gcc = installed('mipsel-linux-gnu-gcc', ['--version']);
    if (!qemu) notes.push('qemu-mipsel is not installed: no qemu figures');
    else if (!gcc)
      notes.push('qemu-mipsel needs mipsel-linux-gnu-gcc to build the programs: no qemu figures');
    let spim = installed('spim', ['-version']);
    if (!spim) notes.push('spim is not installed: no SPIM figures');
    else if (seconds < 1) {
      spim = false;
      notes.push(
        'spim skipped: its runs take seconds, more than --seconds allows (give 1 or more)',
      );
    }
    for (const program of programs) {
      const jit = jitOf(ours, program);
      if (jit === undefined) continue;
      const source = new TextDecoder().decode(benchSource(program));
      if (qemu && gcc) {
        const result = runQemu(dir, program, source, jit, seconds);
        if (typeof result === 'string') notes.push(result);
        else results.push(result);
      }
      if (spim) {
        const result = runSpim(dir, program, source, jit, seconds);
        if (typeof result === 'string') notes.push(result);
        else results.push(result);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { results, notes };
}

function runQemu(
  dir: string,
  program: string,
  source: string,
  jit: ProgramResult,
  seconds: number,
): ReferenceResult | string {
  const src = join(dir, `${program}.linux.s`);
  const exe = join(dir, `${program}.linux`);
  writeFileSync(src, linuxVariant(source));
  const build = spawnSync(
    'mipsel-linux-gnu-gcc',
    ['-march=mips32', '-mno-abicalls', '-fno-pic', '-nostdlib', '-static', '-o', exe, src],
    { encoding: 'utf8' },
  );
  if (build.status !== 0)
    return `${program}: could not build it for qemu-mipsel: ${build.stderr.trim().split('\n')[0]}`;
  const timed = timeRuns('qemu-mipsel', [exe], seconds, 3);
  if (timed === null) return `${program}: qemu-mipsel failed to run it`;
  if (timed.stdout.trim() !== jit.output)
    return `${program}: qemu-mipsel printed something else; left out`;
  const mips = jit.instructions / timed.seconds / 1e6;
  return {
    program,
    emulator: 'qemu-mipsel',
    instructions: jit.instructions,
    seconds: timed.seconds,
    mips,
    runs: timed.runs,
    jitRatio: jit.mips / mips,
  };
}

/** SPIM runs a copy of about this many instructions (it manages roughly 1 MIPS). */
const SPIM_INSTRUCTIONS = 2_000_000;

function runSpim(
  dir: string,
  program: string,
  source: string,
  jit: ProgramResult,
  seconds: number,
): ReferenceResult | string {
  const reps = /^\s*li\s+\$\w+,\s*(\d+)\s*#\s*repetitions/m.exec(source);
  if (reps === null) return `${program}: no \`# repetitions\` line, so no SPIM-sized copy`;
  const full = Number(reps[1]);
  const fewer = Math.max(1, Math.round((full * SPIM_INSTRUCTIONS) / jit.instructions));
  const copy = withRepetitions(source, fewer)!;
  const file = join(dir, `${program}.spim.s`);
  writeFileSync(file, copy);
  // Our interpreter counts the copy's instructions (and says what it prints).
  const ours = benchProgram(program, 0, 'interp', new TextEncoder().encode(copy));
  const timed = timeRuns('spim', ['-file', file], Math.min(seconds, 10), 1);
  if (timed === null)
    return `${program}: spim failed to run it (its data segment may not hold the program's data)`;
  if (!timed.stdout.includes(ours.output))
    return `${program}: spim printed something else; left out`;
  const mips = ours.instructions / timed.seconds / 1e6;
  return {
    program: `${program} (${fewer} of ${full} repetitions)`,
    emulator: 'spim',
    instructions: ours.instructions,
    seconds: timed.seconds,
    mips,
    runs: timed.runs,
    jitRatio: jit.mips / mips,
  };
}

/** The other emulators' figures as an aligned table, notes after it. */
export function formatReferences(refs: References): string {
  const header = ['emulator', 'program', 'instructions', 'seconds', 'MIPS', 'jit ÷ it'];
  const rows = refs.results.map((r) => [
    r.emulator,
    r.program,
    r.instructions.toLocaleString('en-US'),
    r.seconds.toFixed(3),
    r.mips.toFixed(1),
    r.jitRatio >= 10 ? r.jitRatio.toFixed(0) : r.jitRatio.toFixed(3),
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const table =
    rows.length === 0
      ? []
      : all.map((row) =>
          row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '),
        );
  return [...table, ...refs.notes.map((n) => `note: ${n}`)].join('\n');
}
