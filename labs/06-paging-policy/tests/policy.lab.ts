/**
 * Lab 6's graded tests: the student's policy always gives up a resident page and programs
 * stay correct; on a cyclic scan larger than memory it beats the kernel's LRU by a clear
 * margin; on a working set that moves it stays near LRU. Cycle thresholds are emulated
 * cycles, the same on every machine. The LRU figures are the baseline kernel's own runs of
 * the same programs with the same frames (test/source/grader/labs-4-6.test.ts re-measures
 * them, so they stay true when the kernel's costs change).
 */
import { defineTests, type LabContext } from '../../../source/grader/lab-api.ts';
import type { Advice, PagingPolicy, ResidentPage } from '../lab-types.ts';
import { runWithPolicy } from './plug.ts';
import { PHASES, RANDOM, SCAN } from './workloads.ts';

/** The baseline's whole-run cycles with its LRU (kernel/mono/vm.ts), PROGRAM_FRAMES frames. */
export const LRU_CYCLES = { scan: 12_173_705, phases: 1_338_974 } as const;
/** The scan must take at most this share of LRU's cycles (the paper cites 45% saved). */
export const SCAN_SHARE = 0.6;
/** The moving working set may take at most this multiple of LRU's cycles. */
export const PHASES_FACTOR = 1.3;

const page = (vpn: number, mappedAt: number, dirty = true, onDisk = false): ResidentPage =>
  Object.freeze({ vpn, mappedAt, dirty, onDisk });

function victimOf(t: LabContext, p: PagingPolicy, pages: ResidentPage[], advice: Advice) {
  const vpn = p.victim(Object.freeze(pages), advice);
  const hexes = pages.map((q) => `0x${q.vpn.toString(16)}`).join(', ');
  t.ok(
    pages.some((q) => q.vpn === vpn),
    `victim(${advice}) returns one of the resident pages ${hexes}`,
    'one of them',
    vpn,
  );
  return vpn;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export const tests = defineTests([
  {
    name: 'victims-are-resident',
    title: 'victim always names a page from the resident list, whatever the advice',
    run(t) {
      const p = t.student.make<PagingPolicy>('Policy', 'paging policy (Policy)');
      for (const vpn of [0x10010, 0x10011, 0x10012]) p.fault(vpn);
      victimOf(t, p, [page(0x10010, 0), page(0x10011, 1), page(0x10012, 2)], 'none');
      victimOf(t, p, [page(0x10010, 0), page(0x10011, 1), page(0x10012, 2)], 'cyclic');
      victimOf(t, p, [page(0x7fffe, 7, false, true)], 'none');
      victimOf(t, p, [page(0x10400, 3), page(0x10020, 9, false)], 'cyclic');
    },
  },
  {
    name: 'random-workload-correct',
    title:
      'random reads and writes over more pages than frames: the program computes the right answer',
    run(t) {
      const r = runWithPolicy(t, 'random.s', RANDOM);
      t.equal(r.output, '60', 'what the program printed (the sum of its page counters)');
      t.ok(
        r.choices > 0,
        'the program paged (your policy was asked)',
        'some victims chosen',
        r.choices,
      );
    },
  },
  {
    name: 'cyclic-advice-followed',
    title: 'for a cyclic scan, the victim is the page mapped most recently (needed furthest ahead)',
    run(t) {
      const p = t.student.make<PagingPolicy>('Policy', 'paging policy (Policy)');
      const pages = [page(0x10010, 4), page(0x10011, 9), page(0x10012, 2), page(0x10013, 7)];
      for (const q of pages) p.fault(q.vpn);
      t.equal(
        victimOf(t, p, pages, 'cyclic'),
        0x10011,
        'victim of a cyclic scan among pages mapped at 4, 9, 2, 7',
      );
    },
  },
  {
    name: 'scan-beats-lru',
    title: `a cyclic scan of 40 pages in 24 frames: at most ${pct(SCAN_SHARE)} of LRU's cycles`,
    run(t) {
      const r = runWithPolicy(t, 'scan.s', SCAN);
      t.equal(r.output, '7020', 'what the scan printed (its sum)');
      const limit = Math.floor(LRU_CYCLES.scan * SCAN_SHARE);
      t.ok(
        r.cycles <= limit,
        `cycles of the whole run (LRU takes ${LRU_CYCLES.scan}; yours is ${pct(r.cycles / LRU_CYCLES.scan)} of that, ${r.pageIns} pages read back)`,
        `at most ${limit}`,
        r.cycles,
      );
    },
  },
  {
    name: 'old-pages-go-first',
    title: 'without advice, a page the program stopped faulting on goes before one it just used',
    run(t) {
      const p = t.student.make<PagingPolicy>('Policy', 'paging policy (Policy)');
      const pages = [0x10010, 0x10011, 0x10012, 0x10013].map((vpn, i) => page(vpn, i));
      for (const q of pages) p.fault(q.vpn);
      // The program moves on: faults on new pages 0x10020.. while 0x10010..13 stay resident.
      for (let i = 0; i < 4; i++) p.fault(0x10020 + i);
      const fresh = [0x10020, 0x10021, 0x10022, 0x10023].map((vpn, i) => page(vpn, 4 + i));
      const vpn = victimOf(t, p, [...pages, ...fresh], 'none');
      t.ok(
        vpn < 0x10020,
        'the victim is one of the pages the program left (0x10010..0x10013)',
        '0x10010..0x10013',
        `0x${vpn.toString(16)}`,
      );
    },
  },
  {
    name: 'moving-working-set',
    title: `a working set that moves (20 pages, then 20 others, 24 frames): within ${PHASES_FACTOR}x LRU's cycles`,
    run(t) {
      const r = runWithPolicy(t, 'phases.s', PHASES);
      t.equal(r.output, '3120', 'what the program printed (its sum)');
      const limit = Math.floor(LRU_CYCLES.phases * PHASES_FACTOR);
      t.ok(
        r.cycles <= limit,
        `cycles of the whole run (LRU takes ${LRU_CYCLES.phases}; yours is ${pct(r.cycles / LRU_CYCLES.phases)} of that, ${r.pageIns} pages read back)`,
        `at most ${limit}`,
        r.cycles,
      );
    },
  },
]);
