// A Session of the command language: kernel calls on behalf of the chosen environment with
// the kernel's own checks, stored capabilities, errors that name the bad argument and show the
// form, and `!` lines that must fail.
import { describe, expect, test } from 'vitest';
import { CALLS } from '../../../kernel/exo/calls.ts';
import { formOf, Session } from '../../../source/repl/index.ts';

function session(): Session {
  return new Session({ memoryBytes: 4 << 20 });
}

/** Runs each line; every one must succeed. Returns the last outcome. */
function ok(s: Session, ...lines: string[]) {
  let last = s.execute('');
  for (const line of lines) {
    last = s.execute(line);
    if (!last.ok) throw new Error(`\`${line}\` failed: ${last.error}`);
  }
  return last;
}

describe('kernel calls', () => {
  test('every call in the kernel table is a command with its arguments in order', () => {
    const s = session();
    for (const call of CALLS) {
      const command = s.registry.get(call.name);
      expect(command, call.name).toBeDefined();
      const inputs = call.args.filter((a) => a.kind !== 'capOut').map((a) => a.name.toUpperCase());
      expect(command?.args.map((a) => a.name)).toEqual(inputs);
    }
  });

  test('frame_alloc prints and stores the capability; bind uses it', () => {
    const s = session();
    ok(s, 'env new alice');
    const alloc = ok(s, 'frame_alloc');
    expect(alloc.lines[0]).toMatch(/^= \d+$/);
    expect(alloc.lines[1]).toMatch(/^\$c1 = cap:frame:\d+:rwg:e0:[0-9a-f]{16}$/);
    expect(s.caps.has('$c1')).toBe(true);
    expect(ok(s, 'bind 0x20000000 $c1 1').lines).toEqual(['ok']);
    expect(s.env?.bindings.has(0x20000)).toBe(true);
  });

  test('a forged capability typed as a literal is refused with E_BADCAP and changes nothing', () => {
    const s = session();
    ok(s, 'env new mallory');
    const forged = s.execute('bind 0x20000000 cap:frame:300:rwg:e0:0123456789abcdef 1');
    expect(forged.ok).toBe(false);
    expect(forged.error).toBe(
      'bind: E_BADCAP (bad capability (forged, malformed or no such resource))',
    );
    expect(s.env?.bindings.size).toBe(0);
  });

  test('a genuine capability with its rights edited is forged too', () => {
    const s = session();
    ok(s, 'env new alice', 'frame_alloc', 'cap_narrow $c1 r');
    const narrowed = s.execute('caps').lines[1].split(/\s+/)[1];
    expect(narrowed).toMatch(/^cap:frame:\d+:r:/);
    const widened = narrowed.replace(':r:', ':rw:');
    expect(s.execute(`bind 0x20000000 ${widened} 1`).error).toMatch(/^bind: E_BADCAP/);
    expect(s.execute('bind 0x20000000 $c2 1').error).toBe(
      'bind: E_RIGHTS (capability lacks the rights needed)',
    );
    ok(s, 'bind 0x20000000 $c2 0');
  });

  test('rights may be typed as letters or as a number', () => {
    const s = session();
    ok(
      s,
      'env new alice',
      'frame_alloc',
      'cap_narrow $c1 rw',
      'cap_narrow $c1 3',
      'cap_narrow $c2 -',
    );
    const listing = ok(s, 'caps').lines;
    expect(listing[1].split(/\s+/)[1]).toMatch(/^cap:frame:\d+:rw:/);
    expect(listing[2].split(/\s+/)[1]).toBe(listing[1].split(/\s+/)[1]);
    expect(listing[3].split(/\s+/)[1]).toMatch(/^cap:frame:\d+:-:/);
  });

  test('a freed frame leaves its capabilities stale', () => {
    const s = session();
    ok(s, 'env new alice', 'frame_alloc', 'frame_free $c1');
    expect(s.execute('bind 0x20000000 $c1 0').error).toMatch(/^bind: E_STALE/);
    expect(s.execute('caps').lines[0]).toContain('STALE');
  });

  test('kernel calls need a live environment to act for', () => {
    const s = session();
    expect(s.execute('frame_alloc').error).toBe(
      'frame_alloc: no environment chosen: create one with `env new NAME`',
    );
    ok(s, 'env new alice', 'env_exit 3');
    expect(s.execute('env_self').error).toMatch(/env 1 \(alice\) has exited|environment 1/);
  });
});

describe('errors name the argument and show the form', () => {
  const s = session();
  ok(s, 'env new alice', 'frame_alloc');

  test('a bad number', () => {
    expect(s.execute('bind 0xzz $c1 1').error).toBe(
      'bind: `0xzz` is not an address; form: bind VADDR CAP WRITABLE',
    );
    expect(s.execute('bind 0x20000000 $c1 yes').error).toBe(
      'bind: `yes` is not a 32-bit number; form: bind VADDR CAP WRITABLE',
    );
    expect(s.execute('bind 0x1ffffffff $c1 1').error).toContain('`0x1ffffffff` is not an address');
    expect(s.execute('run -5').error).toContain('`-5` is not a whole number');
    expect(s.execute('cap_narrow $c1 wr').error).toContain('`wr` is not rights');
  });

  test('missing and extra arguments', () => {
    expect(s.execute('bind 0x20000000').error).toBe(
      'bind: missing CAP; form: bind VADDR CAP WRITABLE',
    );
    expect(s.execute('env_self 4').error).toBe('env_self: unexpected argument `4`; form: env_self');
  });

  test('capabilities: unknown variables and malformed literals', () => {
    expect(s.execute('frame_free $c9').error).toBe(
      'frame_free: `$c9` is not a stored capability (`caps` lists them); form: frame_free CAP',
    );
    expect(s.execute('frame_free cap:frame:x:rw:e0:00').error).toContain('index `x`');
    expect(s.execute('frame_free 42').error).toContain('`42` is not a capability');
  });

  test('an unknown command suggests the closest name', () => {
    expect(s.execute('frme_alloc').error).toBe(
      'unknown command `frme_alloc`; did you mean `frame_alloc`? (`help` lists every command)',
    );
    expect(s.execute('xyzzy').error).toBe('unknown command `xyzzy` (`help` lists every command)');
  });

  test('unknown flags and environments', () => {
    expect(s.execute('mem -q 0').error).toBe('mem: unknown flag `-q`; form: mem [-p] ADDR [LEN]');
    expect(s.execute('as bob').error).toBe(
      'as: `bob` is no environment (`envs` lists them); form: as ENV',
    );
  });

  test('an unterminated string names its column', () => {
    expect(s.execute('load alice "x.s').error).toBe(
      'column 12: unterminated string (opened with ")',
    );
  });
});

describe('expect-fail', () => {
  test('`!` and `expect-fail` succeed when the command is refused', () => {
    const s = session();
    ok(s, 'env new alice');
    for (const line of [
      '! frame_free cap:frame:300:rw:e0:0000000000000000',
      '!bind 0xzz $c1 1',
      'expect-fail env_self 3',
    ]) {
      const outcome = s.execute(line);
      expect(outcome.ok, line).toBe(true);
      expect(outcome.expectFail).toBe(true);
      expect(outcome.error).toBeDefined();
    }
  });

  test('they fail when the command succeeds, and never excuse an unknown command', () => {
    const s = session();
    ok(s, 'env new alice');
    expect(s.execute('! env_self')).toMatchObject({
      ok: false,
      error: '`env_self` was expected to fail but succeeded',
    });
    expect(s.execute('! frme_alloc').ok).toBe(false);
    expect(s.execute('!').ok).toBe(false);
  });
});

describe('help', () => {
  test('lists every command with its form and an example', () => {
    const s = session();
    const text = s.execute('help').lines.join('\n');
    for (const command of s.registry.all()) {
      expect(text).toContain(formOf(command));
      expect(text).toContain(`e.g. ${command.example}`);
    }
  });

  test('help CMD shows one command; a typo gets a suggestion', () => {
    const s = session();
    expect(s.execute('help bind').lines[0]).toBe('bind VADDR CAP WRITABLE');
    expect(s.execute('help mem').lines.join('\n')).toContain('-p  ADDR is a physical address');
    expect(s.execute('help bnd').error).toBe('help: no command `bnd`; did you mean `bind`?');
  });

  test('every example parses: it names a command and its arguments are well-formed', () => {
    const s = session();
    ok(s, 'env new alice', 'frame_alloc', 'frame_alloc', 'frame_alloc', 'frame_alloc');
    for (const command of s.registry.all()) {
      const outcome = s.execute(command.example);
      expect(outcome.error ?? '', command.example).not.toMatch(/form:|unknown command/);
    }
  });
});

describe('environments and inspection', () => {
  test('env new chooses the new environment; as switches; envs lists them', () => {
    const s = session();
    ok(s, 'env new alice', 'env new bob');
    expect(s.prompt()).toBe('bob> ');
    ok(s, 'as alice');
    expect(s.prompt()).toBe('alice> ');
    ok(s, 'as 2');
    expect(s.env?.name).toBe('bob');
    const listing = ok(s, 'envs').lines;
    expect(listing[0]).toMatch(/id\s+name\s+state/);
    expect(listing[2]).toMatch(/^\*\s+2\s+bob/);
    expect(s.execute('env new bob').error).toContain('already has the name `bob`');
    expect(s.execute('env new 7up').error).toContain('`7up` is not a name');
  });

  test('mem shows bytes through the bindings, `--` where nothing is bound, -p physical', () => {
    const s = session();
    ok(s, 'env new alice', 'frame_alloc', 'bind 0x20000000 $c1 1');
    const frame = Number(ok(s, 'caps').lines[0].split(':')[2]);
    s.kernel.machine.memory.u8.set([0x41, 0x42], frame * 4096);
    expect(ok(s, 'mem 0x20000000 4').lines[0]).toBe(
      '0x20000000  41 42 00 00                                      |AB..|',
    );
    expect(ok(s, 'mem 0x1ffffffe 4').lines[0]).toContain('-- -- 41 42');
    expect(ok(s, `mem -p ${frame * 4096} 2`).lines[0]).toContain('41 42');
  });

  test('log, frames, tlb, stlb and regs answer without changing anything', () => {
    const s = session();
    ok(s, 'env new alice', 'frame_alloc', 'bind 0x20000000 $c1 1');
    const cycles = s.kernel.cycles;
    expect(ok(s, 'log 1 bind').lines[0]).toMatch(/bind\s+0x20000000 -> frame \d+ rw/);
    expect(ok(s, 'frames alice').lines.join('\n')).toMatch(/0x20000000\s+\d+\s+rw\s+itself/);
    expect(ok(s, 'tlb').lines.at(-1)).toBe('0 of 64 entries valid (tlb -a shows all 64)');
    expect(ok(s, 'tlb -a').lines).toHaveLength(66);
    expect(ok(s, 'stlb').lines[0]).toBe('1 of 4096 entries used; 0 hits, 0 misses; no probes yet');
    expect(ok(s, 'regs').lines).toHaveLength(9);
    expect(s.kernel.cycles).toBe(cycles);
  });
});

describe('execution', () => {
  const PROGRAM = `
        .text
main:   li    $t0, 5
loop:   addiu $t0, $t0, -1
        bnez  $t0, loop
        li    $a0, 42
        li    $v0, 1          # print_int
        syscall
done:   li    $v0, 10         # exit
        syscall
`;
  function withProgram(): Session {
    return new Session({
      memoryBytes: 4 << 20,
      readFile: (name) => {
        if (name !== 'count.s') throw new Error(`unexpected file ${name}`);
        return new TextEncoder().encode(PROGRAM);
      },
    });
  }

  test('load, break at a label, run, step, continue to the exit', () => {
    const s = withProgram();
    expect(ok(s, 'load counter count.s').lines[0]).toMatch(
      /^loaded count.s into env 1 \(counter, asid 1\) under ExOS; entry 0x[0-9a-f]{8}; acting as counter$/,
    );
    expect(s.prompt()).toBe('counter> ');
    ok(s, 'break done');
    const stopped = ok(s, 'run');
    expect(stopped.lines).toContain('console: 42');
    expect(stopped.lines.join('\n')).toMatch(
      /stopped after \d+ cycles: breakpoint at 0x[0-9a-f]{8}/,
    );
    expect(stopped.data).toMatchObject({ reason: 'breakpoint' });
    expect(ok(s, 'regs').lines[0]).toContain(
      `pc 0x${s.symbols.get('done')?.toString(16).padStart(8, '0')}`,
    );
    expect(ok(s, 'break').lines).toHaveLength(1);
    ok(s, 'break -d done');
    const ended = ok(s, 'continue');
    expect(ended.lines).toContain('env 1 (counter, asid 1) exited with code 0');
    expect(s.execute('step').error).toMatch(/has exited/);
  });

  test('step executes instructions one at a time and shows the next', () => {
    const s = withProgram();
    ok(s, 'load counter count.s', 'break main', 'run', 'break -d main');
    const stepped = ok(s, 'step 2');
    expect(stepped.lines.at(-1)).toMatch(/^pc 0x[0-9a-f]{8}: bnez/);
  });

  test('load refuses a name in use and reports a missing file', () => {
    const s = withProgram();
    ok(s, 'env new alice');
    expect(s.execute('load alice count.s').error).toContain('already has the name `alice`');
    expect(s.execute('load 7 count.s').error).toContain('`7` is not a name');
    const none = session();
    expect(none.execute('load bob x.s').error).toBe(
      'load: cannot read `x.s`: this session has no files',
    );
  });
});

describe('the kernel revokes', () => {
  test('an environment with no library OS is aborted; its vector names the frames', () => {
    const s = session();
    ok(s, 'env new bob', 'frame_alloc', 'frame_alloc', 'bind 0x20000000 $c1 1');
    const revoked = ok(s, 'revoke bob 1 50');
    expect(revoked.lines[1]).toMatch(/^aborted/);
    expect(revoked.data).toMatchObject({ outcome: 'aborted', repossessionVector: [257] });
    expect(ok(s, 'repossessed_count').lines).toEqual(['= 1']);
    expect(s.execute('revoke bob 5 50').error).toBe('revoke: E_BUSY (resource busy or guaranteed)');
    expect(s.execute('revoke -f bob 9999 50').error).toBe('revoke: E_INVAL (invalid argument)');
  });
});

describe('expected error codes', () => {
  test('`! E_CODE cmd` passes only when cmd fails with that code', () => {
    const s = session();
    ok(s, 'env new alice', 'frame_alloc', 'cap_narrow $c1 r');
    expect(s.execute('! E_RIGHTS bind 0x20000000 $c2 1')).toMatchObject({ ok: true });
    expect(s.execute('expect-fail E_RIGHTS bind 0x20000000 $c2 1').ok).toBe(true);
    const wrong = s.execute('! E_BADCAP bind 0x20000000 $c2 1');
    expect(wrong.ok).toBe(false);
    expect(wrong.error).toBe(
      'bind: E_RIGHTS (capability lacks the rights needed) (expected E_BADCAP)',
    );
    expect(s.execute('! E_RIGHTS bind 0x20000000 $c1 1').error).toBe(
      '`bind` was expected to fail but succeeded',
    );
  });
});

describe('packet filters and the network', () => {
  test('filter-write assembles into the environment; filter_install verifies it', () => {
    const s = session();
    ok(s, 'env new rx', 'frame_alloc', 'bind 0x20000000 $c1 1');
    const written = ok(s, 'filter-write 0x20000000 "ldh [12]; jeq #0x0800, accept, reject"');
    expect(written.lines.at(-1)).toBe(
      '8 words at 0x20000000: filter_install 0x20000000 8 MIN_LENGTH',
    );
    expect(ok(s, 'filter_install 0x20000000 8 14').lines[1]).toMatch(/^\$c2 = cap:filter:/);
    expect(ok(s, 'filters').lines[1]).toMatch(/^1\s+env 1\s+4\s+P\[12\]=0x08 P\[13\]=0x00$/);
    expect(s.execute('filter-write 0x30000000 "ldh [12]; ret"').error).toContain('filter source');
    expect(s.execute('filter-write 0x30000000 "ldh [12]; jeq #1, accept, reject"').error).toBe(
      'filter-write: env 1 has no writable binding for 0x30000000..+32',
    );
    expect(s.execute('filter-write 0x20000000').error).toBe(
      'filter-write: missing SOURCE; form: filter-write ADDR SOURCE…',
    );
  });

  test('packet builds a packet from OFFSET=BYTES and says when it arrives', () => {
    const s = session();
    expect(ok(s, 'packet 64 12=0800 0x17=11').lines[0]).toMatch(
      /^a packet of 64 bytes arrives at cycle \d+; `run` to deliver it$/,
    );
    expect(s.execute('packet 4 3=0800').error).toBe(
      "packet: `3=0800` runs past the packet's 4 bytes; form: packet LEN [OFFSET=BYTES…]",
    );
    expect(s.execute('packet 4 x').error).toContain('`x` is not OFFSET=HEXBYTES');
    expect(s.execute('packet 0').error).toContain('LEN `0` is not 1..1514');
  });
});

describe('slices', () => {
  test('slice_alloc shows the position it got, even 0; slices shows owners', () => {
    const s = session();
    ok(s, 'env new a');
    expect(ok(s, 'slice_alloc -1').lines[0]).toBe('= 0');
    ok(s, 'slice_alloc 3');
    const lines = ok(s, 'slices').lines;
    expect(lines[0]).toMatch(/^16 slices of \d+ cycles/);
    expect(lines.find((l) => l.startsWith('3 '))).toMatch(/^3\s+env 1\s+env 1$/);
    expect(lines.at(-1)).toMatch(/^env 1: owns 0 3;/);
  });
});

describe('caps', () => {
  test('tells, for every kind, whether a capability is still good', () => {
    const s = session();
    ok(s, 'env new a', 'slice_alloc -1', 'block_alloc', 'block_free $c2');
    const lines = ok(s, 'caps').lines;
    expect(lines[0]).toMatch(/^\$c1\s+cap:slice:0:rwg:\S+\s+valid$/);
    expect(lines[1]).toMatch(/^\$c2\s+cap:block:\d+:rwg:\S+\s+STALE/);
  });
});
