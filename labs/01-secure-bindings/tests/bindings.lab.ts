/**
 * Lab 1's graded tests: the capability check behind bind and frame_free (genuine, current,
 * holding the rights — in that order) and the STLB (hits avoid the upcall, entries are kept
 * apart per environment, and leave when a frame is revoked or an environment ends).
 */
import type { Capability } from '../../../kernel/caps/index.ts';
import type { EnvApi } from '../../../kernel/exo/env.ts';
import { describeError, E_BADCAP, E_OK, E_RIGHTS, E_STALE } from '../../../kernel/exo/errors.ts';
import { defineTests, type LabContext } from '../../../source/grader/lab-api.ts';
import { loadAssembly, newEnv, plugged } from './plug.ts';

const PAGE = 0x10000000;

/** Expects kernel call `name` to end with `error`. */
function expectCall(
  t: LabContext,
  api: EnvApi,
  what: string,
  error: number,
  name: string,
  ...args: (number | Capability)[]
) {
  const got = api.call(name, ...args);
  t.equal(describeError(got.error), describeError(error), what);
  return got;
}

function frame(t: LabContext, api: EnvApi): Capability {
  const got = api.call('frame_alloc');
  t.ok(
    got.error === E_OK && got.cap !== undefined,
    'frame_alloc works',
    'E_OK',
    describeError(got.error),
  );
  return got.cap!;
}

function narrowed(api: EnvApi, cap: Capability, rights: number): Capability {
  const got = api.call('cap_narrow', cap, rights);
  if (got.cap === undefined) throw new Error('cap_narrow failed');
  return got.cap;
}

// Touches PAGES pages twice (store, load back, compare); exits 0 if every load matched.
const PAGES = 100;
const TOUCH = `
main:   li    $s0, ${PAGE}
        li    $t9, 2
pass:   li    $t0, 0
loop:   sll   $t1, $t0, 12
        addu  $t1, $t1, $s0
        addu  $t3, $t0, $t9
        sw    $t3, 0($t1)
        lw    $t2, 0($t1)
        bne   $t2, $t3, bad
        addiu $t0, $t0, 1
        blt   $t0, ${PAGES}, loop
        addiu $t9, $t9, -1
        bgtz  $t9, pass
        li    $a0, 0
        li    $v0, 0x101
        syscall
bad:    li    $a0, 1
        li    $v0, 0x101
        syscall
`;

export const tests = defineTests([
  {
    name: 'valid-binding-installs',
    title: 'a frame capability with the rights needed installs the binding',
    run(t) {
      const { kernel } = plugged(t, { check: true, stlb: false });
      const { env, api } = newEnv(kernel, 'a');
      const cap = frame(t, api);
      expectCall(t, api, 'bind writable with a full capability', E_OK, 'bind', PAGE, cap, 1);
      t.equal(env.bindings.get(PAGE >>> 12)! >>> 12, cap.index, 'the frame the page is bound to');
      const read = narrowed(api, cap, 1);
      expectCall(
        t,
        api,
        'bind read-only with a READ capability',
        E_OK,
        'bind',
        PAGE + 0x1000,
        read,
        0,
      );
      expectCall(t, api, 'frame_free with a full capability', E_OK, 'frame_free', cap);
    },
  },
  {
    name: 'forged-capabilities-refused',
    title: 'altered, made-up and wrong-kind capabilities are refused with E_BADCAP',
    run(t) {
      const { kernel } = plugged(t, { check: true, stlb: false });
      const { env, api } = newEnv(kernel, 'a');
      const cap = frame(t, api);
      const other = frame(t, api);
      const read = narrowed(api, cap, 1);
      expectCall(
        t,
        api,
        'bind with the index changed to another frame',
        E_BADCAP,
        'bind',
        PAGE,
        { ...cap, index: other.index },
        0,
      );
      expectCall(
        t,
        api,
        'bind writable with a READ capability whose rights were raised to 7',
        E_BADCAP,
        'bind',
        PAGE,
        { ...read, rights: 7 },
        1,
      );
      expectCall(
        t,
        api,
        'bind with a capability whose MAC was altered',
        E_BADCAP,
        'bind',
        PAGE,
        { ...cap, macLo: (cap.macLo ^ 1) >>> 0 },
        0,
      );
      expectCall(
        t,
        api,
        'bind with an all-zero capability',
        E_BADCAP,
        'bind',
        PAGE,
        { kind: 'frame', index: 0, rights: 7, epoch: 0, macHi: 0, macLo: 0 },
        0,
      );
      const block = api.call('block_alloc');
      t.ok(block.cap !== undefined, 'block_alloc works');
      expectCall(
        t,
        api,
        'bind with a genuine disk-block capability (kind "block", not "frame")',
        E_BADCAP,
        'bind',
        PAGE,
        block.cap!,
        0,
      );
      t.equal(env.bindings.size, 0, 'bindings installed by refused calls');
    },
  },
  {
    name: 'stale-capabilities-refused',
    title: 'a capability for a frame freed (or freed and handed to someone else) is E_STALE',
    run(t) {
      const { kernel } = plugged(t, { check: true, stlb: false });
      const a = newEnv(kernel, 'a');
      const b = newEnv(kernel, 'b');
      const cap = frame(t, a.api);
      const copy = narrowed(a.api, cap, 3);
      expectCall(t, a.api, 'frame_free', E_OK, 'frame_free', cap);
      expectCall(
        t,
        a.api,
        'bind with the capability of the frame just freed',
        E_STALE,
        'bind',
        PAGE,
        cap,
        0,
      );
      expectCall(t, a.api, 'frame_free again with the same capability', E_STALE, 'frame_free', cap);
      const again = frame(t, b.api);
      t.equal(again.index, cap.index, 'the frame env b was given (the lowest free one)');
      expectCall(
        t,
        a.api,
        'bind with a narrowed copy of the old capability, now that b owns the frame',
        E_STALE,
        'bind',
        PAGE,
        copy,
        0,
      );
      expectCall(t, b.api, "bind with b's own new capability", E_OK, 'bind', PAGE, again, 1);
    },
  },
  {
    name: 'too-wide-rights-refused',
    title: 'a genuine, current capability without the rights the call needs is E_RIGHTS',
    run(t) {
      const { kernel } = plugged(t, { check: true, stlb: false });
      const { api } = newEnv(kernel, 'a');
      const cap = frame(t, api);
      expectCall(
        t,
        api,
        'bind writable with a READ capability',
        E_RIGHTS,
        'bind',
        PAGE,
        narrowed(api, cap, 1),
        1,
      );
      expectCall(
        t,
        api,
        'bind read-only with a WRITE-only capability',
        E_RIGHTS,
        'bind',
        PAGE,
        narrowed(api, cap, 2),
        0,
      );
      expectCall(
        t,
        api,
        'frame_free with READ|WRITE but no GRANT',
        E_RIGHTS,
        'frame_free',
        narrowed(api, cap, 3),
      );
      expectCall(
        t,
        api,
        'bind writable with READ|WRITE',
        E_OK,
        'bind',
        PAGE,
        narrowed(api, cap, 3),
        1,
      );
    },
  },
  {
    name: 'checks-in-order',
    title: 'forged before stale before rights: each capability gets the first error that applies',
    run(t) {
      const { kernel } = plugged(t, { check: true, stlb: false });
      const { api } = newEnv(kernel, 'a');
      const cap = frame(t, api);
      const read = narrowed(api, cap, 1);
      expectCall(t, api, 'frame_free', E_OK, 'frame_free', cap);
      expectCall(
        t,
        api,
        'bind writable with a stale READ capability (stale, and lacking WRITE)',
        E_STALE,
        'bind',
        PAGE,
        read,
        1,
      );
      expectCall(
        t,
        api,
        'bind with a stale capability whose rights were raised (forged, and stale)',
        E_BADCAP,
        'bind',
        PAGE,
        { ...read, rights: 3 },
        1,
      );
    },
  },
  {
    name: 'stlb-hit-avoids-upcall',
    title: `${PAGES} pages touched twice: the second pass refills from the STLB, not the page-fault handler`,
    run(t) {
      const { kernel, stlb } = plugged(t);
      const { env } = newEnv(kernel, 'touch');
      let upcalls = 0;
      // A minimal library OS: its page table, rebinding what it has, zero pages for the data.
      const pages = loadAssembly(kernel, env, TOUCH);
      env.libos = {
        pageFault(api, vaddr) {
          upcalls++;
          const page = vaddr & ~0xfff;
          let cap = pages.get(page);
          if (cap === undefined && page >= PAGE && page < PAGE + PAGES * 0x1000) {
            cap = api.call('frame_alloc').cap;
            if (cap) pages.set(page, cap);
          }
          if (cap) api.call('bind', page, cap, 1);
        },
      };
      kernel.switchTo(env);
      kernel.run(t.limits.cycles);
      t.equal(env.state, 'exited', 'the program ran to its end');
      t.equal(env.exitCode, 0, 'exit code (1: a load saw another value than the store wrote)');
      t.ok(
        stlb.hits >= PAGES / 2,
        'STLB hits on the second pass',
        `at least ${PAGES / 2}`,
        stlb.hits,
      );
      t.ok(
        upcalls <= PAGES + PAGES / 10,
        'page-fault upcalls',
        `about ${PAGES} (one per page)`,
        upcalls,
      );
    },
  },
  {
    name: 'stlb-keeps-environments-apart',
    title: 'two environments binding the same address each get their own frame from the STLB',
    run(t) {
      const { kernel, stlb } = plugged(t);
      const a = newEnv(kernel, 'a');
      const b = newEnv(kernel, 'b');
      const fa = frame(t, a.api);
      const fb = frame(t, b.api);
      a.api.call('bind', PAGE, fa, 1);
      b.api.call('bind', PAGE, fb, 0);
      a.api.call('bind', PAGE + 0x1000, fb, 0);
      const vpn = PAGE >>> 12;
      t.equal(stlb.probe(a.env.asid, vpn) >>> 12, fa.index, "the frame the STLB gives a's page");
      t.equal(stlb.probe(b.env.asid, vpn) >>> 12, fb.index, "the frame the STLB gives b's page");
      t.equal(stlb.probe(a.env.asid, vpn) & 0x600, 0x600, "a's page is writable (D|V in EntryLo)");
      t.equal(stlb.probe(b.env.asid, vpn) & 0x600, 0x200, "b's page is read-only (V only)");
      t.equal(stlb.probe(a.env.asid, vpn + 2), 0, 'a page nobody bound');
      a.api.call('unbind', PAGE);
      t.equal(stlb.probe(a.env.asid, vpn), 0, "a's page after unbind");
      t.equal(stlb.probe(b.env.asid, vpn) >>> 12, fb.index, "b's page after a's unbind");
    },
  },
  {
    name: 'revoked-frame-leaves-stlb',
    title: 'a frame revoked (the abort protocol) or freed leaves no STLB entry in any environment',
    run(t) {
      const { kernel, stlb } = plugged(t);
      const a = newEnv(kernel, 'a');
      const b = newEnv(kernel, 'b');
      const f = frame(t, a.api);
      const keep = frame(t, a.api);
      a.api.call('bind', PAGE, f, 1);
      a.api.call('bind', PAGE + 0x1000, f, 0);
      b.api.call('bind', PAGE + 0x5000, narrowed(a.api, f, 1), 0);
      a.api.call('bind', PAGE + 0x2000, keep, 1);
      const vpn = PAGE >>> 12;
      t.ok(
        stlb.probe(a.env.asid, vpn) >>> 12 === f.index,
        'before the revocation the STLB holds the binding',
        f.index,
        stlb.probe(a.env.asid, vpn) >>> 12,
      );
      // No revoke hook: the kernel aborts at once and repossesses the frame.
      const revoked = kernel.revoke(a.env, { frame: f.index, deadlineUs: 50 });
      t.equal(revoked.revocation?.outcome, 'aborted', 'the revocation (a has no handler)');
      for (const [env, v] of [
        [a.env, vpn],
        [a.env, vpn + 1],
        [b.env, vpn + 5],
      ] as const) {
        t.equal(
          stlb.probe(env.asid, v),
          0,
          `STLB entry of env ${env.name} page 0x${(v << 12).toString(16)} after frame ${f.index} was revoked`,
        );
      }
      t.equal(
        stlb.probe(a.env.asid, vpn + 2) >>> 12,
        keep.index,
        'the entry of a frame that was not revoked',
      );
      // The student's removeFrame on its own: three entries of one frame, one of another.
      const s = stlb.student;
      s.insert(7, 0x100, (300 << 12) | 0x200);
      s.insert(8, 0x100, (300 << 12) | 0x600);
      s.insert(7, 0x2345, (300 << 12) | 0x200);
      s.insert(7, 0x101, (301 << 12) | 0x200);
      t.equal(s.removeFrame(300), 3, 'removeFrame(300) returns how many entries it dropped');
      t.equal(
        [s.lookup(7, 0x100), s.lookup(8, 0x100), s.lookup(7, 0x2345)],
        [0, 0, 0],
        'lookups of frame 300 after removeFrame(300)',
      );
      t.equal(s.lookup(7, 0x101) >>> 12, 301, 'the entry of frame 301');
    },
  },
  {
    name: 'ended-environment-leaves-stlb',
    title: "an environment that ends leaves no STLB entry behind; the others' stay",
    run(t) {
      const { kernel, stlb } = plugged(t);
      const a = newEnv(kernel, 'a');
      const b = newEnv(kernel, 'b');
      a.api.call('bind', PAGE, frame(t, a.api), 1);
      const fb = frame(t, b.api);
      b.api.call('bind', PAGE, fb, 1);
      const vpn = PAGE >>> 12;
      t.ok(
        stlb.probe(a.env.asid, vpn) !== 0,
        "before a ends the STLB holds a's binding",
        'an entry',
        0,
      );
      kernel.endEnv(a.env, 'exited', 'test');
      // Removing a's bindings one by one would also do; removeAsid must too, on its own.
      stlb.student.insert(a.env.asid, vpn + 9, (400 << 12) | 0x200);
      stlb.student.removeAsid(a.env.asid);
      t.equal(stlb.probe(a.env.asid, vpn), 0, "a's entry after a ended");
      t.equal(stlb.probe(a.env.asid, vpn + 9), 0, "a's other entry after removeAsid");
      t.equal(stlb.probe(b.env.asid, vpn) >>> 12, fb.index, "b's entry after a ended");
    },
  },
]);
