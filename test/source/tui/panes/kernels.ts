/**
 * Real kernels for the pane tests: a program that binds a page, writes it and spins, booted
 * through the exokernel test helpers, so the panes are checked against genuine snapshots.
 */
import { Exokernel } from '../../../../kernel/exo/kernel.ts';
import { bootWith, loadInto } from '../../../kernel/exo/helpers.ts';

export const SPIN = `
        .text
main:   li    $v0, 0x102          # frame_alloc(&cap)
        la    $a0, cap
        syscall
        li    $v0, 0x104          # bind(0x20000000, &cap, writable)
        li    $a0, 0x20000000
        la    $a1, cap
        li    $a2, 1
        syscall
        li    $t0, 0x20000000
        li    $s0, 0
loop:   sw    $s0, 0($t0)
        addiu $s0, $s0, 1
        slti  $t1, $s0, LIMIT
        bnez  $t1, loop
        nop
        li    $v0, 0x101          # exit(7)
        li    $a0, 7
        syscall
        .data
cap:    .space 16
`;

/** A kernel running one environment `test` that spins `limit` times, then exits with 7. */
export function spinningKernel(limit = 100_000): Exokernel {
  const { kernel } = bootWith(SPIN.replace('LIMIT', String(limit)));
  return kernel;
}

/** As spinningKernel, plus a second environment `second` loaded but not yet run. */
export function twoEnvKernel(limit = 100_000): Exokernel {
  const kernel = spinningKernel(limit);
  loadInto(kernel, 'second', SPIN.replace('LIMIT', '10'));
  return kernel;
}

/** Counts in $s0 forever. */
const COUNTER = `
        .text
main:   addiu $s0, $s0, 1
        b     main
        nop
`;

/** An end-of-slice handler that never yields, so its slices overrun. */
const HOG = `
        .text
main:   li    $v0, 0x133          # set_slice_handlers(0, eos)
        li    $a0, 0
        la    $a1, eos
        syscall
loop:   addiu $s0, $s0, 1
        b     loop
        nop
eos:    b     eos
        nop
`;

/** Four slice positions: `counter` owns 0 and 2, `hog` owns 1 (and overruns it); 3 is unowned. */
export function slicedKernel(): Exokernel {
  const kernel = new Exokernel({ memoryBytes: 4 << 20, slices: { count: 4 } });
  const counter = loadInto(kernel, 'counter', COUNTER).env;
  const hog = loadInto(kernel, 'hog', HOG).env;
  for (const [env, p] of [
    [counter, 0],
    [hog, 1],
    [counter, 2],
  ] as const) {
    const got = kernel.calls.apiFor(env).call('slice_alloc', p);
    if (got.error) throw new Error(`slice_alloc ${p} failed: ${got.error}`);
  }
  return kernel;
}

/** Removes ANSI escape sequences (colour, bold) from a frame. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI sequences start with ESC
export const plain = (frame: string): string => frame.replace(/\u001b\[[0-9;]*m/g, '');

/** The lines of a frame (ANSI removed) that are wider than `width`. */
export const overlong = (frame: string, width: number): string[] =>
  plain(frame)
    .split('\n')
    .filter((line) => [...line].length > width);

/** Polls `frame()` until `ok` holds for it (ink-testing-library draws asynchronously). */
export async function waitForFrame(
  frame: () => string | undefined,
  ok: (text: string) => boolean,
  timeoutMs = 3000,
): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = plain(frame() ?? '');
    if (ok(text)) return text;
    if (Date.now() > until) {
      throw new Error(`frame never matched; last frame:\n${text}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
