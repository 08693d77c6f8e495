/**
 * Lab 5's graded tests: the student's verifier against the kernel's own on hand-picked
 * programs for each fault class, on a generated corpus (seed 5), and in the kernel itself —
 * filters installed through the student's verifier (FilterTable.verifier) claim packets.
 */
import { describeError, E_INVAL, E_OK } from '../../../kernel/exo/errors.ts';
import { type Insn, MAX_INSNS, OP } from '../../../kernel/filter/index.ts';
import { defineTests, type LabContext } from '../../../source/grader/lab-api.ts';
import { asm, type Case, caseOf, generateCorpus, SAFE, safeCases } from './corpus.ts';
import { expectVerdict, kernelWithVerifier, studentVerify } from './plug.ts';

/** Every case through expectVerdict. */
function all(t: LabContext, cases: Case[]): void {
  const verify = studentVerify(t);
  for (const c of cases) expectVerdict(t, verify, c);
}

const insn = (op: number, k = 0, jt = 0, jf = 0): Insn => ({ op, k, jt, jf });
const ACCEPT = insn(OP.ACCEPT);

/** A packet of `length` bytes: an IPv4/UDP frame to port 7 where it is long enough. */
function packet(length: number, port = 7): Uint8Array {
  const p = new Uint8Array(Math.max(length, 64));
  p.set([0x08, 0x00, 0x45], 12);
  p[23] = 17;
  p[36] = port >> 8;
  p[37] = port & 0xff;
  return p.slice(0, length);
}

export const tests = defineTests([
  {
    name: 'safe-filters-accepted',
    title: 'the filters programs really download are accepted, with their proven loads',
    run: (t) => all(t, safeCases()),
  },
  {
    name: 'unknown-opcodes-refused',
    title: 'an opcode the kernel does not know is refused, wherever it is',
    run(t) {
      const bad = [0x00, 0x1a, 0x2f, 0x39, 0x42, 0xff, 0x100, -1, 2.5, Number.NaN];
      all(t, [
        ...bad.map((op) => caseOf(`opcode ${op} first`, [insn(op), ACCEPT])),
        caseOf('opcode 0x2b in the middle', [insn(OP.LD_IMM, 1), insn(0x2b), insn(OP.TAX), ACCEPT]),
        caseOf('opcode 0x42 as the last instruction', [insn(OP.LD_IMM, 1), insn(0x42)]),
      ]);
    },
  },
  {
    name: 'bad-constants-refused',
    title: 'a constant that is not a 32-bit unsigned integer is refused',
    run(t) {
      const bad = [-1, 2 ** 32, 0.5, Number.NaN, Number.POSITIVE_INFINITY];
      all(t, [
        ...bad.map((k) => caseOf(`ld #${k}`, [insn(OP.LD_IMM, k), ACCEPT])),
        caseOf('ld #0xffffffff (the largest constant, fine)', [
          insn(OP.LD_IMM, 0xffffffff),
          ACCEPT,
        ]),
      ]);
    },
  },
  {
    name: 'program-length',
    title: `programs of 1..${MAX_INSNS} instructions only`,
    run(t) {
      const taxes = (n: number) => [...Array.from({ length: n - 1 }, () => insn(OP.TAX)), ACCEPT];
      all(t, [
        caseOf('the empty program', []),
        caseOf('accept alone', [ACCEPT]),
        caseOf(`${MAX_INSNS} instructions`, taxes(MAX_INSNS)),
        caseOf(`${MAX_INSNS + 1} instructions`, taxes(MAX_INSNS + 1)),
        caseOf('10000 instructions', taxes(10000)),
      ]);
    },
  },
  {
    name: 'backward-jumps-refused',
    title: 'a jump to itself or backwards (a loop the kernel would run forever) is refused',
    run(t) {
      all(t, [
        caseOf('ja to itself', [insn(OP.JA, 0, 0), ACCEPT]),
        caseOf('a two-instruction loop', [insn(OP.TAX), insn(OP.JA, 0, 0), ACCEPT]),
        caseOf('jeq whose false branch goes back', [
          insn(OP.LD_IMM, 1),
          insn(OP.JEQ_K, 1, 2, 0),
          ACCEPT,
        ]),
        caseOf('jgt whose true branch goes back', [insn(OP.TAX), insn(OP.JGT_X, 0, 0, 2), ACCEPT]),
        caseOf('udp filter with a loop at its end', 'ldh [12]; jeq #0x800, ip, reject; ip: ja ip'),
        caseOf('forward jeq, both targets ahead (fine)', [insn(OP.JEQ_K, 1, 1, 2), ACCEPT, ACCEPT]),
      ]);
    },
  },
  {
    name: 'jumps-out-of-range-refused',
    title: 'a jump past the last instruction (or to a target that is not an index) is refused',
    run(t) {
      all(t, [
        caseOf('ja one past the end', [insn(OP.JA, 0, 2), ACCEPT]),
        caseOf('jeq true branch 4095', [insn(OP.JEQ_K, 0, 4095, 1), ACCEPT]),
        caseOf('jset false branch one past the end', [insn(OP.JSET_K, 1, 1, 2), ACCEPT]),
        caseOf('ja to 1.5', [insn(OP.JA, 0, 1.5), ACCEPT, ACCEPT]),
        caseOf('jeq to the last instruction (fine)', [insn(OP.JEQ_K, 0, 2, 1), ACCEPT, ACCEPT]),
      ]);
    },
  },
  {
    name: 'falls-off-end-refused',
    title: 'a program whose last instruction is not accept or reject is refused',
    run(t) {
      all(t, [
        caseOf('ld #1 alone', [insn(OP.LD_IMM, 1)]),
        caseOf('a filter ending in tax', [insn(OP.LDX_LEN), insn(OP.JGT_X, 0, 2, 2), insn(OP.TAX)]),
        caseOf('reject last (fine)', [insn(OP.LD_LEN), insn(OP.REJECT)]),
      ]);
    },
  },
  {
    name: 'scratch-out-of-range-refused',
    title: 'M[k] with k beyond 15 (the kernel memory past the filter scratch) is refused',
    run(t) {
      all(t, [
        ...[OP.LD_MEM, OP.LDX_MEM, OP.ST, OP.STX].flatMap((op) => [
          caseOf(`op 0x${op.toString(16)} M[16]`, [insn(op, 16), ACCEPT]),
          caseOf(`op 0x${op.toString(16)} M[15] (fine)`, [insn(op, 15), ACCEPT]),
        ]),
        caseOf('st M[0xffffffff]', [insn(OP.ST, 0xffffffff), ACCEPT]),
      ]);
    },
  },
  {
    name: 'arithmetic-refused',
    title: 'division or remainder by constant zero and shifts of 32 or more are refused',
    run(t) {
      all(t, [
        caseOf('div #0', 'ld #5; div #0; accept'),
        caseOf('mod #0', 'ld #5; mod #0; accept'),
        caseOf('lsh #32', 'ld #5; lsh #32; accept'),
        caseOf('rsh #0xffffffff', [insn(OP.RSH_K, 0xffffffff), ACCEPT]),
        caseOf('div x (X = 0 rejects when it runs: fine)', 'ld #5; div x; accept'),
        caseOf('lsh #31 and div #1 (fine)', 'ld #5; lsh #31; div #1; accept'),
      ]);
    },
  },
  {
    name: 'proven-loads',
    title: 'exactly the loads inside the minimum length are proven; the kernel trusts that claim',
    run(t) {
      all(t, [
        caseOf('ld [10] with minLength 14 (proven)', 'ld [10]; accept', 14),
        caseOf('ld [11] with minLength 14 (checked at run time)', 'ld [11]; accept', 14),
        caseOf('ldh [12] and ldb [13], minLength 14', 'ldh [12]; ldb [13]; accept', 14),
        caseOf('ldx 4*([14]&0xf), minLength 14', 'ldx 4*([14]&0xf); accept', 14),
        caseOf('ld [x+0] is never proven', 'ld [x+0]; accept', 64),
        caseOf('ld [0xfffffffe], minLength 65535', 'ld [0xfffffffe]; accept', 65535),
      ]);
      // In the kernel: a 14-byte packet must not satisfy a load of bytes 20..23.
      const { kernel, env } = kernelWithVerifier(t);
      const got = kernel.net.installProgram(env, asm('ld [20]; jeq #0, accept, reject'), 14);
      t.equal(
        describeError(got.error),
        describeError(E_OK),
        'filter_install of ld [20] (checked at run time)',
      );
      const r = kernel.net.filters.demux(packet(14));
      t.equal(
        r.match,
        null,
        'a 14-byte packet through a filter loading bytes 20..23 (out of bounds: rejected)',
      );
    },
  },
  {
    name: 'static-bounds',
    title: 'with staticBounds, a constant-offset load past the minimum length is refused',
    run(t) {
      all(t, [
        caseOf('ldh [36], minLength 37, staticBounds', 'ldh [36]; accept', 37, true),
        caseOf('ldh [36], minLength 38, staticBounds (fine)', 'ldh [36]; accept', 38, true),
        caseOf(
          'ldx 4*([14]&0xf), minLength 14, staticBounds',
          'ldx 4*([14]&0xf); accept',
          14,
          true,
        ),
        caseOf(
          'ld [x+100], staticBounds (checked at run time: fine)',
          'ld [x+100]; accept',
          0,
          true,
        ),
      ]);
    },
  },
  {
    name: 'kernel-installs-through-verifier',
    title: 'in the kernel: safe filters install and claim their packets, unsafe ones get E_INVAL',
    run(t) {
      const { kernel, env } = kernelWithVerifier(t);
      const udp = SAFE.find((s) => s.name === 'udp-port')!;
      const got = kernel.net.installProgram(env, asm(udp.text), udp.minLength);
      t.equal(
        describeError(got.error),
        describeError(E_OK),
        'filter_install of the UDP port 7 filter',
      );
      t.equal(
        kernel.net.filters.demux(packet(64)).match?.owner,
        env.id,
        'a UDP packet to port 7: claimed by',
      );
      t.equal(
        kernel.net.filters.demux(packet(64, 9)).match,
        null,
        'a UDP packet to port 9: claimed by',
      );
      const verify = studentVerify(t);
      for (const [what, program] of [
        ['a loop', [insn(OP.JA, 0, 0), ACCEPT]],
        ['M[99]', [insn(OP.ST, 99), ACCEPT]],
      ] as const) {
        // Checked first: an unsafe filter that got in would run inside the kernel.
        expectVerdict(t, verify, caseOf(what, [...program]));
        const refused = kernel.net.installProgram(env, [...program], 0);
        t.equal(describeError(refused.error), describeError(E_INVAL), `filter_install of ${what}`);
      }
    },
  },
  {
    name: 'generated-corpus',
    title: '300 generated programs (seed 5): every safe one accepted, every unsafe one refused',
    run: (t) => all(t, generateCorpus(5, 300)),
  },
]);
