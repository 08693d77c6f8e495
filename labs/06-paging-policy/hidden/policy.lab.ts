/**
 * Lab 6's hidden tests (instructor only; never in a student pack): the same two patterns at
 * other sizes, so a policy tuned to the visible workloads' page numbers or counts does not
 * pass by accident. LRU's cycles are measured here on the baseline kernel (deterministic).
 * Grade with
 *   exolab grade 6 --tests labs/06-paging-policy/hidden
 */
import { defineTests } from '../../../source/grader/lab-api.ts';
import { runWithLru, runWithPolicy } from '../tests/plug.ts';
import { phasesProgram, scanProgram } from '../tests/workloads.ts';

export const tests = defineTests([
  {
    name: 'hidden-other-scan',
    title: 'a cyclic scan of 32 pages, 3 passes: at most 60% of LRU cycles',
    step: 'cyclic',
    points: 3,
    run(t) {
      const source = scanProgram(32, 3);
      const lru = runWithLru('scan32.s', source);
      const r = runWithPolicy(t, 'scan32.s', source);
      t.equal(r.output, lru.output, 'what the scan printed (as under LRU)');
      const limit = Math.floor(lru.cycles * 0.6);
      t.ok(
        r.cycles <= limit,
        `cycles of the whole run (LRU takes ${lru.cycles})`,
        `at most ${limit}`,
        r.cycles,
      );
    },
  },
  {
    name: 'hidden-three-phases',
    title: 'three working sets of 16 pages one after another: within 1.3x LRU cycles',
    step: 'default',
    points: 3,
    run(t) {
      const source = phasesProgram(16, 3);
      const lru = runWithLru('phases3.s', source);
      const r = runWithPolicy(t, 'phases3.s', source);
      t.equal(r.output, lru.output, 'what the program printed (as under LRU)');
      const limit = Math.floor(lru.cycles * 1.3);
      t.ok(
        r.cycles <= limit,
        `cycles of the whole run (LRU takes ${lru.cycles})`,
        `at most ${limit}`,
        r.cycles,
      );
    },
  },
]);
