/**
 * Lab 1's plug: an exokernel whose capability check behind bind/frame_free and whose STLB are
 * the student's (ExokernelOptions.frameCheck and .stlb), plus small helpers the tests share.
 */

import {
  type Capability,
  CapResult,
  type ResourceTable,
  verify,
} from '../../../kernel/caps/index.ts';
import type { Environment } from '../../../kernel/exo/env.ts';
import { describeError } from '../../../kernel/exo/errors.ts';
import { Exokernel, type ExokernelOptions } from '../../../kernel/exo/kernel.ts';
import type { StlbStore } from '../../../kernel/exo/stlb.ts';
import { assemble } from '../../../machine/asm/index.ts';
import { type LabContext, LabFailure } from '../../../source/grader/lab-api.ts';
import type { CheckResult, FrameTable, PresentedCapability, SoftwareTlb } from '../lab-types.ts';

const VERDICTS: Record<string, number> = {
  ok: CapResult.OK,
  forged: CapResult.BADCAP,
  stale: CapResult.STALE,
  rights: CapResult.RIGHTS,
};

export interface Plugged {
  kernel: Exokernel;
  /** The student's STLB as the kernel sees it (hits and misses counted). */
  stlb: StlbStore & { student: SoftwareTlb };
  /** Which student parts are plugged in. */
  parts: { check: boolean; stlb: boolean };
}

/** A fresh kernel (4 MiB, seed 1) with the student's check and/or STLB, tracked for events. */
export function plugged(t: LabContext, parts = { check: true, stlb: true }): Plugged {
  let kernel: Exokernel | null = null;
  const check = t.student.fn<
    (table: FrameTable, cap: PresentedCapability, needed: number) => CheckResult
  >('checkCapability', 'capability check (checkCapability)');
  const stlb = parts.stlb ? studentStlb(t) : undefined;
  const frameCheck = (table: ResourceTable, cap: Capability, needed: number): CapResult => {
    const secret = kernel!.secret;
    const view: FrameTable = {
      macMatches: (c) => verify(secret, c as Capability),
      epochOf: (i) => table.epochOf(i),
      isRetired: (i) => table.epochOf(i) !== undefined && table.ownerOf(i) === 'retired',
    };
    const verdict = check(view, Object.freeze({ ...cap }), needed);
    const code = VERDICTS[verdict as string];
    if (code === undefined) {
      t.fail(
        'checkCapability returned something that is not a verdict',
        "'ok' | 'forged' | 'stale' | 'rights'",
        verdict,
      );
    }
    return code as CapResult;
  };
  // The kernel's lab seams (ExokernelOptions.stlb and .frameCheck).
  const seams = { stlb, frameCheck: parts.check ? frameCheck : undefined };
  const options: ExokernelOptions = { memoryBytes: 4 << 20, seed: 1, ...seams };
  kernel = new Exokernel(options);
  t.track(kernel);
  return { kernel, stlb: kernel.stlb as Plugged['stlb'], parts };
}

/** The student's Stlb class wrapped as the kernel's StlbStore. */
function studentStlb(t: LabContext): StlbStore & { student: SoftwareTlb } {
  const size = 4096;
  const student = t.student.make<SoftwareTlb>('Stlb', 'STLB', size);
  const inserted = new Set<string>();
  const store = {
    student,
    size,
    hits: 0,
    misses: 0,
    probe(asid: number, vpn: number): number {
      const lo = student.lookup(asid, vpn);
      if (typeof lo !== 'number' || !Number.isInteger(lo)) {
        t.fail(
          `STLB.lookup(${asid}, 0x${vpn.toString(16)}) returned a non-integer`,
          'an EntryLo or 0',
          lo,
        );
      }
      if (lo !== 0) store.hits++;
      else store.misses++;
      return lo;
    },
    insert(asid: number, vpn: number, entryLo: number): void {
      inserted.add(`${asid}:${vpn}`);
      student.insert(asid, vpn, entryLo);
    },
    remove: (asid: number, vpn: number) => student.remove(asid, vpn),
    removeFrame: (frame: number) => student.removeFrame(frame),
    removeAsid: (asid: number) => student.removeAsid(asid),
    entries() {
      const out: { asid: number; vpn: number; entryLo: number }[] = [];
      for (const key of inserted) {
        const [asid, vpn] = key.split(':').map(Number);
        const entryLo = student.lookup(asid, vpn);
        if (entryLo !== 0) out.push({ asid, vpn, entryLo });
      }
      return out;
    },
    stats() {
      const valid = store.entries().length;
      return { size, valid, hits: store.hits, misses: store.misses };
    },
  };
  return store;
}

/** A new environment and its library-OS api. */
export function newEnv(kernel: Exokernel, name: string) {
  const env = kernel.createEnv(name);
  if (env === null) throw new Error('plug: no environment');
  return { env, api: kernel.calls.apiFor(env) };
}

/**
 * Loads assembly into `env` at its addresses (fresh frames, bound writable) through the
 * kernel's own calls, and sets it to start at `main`. Returns the library OS's page table for
 * it: page address -> the frame's capability.
 */
export function loadAssembly(
  kernel: Exokernel,
  env: Environment,
  source: string,
): Map<number, Capability> {
  const pages = new Map<number, Capability>();
  const api = kernel.calls.apiFor(env);
  const prog = assemble({ name: 'lab.s', text: source });
  if (!prog.ok) throw new Error(prog.errors.map((e) => e.message).join('\n'));
  for (const seg of prog.segments) {
    for (let page = seg.address & ~0xfff; page < seg.address + seg.bytes.length; page += 4096) {
      const frame = api.call('frame_alloc');
      if (frame.error || !frame.cap) throw new Error('plug: frame_alloc failed');
      // The loader's own binding goes through the student's check too: it must say ok.
      const bound = api.call('bind', page, frame.cap, 1);
      pages.set(page, frame.cap);
      if (bound.error) {
        throw new LabFailure(
          'bind refused a valid capability while the program was loaded',
          'E_OK',
          describeError(bound.error),
        );
      }
    }
    api.writeBytes(seg.address, seg.bytes);
  }
  env.context.pc = prog.symbols.get('main') ?? 0x00400000;
  return pages;
}
