/**
 * Lab 4's graded tests, the kernel side: deadline enforcement (judge), forced repossession
 * (chooseVictims) and breaking every binding (repossess), each plugged into a real kernel
 * with the kernel's own code for the other parts, through kernel.revoke.
 */

import type { EnvApi } from '../../../kernel/exo/env.ts';
import { describeError, E_DEADLINE, E_OK, E_STALE } from '../../../kernel/exo/errors.ts';
import { microsecondsToCycles } from '../../../machine/clock.ts';
import { defineTests } from '../../../source/grader/lab-api.ts';
import type { Judgement, VictimQuery } from '../lab-types.ts';
import { envWithPages, hex, kernelWith, type Page, tlbFrames } from './plug.ts';

/** Gives back `page` the way a library OS does: unbind, then frame_free. */
function release(api: EnvApi, page: Page): number {
  api.call('unbind', page.vaddr);
  return api.call('frame_free', page.cap).error;
}

export const tests = defineTests([
  {
    name: 'complies-in-time',
    title: 'a handler that gives back what was asked in time has complied; nothing is taken',
    run(t) {
      const kernel = kernelWith(t, ['judge']);
      const { env, pages } = envWithPages(kernel, 'a', 4);
      env.libos = {
        revoke(api, notice) {
          const victims =
            notice.frame === null
              ? pages.slice(0, notice.count)
              : pages.filter((p) => p.frame === notice.frame);
          for (const p of victims) release(api, p);
        },
      };
      const r = kernel.revoke(env, { count: 2, deadlineUs: 50 });
      t.equal(r.revocation?.outcome, 'complied', 'asked for 2 frames, the handler freed 2 at once');
      t.equal(r.revocation?.repossessed, [], 'frames taken by force');
      const named = kernel.revoke(env, { frame: pages[3]!.frame, deadlineUs: 50 });
      t.equal(
        named.revocation?.outcome,
        'complied',
        'asked for a named frame, the handler freed it',
      );
      const judge = t.student.fn<(s: object) => Judgement>('judge', 'deadline check (judge)');
      t.equal(
        judge({ givenBack: true, now: 1250, deadline: 1250, handlerDone: true }),
        'complied',
        'given back exactly at the deadline',
      );
      t.equal(
        judge({ givenBack: false, now: 10, deadline: 1250, handlerDone: false }),
        'pending',
        'not yet given back, well before the deadline, handler still working',
      );
    },
  },
  {
    name: 'returns-without-complying',
    title: 'a handler that returns without giving back everything is aborted when it returns',
    run(t) {
      const kernel = kernelWith(t, ['judge']);
      const { env, pages } = envWithPages(kernel, 'a', 6);
      env.libos = { revoke: (api) => void release(api, pages[0]!) };
      const r = kernel.revoke(env, { count: 3, deadlineUs: 50 });
      const rec = r.revocation!;
      t.equal(rec.outcome, 'aborted', 'asked for 3, the handler freed 1 and returned');
      t.ok(
        rec.endedAt !== null && rec.endedAt < rec.deadline,
        'the abort came when the handler returned, not at the deadline',
        `before cycle ${rec.deadline}`,
        rec.endedAt,
      );
      t.equal(rec.repossessed.length, 2, 'frames the abort took (what was still owed)');
      env.libos = { revoke() {} };
      t.equal(
        kernel.revoke(env, { count: 1, deadlineUs: 50 }).revocation?.outcome,
        'aborted',
        'a handler that gives back nothing',
      );
    },
  },
  {
    name: 'deadline-passes',
    title:
      'a handler still working at the deadline is aborted then, and what it does later does not count',
    run(t) {
      const kernel = kernelWith(t, ['judge']);
      const { env, pages } = envWithPages(kernel, 'a', 4);
      let late = E_OK;
      env.libos = {
        revoke(api) {
          // Reads 3000 words (charged per word) before it gives anything back: too slow for 50 µs.
          for (let i = 0; i < 3000; i++) api.readWord(pages[1]!.vaddr);
          late = release(api, pages[0]!);
        },
      };
      const r = kernel.revoke(env, { count: 1, deadlineUs: 50 });
      const rec = r.revocation!;
      t.equal(
        rec.outcome,
        'aborted',
        'the revocation of a handler that gave back its frame after the deadline',
      );
      t.equal(
        rec.endedAt,
        rec.startedAt + microsecondsToCycles(50),
        'the cycle the abort took effect (the deadline)',
      );
      t.equal(
        describeError(late),
        describeError(E_DEADLINE),
        'frame_free from the handler after the deadline (it was preempted)',
      );
      const judge = t.student.fn<(s: object) => Judgement>('judge', 'deadline check (judge)');
      t.equal(
        judge({ givenBack: true, now: 1251, deadline: 1250, handlerDone: true }),
        'abort',
        'given back one cycle after the deadline',
      );
    },
  },
  {
    name: 'takes-what-is-owed',
    title:
      'an abort takes exactly what is still owed: the highest-numbered frames, or the named one',
    run(t) {
      const kernel = kernelWith(t, ['victims']);
      const { env, pages } = envWithPages(kernel, 'a', 6);
      env.libos = { revoke: (api) => void release(api, pages[5]!) };
      const r = kernel.revoke(env, { count: 3, deadlineUs: 50 });
      const owned = pages.slice(0, 5).map((p) => p.frame);
      t.equal(
        r.revocation?.repossessed,
        [owned[4], owned[3]],
        'asked for 3, given 1: the frames taken (highest first)',
      );
      env.libos = { revoke() {} };
      const named = kernel.revoke(env, { frame: pages[0]!.frame, deadlineUs: 50 });
      t.equal(
        named.revocation?.repossessed,
        [pages[0]!.frame],
        'asked for a named frame, given nothing: the frames taken',
      );
      const victims = t.student.fn<(q: VictimQuery) => number[]>(
        'chooseVictims',
        'victim choice (chooseVictims)',
      );
      const q = { frame: null, givenBack: false, owned: [40, 41, 42], guaranteed: [] };
      t.equal(victims({ ...q, owed: 0 }), [], 'chooseVictims when nothing is owed');
      t.equal(
        victims({ ...q, owed: -2 }),
        [],
        'chooseVictims when more than asked was given back (owed -2)',
      );
      t.equal(
        victims({ ...q, frame: 41, givenBack: true, owed: 0 }),
        [],
        'chooseVictims for a named frame already given back',
      );
    },
  },
  {
    name: 'never-guaranteed',
    title: 'guaranteed frames are never taken; the owed frames come from the others',
    run(t) {
      const kernel = kernelWith(t, ['victims']);
      const { env, api, pages } = envWithPages(kernel, 'a', 7);
      for (const p of pages.slice(5)) {
        t.equal(
          describeError(api.call('frame_guarantee', p.cap).error),
          describeError(E_OK),
          `frame_guarantee of frame ${p.frame}`,
        );
      }
      env.libos = { revoke() {} };
      const r = kernel.revoke(env, { count: 3, deadlineUs: 50 });
      t.equal(
        r.revocation?.repossessed,
        [pages[4]!.frame, pages[3]!.frame, pages[2]!.frame],
        'frames taken (the guaranteed 2 are the highest-numbered)',
      );
      const still = kernel.frames.ownedBy(env.id);
      t.ok(
        pages.slice(5).every((p) => still.includes(p.frame)),
        "the guaranteed frames are still the environment's",
        'owned',
        still,
      );
    },
  },
  {
    name: 'breaks-every-binding',
    title:
      'a repossessed frame is mapped nowhere: no environment, no STLB entry, no TLB entry, no DMA',
    run(t) {
      const kernel = kernelWith(t, ['repossess']);
      const a = envWithPages(kernel, 'a', 3);
      const b = envWithPages(kernel, 'b', 1);
      const f = a.pages[0]!;
      // b maps a's frame too (a shared page), and a disk read into it is queued.
      const shared = a.api.call('cap_narrow', f.cap, 1).cap!;
      t.equal(
        describeError(b.api.call('bind', 0x20000000, shared, 0).error),
        describeError(E_OK),
        "b binds a's frame",
      );
      const block = a.api.call('block_alloc').cap!;
      const queued = a.api.call('block_read', block, f.cap);
      t.equal(
        describeError(queued.error),
        describeError(E_OK),
        'a queues a disk read into the frame',
      );
      a.env.libos = {};
      const r = kernel.revoke(a.env, { frame: f.frame, deadlineUs: 50 });
      t.equal(r.revocation?.outcome, 'aborted', 'the revocation (a has no revoke handler)');
      for (const env of [a.env, b.env]) {
        const left = [...env.bindings]
          .filter(([, lo]) => lo >>> 12 === f.frame)
          .map(([vpn]) => hex(vpn << 12));
        t.equal(left, [], `pages of env ${env.name} still bound to frame ${f.frame}`);
      }
      const stlb = [
        [a.env.asid, f.vaddr >>> 12],
        [b.env.asid, 0x20000],
      ].filter(([asid, vpn]) => kernel.stlb.probe(asid!, vpn!) >>> 12 === f.frame);
      t.equal(stlb, [], `STLB entries (asid, vpn) still mapping frame ${f.frame}`);
      t.ok(
        !tlbFrames(kernel).includes(f.frame),
        `no hardware TLB entry maps frame ${f.frame}`,
        'none',
        'an entry',
      );
      t.equal(
        kernel.machine.disk.cancelFrame(f.frame).length,
        0,
        `disk transfers still queued into frame ${f.frame}`,
      );
      const other = a.pages[1]!;
      t.equal(
        a.env.bindings.get(other.vaddr >>> 12)! >>> 12,
        other.frame,
        "a's other page, not revoked, is still bound",
      );
    },
  },
  {
    name: 'capabilities-stale',
    title:
      'every capability for a repossessed frame is stale at once, and the frame is no longer its',
    run(t) {
      const kernel = kernelWith(t, ['repossess']);
      const { env, api, pages } = envWithPages(kernel, 'a', 2);
      const f = pages[1]!;
      const copy = api.call('cap_narrow', f.cap, 1).cap!;
      env.libos = {};
      kernel.revoke(env, { frame: f.frame, deadlineUs: 50 });
      t.equal(
        describeError(api.call('bind', 0x30000000, f.cap, 0).error),
        describeError(E_STALE),
        'bind with the old capability',
      );
      t.equal(
        describeError(api.call('bind', 0x30000000, copy, 0).error),
        describeError(E_STALE),
        'bind with a narrowed copy of it',
      );
      t.ok(
        kernel.frames.ownerOf(f.frame) !== env.id,
        `frame ${f.frame} no longer belongs to env a`,
        'another owner',
        kernel.frames.ownerOf(f.frame),
      );
    },
  },
  {
    name: 'repossession-vector',
    title: 'the loss is in the repossession vector, and the library OS is told',
    run(t) {
      const kernel = kernelWith(t, ['repossess']);
      const { env, api, pages } = envWithPages(kernel, 'a', 4);
      const told: number[][] = [];
      env.libos = { revoke() {}, repossessed: (_api, frames) => void told.push([...frames]) };
      kernel.revoke(env, { count: 2, deadlineUs: 50 });
      const taken = [pages[3]!.frame, pages[2]!.frame];
      t.equal(api.call('repossessed_count').value, 2, 'repossessed_count');
      t.equal(
        [0, 1].map((i) => api.call('repossessed_get', i).value),
        taken,
        'repossessed_get 0 and 1',
      );
      t.equal(told, [taken], 'what the repossession exception told the library OS');
    },
  },
]);
