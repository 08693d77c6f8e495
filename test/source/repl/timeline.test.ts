// `back`, `save` and `restore` (source/repl/commands/timeline.ts, journal.ts, session-file.ts):
// the session's journal replayed on a fresh kernel gives back exactly the state it had, compared
// over the machine snapshot and every object the kernel reaches.
import { describe, expect, test } from 'vitest';
import { saveSnapshot, snapshotMeta } from '../../../machine/snapshot.ts';
import { Session } from '../../../source/repl/index.ts';
import { readFromFolders } from '../../../source/tui/boot.ts';
import { fullState } from './full-state.ts';

const files = new Map<string, Uint8Array>();

function session(): Session {
  return new Session({
    memoryBytes: 4 << 20,
    readFile: (name) => files.get(name) ?? readFromFolders(name),
    writeFile: (name, bytes) => files.set(name, bytes),
  });
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

const LOAD = 'load demo examples/touch-twice.s';

/** A session in which `lines` were run after loading the demo. */
function sessionAfter(...lines: string[]): Session {
  const s = session();
  ok(s, LOAD, ...lines);
  return s;
}

describe('back', () => {
  test('`step 10` then `back 3` is exactly `step 7`: machine, kernel and session', () => {
    const s = sessionAfter('step 10');
    expect(s.steps).toBe(10);
    const out = ok(s, 'back 3');
    expect(out.lines[0]).toMatch(/^back 3 steps: now at step 7 \(replayed 2 lines in \d+ ms\)$/);
    expect(out.lines[1]).toMatch(/^pc 0x[0-9a-f]{8}: /);
    expect(fullState(s)).toBe(fullState(sessionAfter('step 7')));
    // The comparison can fail: a step more, or a kernel call, shows.
    expect(fullState(s)).not.toBe(fullState(sessionAfter('step 8')));
    expect(fullState(s)).not.toBe(fullState(sessionAfter('step 7', 'frame_alloc')));
  });

  test('going back over several lines and kernel calls lands on the same state', () => {
    const s = sessionAfter('step 5', 'frame_alloc', 'step 4', 'step 6');
    ok(s, 'back 8');
    // Step 7 lies inside `step 4` (steps 5…9): the frame_alloc before it stays.
    expect(fullState(s)).toBe(fullState(sessionAfter('step 5', 'frame_alloc', 'step 2')));
    ok(s, 'back 1');
    expect(fullState(s)).toBe(fullState(sessionAfter('step 5', 'frame_alloc', 'step 1')));
  });

  test('back inside a run lands where stepping to that count does', () => {
    const s = sessionAfter('load c examples/count.s', 'run 30000');
    const end = s.steps;
    ok(s, 'back 1000');
    expect(s.steps).toBe(end - 1000);
    // The reference steps there one `step` at a time (at most 10000 a line).
    const ref = sessionAfter('load c examples/count.s');
    while (ref.steps < end - 1000) ok(ref, `step ${Math.min(10000, end - 1000 - ref.steps)}`);
    expect(ref.steps).toBe(end - 1000);
    expect(fullState(s, true)).toBe(fullState(ref, true));
  });

  test('after back, stepping forward again gives the state stepping gave', () => {
    const s = sessionAfter('step 40');
    const at40 = fullState(s);
    ok(s, 'back 15', 'step 15');
    expect(fullState(s)).toBe(at40);
  });

  test('a run stopped part way (Ctrl-C in the shell) is journaled as the cycles it ran', () => {
    const s = sessionAfter('load c examples/count.s');
    const job = s.startRun('run 1000000');
    for (let i = 0; i < 3; i++) job?.advance(4096);
    job?.finish(true);
    expect(s.journal.at(-1)?.line).toBe(`run ${job?.cycles}`);
    const state = fullState(s, true);
    s.replay(s.journal);
    expect(fullState(s, true)).toBe(state);
  });

  test('N beyond the steps taken, or 0, is a clear error and changes nothing', () => {
    const s = sessionAfter('step 4');
    const before = fullState(s);
    expect(s.execute('back 5').error).toBe('back: N `5` is more than the 4 steps taken since boot');
    expect(s.execute('back 0').error).toBe('back: N must be at least 1; form: back [N]');
    expect(fullState(s)).toBe(before);
  });

  test('a session given its kernel cannot go back', () => {
    const given = new Session({ kernel: sessionAfter().kernel });
    expect(given.execute('back').error).toMatch(/^back: this session drives a kernel it was given/);
  });
});

describe('save and restore', () => {
  test('restore rebuilds the saved session exactly, even if the program file changed', () => {
    const s = sessionAfter('step 30', 'frame_alloc', 'run 5000', 'back 7');
    expect(s.unsavedChanges).toBeGreaterThan(0);
    const saved = ok(s, 'save t.state');
    // `back 7` stopped `run 5000` part way: four lines to replay.
    expect(saved.lines[0]).toMatch(/^saved to t\.state: step \d+, cycle \d+, 4 lines to replay/);
    expect(s.unsavedChanges).toBe(0);
    const state = fullState(s);

    const fresh = new Session({
      memoryBytes: 4 << 20,
      // The journal holds the program's bytes: the disk is not read again.
      readFile: (name) => {
        const bytes = files.get(name);
        if (!bytes) throw new Error(`unexpected read of ${name}`);
        return bytes;
      },
    });
    const restored = ok(fresh, 'restore t.state');
    expect(restored.lines).toEqual([
      expect.stringMatching(/^restored t\.state: step \d+, cycle \d+, 4 lines replayed$/),
      'the machine is identical to the one saved',
    ]);
    expect(fullState(fresh)).toBe(state);
  });

  test('a doctored file whose journal saves or restores does neither when replayed', () => {
    const s = sessionAfter('step 2');
    ok(s, 'save good.state');
    const read = snapshotMeta(files.get('good.state') as Uint8Array);
    if (typeof read === 'string') throw new Error(read);
    const meta = read.meta as { journal: { line: string; files: unknown[] }[] };
    meta.journal.push(
      { line: 'save evil.state', files: [] },
      { line: 'restore good.state', files: [] },
    );
    files.set('doctored.state', saveSnapshot(s.kernel.machine, meta));
    const fresh = session();
    ok(fresh, 'restore doctored.state');
    expect(files.has('evil.state')).toBe(false);
    expect(fresh.steps).toBe(2);
  });

  test('a bare-machine state file and a text file are refused with what to do', () => {
    const s = session();
    files.set('bare.state', new TextEncoder().encode('EXOSNAP1'));
    expect(s.execute('restore bare.state').error).toMatch(/^restore: cannot restore `bare.state`:/);
    expect(s.execute('restore nothing.state').error).toMatch(/no such file/);
  });
});
