/**
 * Lab 5's hidden tests (instructor only; never in a student pack): a larger corpus from a
 * seed the students do not see, and edge cases. Grade with
 *   exolab grade 5 --tests labs/05-filter-verifier/hidden
 * Gradescope shows them as hidden until grades are published.
 */
import { OP } from '../../../kernel/filter/index.ts';
import { defineTests } from '../../../source/grader/lab-api.ts';
import { caseOf, generateCorpus } from '../tests/corpus.ts';
import { expectVerdict, studentVerify } from '../tests/plug.ts';

const ACCEPT = { op: OP.ACCEPT, k: 0, jt: 0, jf: 0 };

export const tests = defineTests([
  {
    name: 'hidden-corpus',
    title: '800 generated programs from the instructor seed',
    step: 'corpus',
    points: 5,
    run(t) {
      const verify = studentVerify(t);
      for (const c of generateCorpus(0x5eed, 800)) expectVerdict(t, verify, c);
    },
  },
  {
    name: 'hidden-edge-cases',
    title: 'fields that do not matter are ignored; fields that do are checked exactly',
    step: 'bounded',
    points: 3,
    run(t) {
      const verify = studentVerify(t);
      for (const c of [
        caseOf('ja ignores jf (garbage there is fine)', [
          { op: OP.JA, k: 0, jt: 1, jf: 0 },
          ACCEPT,
        ]),
        caseOf('ja with jf pointing back (still fine)', [
          { op: OP.TAX, k: 0, jt: 0, jf: 0 },
          { op: OP.JA, k: 7, jt: 2, jf: 0 },
          ACCEPT,
        ]),
        caseOf('tax with jt/jf set (not a jump: fine)', [
          { op: OP.TAX, k: 0, jt: 4000, jf: 9 },
          ACCEPT,
        ]),
        caseOf('jeq to the last index from the first', [
          { op: OP.JEQ_K, k: 3, jt: 3, jf: 3 },
          ACCEPT,
          ACCEPT,
          ACCEPT,
        ]),
        caseOf('div #0 in a never-taken branch (still refused)', [
          { op: OP.JA, k: 0, jt: 2, jf: 0 },
          { op: OP.DIV_K, k: 0, jt: 0, jf: 0 },
          ACCEPT,
        ]),
        caseOf('negative jump target', [{ op: OP.JA, k: 0, jt: -1, jf: 0 }, ACCEPT]),
        caseOf('accept with a large k (fine)', [{ op: OP.ACCEPT, k: 0xffffffff, jt: 0, jf: 0 }]),
      ]) {
        expectVerdict(t, verify, c);
      }
    },
  },
]);
